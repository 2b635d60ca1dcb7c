"""The whole path a first group walks, in a real browser (Debian's Chromium, driven by Playwright)."""

import json
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from conftest import ARTIFACTS

PHONE = {"width": 390, "height": 844}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


# A debug build on two busy cores can be slow: wait for what a person would wait for, not less.
expect.set_options(timeout=15_000)


@pytest.fixture
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


ERRORS = []


@pytest.fixture(autouse=True)
def no_script_errors():
    """Any error thrown by the page's own scripts fails the test."""
    ERRORS.clear()
    yield
    assert ERRORS == []


def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nb-NO")
    page = context.new_page()
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    return page


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def accessible(page, name):
    """axe-core finds no serious or critical violation on the page as it is now."""
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{name}: " + json.dumps([(v["id"], [n["target"] for n in v["nodes"]]) for v in bad])


def enter(page, link, name):
    page.goto(link)
    page.get_by_label(re.compile("Jeg lover")).check()
    page.get_by_label("Navnet ditt i gruppa").fill(name)
    page.get_by_role("button", name="Gå inn i rommet").click()
    expect(page.locator("#status")).to_contain_text("Du er inne i", timeout=30000)


def write(page, text):
    """Writes and sends as on a phone: Enter makes a new line on a touch screen, so the button sends."""
    box = page.get_by_label("Skriv til gruppa")
    box.fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(box).to_have_value("", timeout=5000)


def make_invite(page):
    """A new link from the host's panel: waits until the field shows a link it did not show before."""
    if page.locator("#people").is_hidden():
        page.get_by_role("button", name="Meny").click()
    link = page.locator("#invite-link")
    before = link.input_value()
    page.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(link).not_to_have_value(before or "-")
    expect(link).to_have_value(re.compile(r"/i/"))
    value = link.input_value()
    page.locator("#people .close-panel").click()
    return value


def open_leave(page):
    """Presses "leave" in the menu, as a person would; the room then asks first."""
    if page.locator("#people").is_hidden():
        page.get_by_role("button", name="Meny").click()
    page.get_by_role("button", name="Gå ut av rommet").click()


def stored_text(page) -> str:
    """Everything the page's origin keeps in the browser's storage."""
    return page.evaluate(
        """async () => JSON.stringify({
            local: Object.assign({}, localStorage),
            session: Object.assign({}, sessionStorage),
            indexed: indexedDB.databases ? await indexedDB.databases() : [],
            caches: self.caches ? await caches.keys() : [],
        })"""
    )


def test_a_first_group_meets_and_nothing_is_left_behind(house, browser):
    room, host_link = house.create_room(name="Angstgruppe torsdag")

    front = phone(browser)
    front.goto(house.base + "/")
    expect(front.get_by_role("heading", level=1)).to_contain_text("Velkommen")
    accessible(front, "front page")
    shot(front, "01-front")

    # The igangsetter opens the host link: the pledge, a name, and in as host.
    host = phone(browser)
    host.goto(host_link)
    expect(host.get_by_role("heading", level=1)).to_contain_text("Angstgruppe torsdag")
    accessible(host, "invite page")
    shot(host, "02-invite")
    enter(host, host_link, "Igangsetter")
    assert "/i/" not in host.url and host.url.endswith(f"/r/{room}")
    accessible(host, "room page (host)")
    first_link = make_invite(host)
    expect(host.locator("#unused-count")).to_contain_text("1")
    shot(host, "03-room-host")

    # A participant redeems the link on a phone; GET did not use it up.
    kari = phone(browser)
    kari.goto(first_link)
    kari.reload()
    enter(kari, first_link, "Kari")
    assert "/i/" not in kari.url
    expect(host.locator("#present")).to_contain_text("Kari")

    # Both ways.
    write(host, "Velkommen, Kari. Hvordan har du det akkurat nå?")
    expect(kari.locator("#log")).to_contain_text("Hvordan har du det akkurat nå?")
    kari.get_by_label("Skriv til gruppa").type("Takk")
    expect(host.locator("#typing")).to_contain_text("Kari skriver")
    write(kari, "Takk, litt nervøs, men glad for å være her.")
    expect(host.locator("#log")).to_contain_text("litt nervøs")
    shot(kari, "04-room-member")
    accessible(kari, "room page (member)")

    # The same link a second time, in another browser: one sentence that says what to do, not a way in.
    again = phone(browser)
    again.goto(first_link)
    expect(again.locator("#closed-text")).to_contain_text("allerede brukt", timeout=30000)
    expect(again.get_by_label("Skriv til gruppa")).to_be_hidden()
    accessible(again, "used link, another browser")
    shot(again, "05-used-link")

    # A third member comes late and sees nothing said before.
    ola = phone(browser)
    enter(ola, make_invite(host), "Ola")
    expect(ola.locator("#present")).to_contain_text("Kari")
    assert "litt nervøs" not in ola.locator("main").inner_text()
    assert "Hvordan har du det" not in ola.locator("main").inner_text()
    write(host, "Velkommen, Ola.")
    expect(ola.locator("#log")).to_contain_text("Velkommen, Ola.")
    expect(kari.locator("#log")).to_contain_text("Ola kom inn.")

    # Kari leaves: the screen is cleared, and the browser's storage holds nothing that was said.
    open_leave(kari)
    kari.get_by_role("button", name="Ja, gå ut").click()
    expect(kari.get_by_role("heading", name="Du har gått ut av rommet")).to_be_visible()
    assert "nervøs" not in kari.content()
    assert "Velkommen, Kari" not in kari.content()
    for page in (kari, host, ola):
        stored = stored_text(page)
        for said in ("nervøs", "Velkommen, ", "Hvordan har du det"):
            assert said not in stored, stored
    expect(host.locator("#log")).to_contain_text("Kari gikk ut.")
    accessible(kari, "left page")
    shot(kari, "06-left")

    # Next week: Kari opens the room's address and is in, with no new link.
    kari.goto(f"{house.base}/r/{room}")
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    assert "nervøs" not in kari.content()


def test_english_is_one_click_away_and_remembered(house, browser):
    page = phone(browser)
    page.goto(house.base + "/")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    page.goto(house.base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    accessible(page, "front page (English)")


def test_a_stranger_without_a_key_is_told_what_to_do(house, browser):
    room, _ = house.create_room(name="Lukket gruppe")
    page = phone(browser)
    page.goto(f"{house.base}/r/{room}")
    expect(page.locator("#closed-text")).to_contain_text("ikke med i gruppa ennå", timeout=30000)
    expect(page.get_by_role("link", name="Til forsiden")).to_be_visible()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()
    accessible(page, "room page without key")
    shot(page, "07-no-key")


def test_a_dropped_connection_comes_back_by_itself_and_keeps_the_draft(house, browser):
    room, host_link = house.create_room(name="Dårlig dekning")
    host = phone(browser)
    enter(host, host_link, "Igangsetter")
    kari = phone(browser)
    enter(kari, make_invite(host), "Kari")

    cdp = kari.context.new_cdp_session(kari)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    # The page notices at once that the network went, says so, and keeps what is being written.
    expect(kari.locator("#status")).to_contain_text("Forbindelsen falt ut")
    kari.get_by_label("Skriv til gruppa").fill("Dette skrev jeg mens nettet var borte")
    write(host, "Er du der, Kari?")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    expect(kari.locator("#status")).to_contain_text("Du er tilbake", timeout=30000)
    expect(kari.locator("#log")).to_contain_text("Er du der, Kari?")
    expect(kari.get_by_label("Skriv til gruppa")).to_have_value("Dette skrev jeg mens nettet var borte")
    kari.get_by_role("button", name="Send", exact=True).click()
    expect(host.locator("#log")).to_contain_text("Dette skrev jeg mens nettet var borte")
    assert "Kari gikk ut" not in kari.locator("#log").inner_text()
    shot(kari, "08-reconnected")


def test_the_room_page_is_small_enough_for_a_slow_phone(house, browser):
    """The first load of the room page, everything included, stays within a budget (docs/PERFORMANCE.md)."""
    room, host_link = house.create_room(name="Lite og lett")
    page = phone(browser)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    # A slow mobile connection: the room must still come up, with nothing from other sites.
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 400, "downloadThroughput": 50 * 1024, "uploadThroughput": 20 * 1024})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    enter(page, host_link, "Vert")
    # Measured on the room page as it first arrives after the invite (only the stylesheet was seen before).
    transferred = page.evaluate(
        """() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                 .reduce((sum, entry) => sum + entry.transferSize, 0)"""
    )
    print(f"\nroom page first load: {transferred} bytes")
    assert 0 < transferred < 30_000
    assert all(url.startswith(house.base) or url.startswith("ws://127.0.0.1") for url in requests), requests
    # Coming back: the scripts and the stylesheet have content-hashed addresses, kept for a year, so the
    # phone asks for none of them again (transferSize 0: from its cache, no round trip).
    page.goto(page.url)
    expect(page.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    fetched = page.evaluate(
        """() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/app/') && e.transferSize > 0).map((e) => e.name)"""
    )
    assert fetched == [], fetched
