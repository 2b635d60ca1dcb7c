"""First visit, measured as a person lives it: from tapping an invite link in an SMS to a first message
seen by another member. Prints the seconds and the taps, on a good phone and on an old one over slow 3G
(Chromium emulating 4x slower CPU, 400 ms latency, 50 KiB/s down). `make bench` runs it; the numbers go
to docs/PERFORMANCE.md with the machine and the date.
"""

import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "e2e"))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from conftest import House  # noqa: E402

PHONES = {
    "good phone, fast network": dict(viewport={"width": 360, "height": 740}, cpu=1, network=None),
    "old phone, slow 3G": dict(
        viewport={"width": 320, "height": 568}, cpu=4,
        network={"offline": False, "latency": 400, "downloadThroughput": 50 * 1024, "uploadThroughput": 20 * 1024},
    ),
}


def first_visit(browser, house, room, host, phone, name):
    settings = PHONES[phone]
    context = browser.new_context(viewport=settings["viewport"], is_mobile=True, has_touch=True, locale="nb-NO")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": settings["cpu"]})
    if settings["network"]:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", settings["network"])
    link = house.invite(room)[0]
    message = f"Hei, jeg er {name}"
    taps = 0

    started = time.monotonic()
    page.goto(link)  # the tap on the link in the SMS
    taps += 1
    page.get_by_label(re.compile("Jeg lover")).tap()
    taps += 1
    name_field = page.get_by_label("Navnet ditt i gruppa")
    name_field.tap()
    taps += 1
    name_field.type(name)
    page.get_by_role("button", name="Gå inn i rommet").tap()
    taps += 1
    box = page.get_by_label("Skriv til gruppa")
    expect(box).to_be_visible(timeout=60_000)
    expect(page.locator("#send")).to_be_enabled(timeout=60_000)
    box.tap()
    taps += 1
    box.type(message)
    page.get_by_role("button", name="Send", exact=True).tap()
    taps += 1
    expect(host.locator("#log")).to_contain_text(message, timeout=60_000)
    seconds = time.monotonic() - started
    context.close()
    return seconds, taps


def main():
    with tempfile.TemporaryDirectory() as workdir:
        house = House(Path(workdir), log_level="info").start()
        try:
            room, host_link = house.create_room(name="Målegruppa")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
                host = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO").new_page()
                host.goto(host_link)
                host.get_by_label(re.compile("Jeg lover")).check()
                host.get_by_label("Navnet ditt i gruppa").fill("Vert")
                host.get_by_role("button", name="Gå inn i rommet").click()
                expect(host.locator("#status")).to_contain_text("Du er inne i", timeout=30_000)
                print("first visit: from the invite link to a first message seen by another member")
                for index, phone in enumerate(PHONES):
                    runs = [first_visit(browser, house, room, host, phone, f"Deltaker{index}{run}") for run in range(3)]
                    seconds = sorted(r[0] for r in runs)
                    print(f"  {phone:26s} median {seconds[1]:.2f} s (runs {', '.join(f'{s:.2f}' for s in seconds)}), {runs[0][1]} taps")
                browser.close()
        finally:
            house.stop()


if __name__ == "__main__":
    main()
