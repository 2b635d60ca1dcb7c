"""Coming back next week: the same SMS link again, Back after joining, a host who lost the room, the home screen."""

import json
import re
import subprocess
import urllib.parse

from playwright.sync_api import expect

from conftest import ARTIFACTS, BINARY
from test_browser import ERRORS, accessible, browser, enter, no_script_errors  # noqa: F401

SMALL_PHONE = {"width": 320, "height": 568}


def small_phone(browser):  # noqa: F811
    """A fresh browser on the smallest phone the house is judged on: its own cookies, nothing shared."""
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nb-NO")
    page = context.new_page()
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    return page


def in_view(page, locator):
    """Whether the whole element is on screen without scrolling."""
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] and box["x"] + box["width"] <= viewport["width"]


def test_the_same_link_next_week_leads_into_the_room_with_one_tap(house, browser):  # noqa: F811
    room, _ = house.create_room(name="Torsdagsgruppa")
    link = house.invite(room)[0]
    kari = small_phone(browser)
    enter(kari, link, "Kari")

    # Back, right after joining: the link's page again, now used, with the way in first.
    kari.go_back()
    expect(kari.get_by_role("heading", level=1)).to_contain_text("Lenken er allerede brukt")
    way_in = kari.get_by_role("link", name="Gå inn i rommet")
    assert in_view(kari, way_in), way_in.bounding_box()
    way_in.click()
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)

    # Next week: the same SMS link, tapped in the same browser.
    kari.goto("about:blank")
    kari.goto(link)
    expect(kari.locator("body")).to_contain_text("kommer du rett inn")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # What the phone shows before any scrolling: the button must be in it.
    kari.screenshot(path=str(ARTIFACTS / "coming-back-used-link-320x568.png"))
    assert in_view(kari, kari.get_by_role("link", name="Gå inn i rommet"))
    accessible(kari, "used link page")
    kari.get_by_role("link", name="Gå inn i rommet").click()
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    assert kari.url.split("?")[0].endswith(f"/r/{room}")


def test_a_used_link_in_another_browser_explains_and_lets_nobody_in(house, browser):  # noqa: F811
    room, _ = house.create_room(name="Lukket gruppe")
    link = house.invite(room)[0]
    house.redeem(link, "Kari")

    stranger = small_phone(browser)
    stranger.goto(link)
    expect(stranger.get_by_role("heading", level=1)).to_contain_text("Lenken er allerede brukt")
    expect(stranger.locator("main")).to_contain_text("be den som inviterte deg om en ny lenke")
    expect(stranger.get_by_role("link", name="Til forsiden")).to_be_visible()
    stranger.get_by_role("link", name="Gå inn i rommet").click()
    expect(stranger.locator("#closed-text")).to_contain_text("ikke med i gruppa ennå", timeout=30000)
    expect(stranger.locator("#closed-text")).to_contain_text("be om en ny invitasjonslenke")
    # What to do is read without scrolling, on the smallest phone.
    assert in_view(stranger, stranger.locator("#closed-text")), stranger.locator("#closed-text").bounding_box()
    expect(stranger.get_by_label("Skriv til gruppa")).to_be_hidden()
    assert "nøkkel" not in stranger.locator("main").inner_text()


def test_an_igangsetter_who_lost_the_room_gets_back_in_as_host_with_a_new_link(house, browser):  # noqa: F811
    room, first_link = house.create_room(name="Onsdagsgruppa")
    house.redeem(first_link, "Kari")

    made = json.loads(house.admin("host-link", "--room", room, "--public-url", house.base, "--json"))
    assert made["room"] == room and made["name"] == "Onsdagsgruppa" and "/i/" in made["hostLink"]
    plain = house.admin("host-link", f"--room={room}", "--public-url", house.base)
    assert re.search(r"Host link: http://127\.0\.0\.1:\d+/i/\S+", plain), plain

    # Her new phone: the old name is still in the room, and the page says what to do.
    kari = small_phone(browser)
    kari.goto(made["hostLink"])
    kari.get_by_label(re.compile("Jeg lover")).check()
    kari.get_by_label("Navnet ditt i gruppa").fill("Kari")
    kari.get_by_role("button", name="Gå inn i rommet").click()
    expect(kari.locator("#form-error")).to_contain_text("Har du vært vert her før")
    enter(kari, made["hostLink"], "Kari (vert)")
    kari.get_by_role("button", name="Meny").click()
    expect(kari.get_by_role("heading", name="Inviter deltakere")).to_be_visible()


def test_a_host_link_for_an_unknown_room_fails_with_words(house):
    out = subprocess.run(
        [str(BINARY), "admin", "host-link", "--room", "AAAAAAAAAAAAAAAA", "--data", str(house.data)],
        capture_output=True, text=True, timeout=60,
    )
    assert out.returncode != 0
    assert "No room with id AAAAAAAAAAAAAAAA" in out.stderr
    assert "/i/" not in out.stdout


def test_the_room_page_names_its_manifest_and_the_browser_reads_it(house, browser):  # noqa: F811
    room, host_link = house.create_room(name="Kari's \"trygge\" rom")
    page = small_phone(browser)
    enter(page, host_link, "Vert")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    assert href == f"/r/{room}/manifest.webmanifest"

    # Chromium itself fetches and parses it, under the house's content security policy.
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == urllib.parse.urljoin(house.base, href)
    assert manifest["errors"] == [], manifest["errors"]
    data = json.loads(manifest["data"])
    assert data["name"] == "Kari's \"trygge\" rom"
    assert data["start_url"] == f"/r/{room}" and data["display"] == "standalone"

    status, _, _ = house.request("GET", "/r/AAAAAAAAAAAAAAAA/manifest.webmanifest")
    assert status == 404
