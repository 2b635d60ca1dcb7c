"""Coming back next week: the same SMS link again, Back after joining, a host who lost the room, the home screen."""

import json
import re
import subprocess
import urllib.parse

from playwright.sync_api import expect

from conftest import ARTIFACTS, BINARY
from test_browser import ERRORS, accessible, browser, enter, no_script_errors  # noqa: F401

SMALL_PHONE = {"width": 320, "height": 568}


def small_phone(browser, bypass_csp=False):  # noqa: F811
    """A fresh browser on the smallest phone the house is judged on: its own cookies, nothing shared.
    (`bypass_csp` only so a test can turn the text size up, as a person would in the settings.)"""
    context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=1, is_mobile=True, has_touch=True, locale="nb-NO",
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    return page


def in_view(page, locator):
    """Whether the whole element is on screen without scrolling."""
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"] and box["x"] + box["width"] <= viewport["width"]


def test_the_same_link_next_week_leads_straight_into_the_room(house, browser):  # noqa: F811
    room, _ = house.create_room(name="Torsdagsgruppa")
    link = house.invite(room)[0]
    kari = small_phone(browser)
    enter(kari, link, "Kari")

    # Back, right after joining: the used link goes on into the room, no error in between.
    kari.go_back()
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    assert "allerede brukt" not in kari.locator("body").inner_text()

    # Next week: the same SMS link, tapped in the same browser, lands in the room with no error text.
    kari.goto("about:blank")
    kari.goto(link)
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    assert "allerede brukt" not in kari.locator("body").inner_text()
    assert kari.url.endswith(f"/r/{room}"), kari.url  # the address is the room's own, for a bookmark
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kari.screenshot(path=str(ARTIFACTS / "coming-back-same-link-320x568.png"))
    expect(kari.get_by_label("Skriv til gruppa")).to_be_visible()


def test_a_used_link_in_another_browser_says_what_to_do_in_one_sentence_and_lets_nobody_in(house, browser):  # noqa: F811
    room, _ = house.create_room(name="Lukket gruppe")
    link = house.invite(room)[0]
    house.redeem(link, "Kari")

    stranger = small_phone(browser, bypass_csp=True)
    stranger.goto(link)
    closed = stranger.locator("#closed-text")
    expect(closed).to_contain_text("Lenken er allerede brukt, og denne nettleseren er ikke med i gruppa", timeout=30000)
    expect(closed).to_contain_text("Be den som inviterte deg om en ny lenke")
    # What to do is read without scrolling, on the smallest phone, at 100 % and at 200 % text.
    assert in_view(stranger, closed), closed.bounding_box()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stranger.screenshot(path=str(ARTIFACTS / "used-link-other-browser-320x568.png"))
    stranger.add_style_tag(content="html { font-size: 225% !important; }")  # 200 % of the page's 112.5 %
    stranger.screenshot(path=str(ARTIFACTS / "used-link-other-browser-320x568-200.png"))
    # At 200 % the sentence is longer than the screen: it begins right under the heading, read from the top.
    assert closed.bounding_box()["y"] < SMALL_PHONE["height"] / 4, closed.bounding_box()
    expect(stranger.get_by_label("Skriv til gruppa")).to_be_hidden()
    main = stranger.locator("main").inner_text()
    assert "nøkkel" not in main and "Lukket gruppe" not in main
    accessible(stranger, "used link in another browser")


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
