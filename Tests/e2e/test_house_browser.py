"""The house page in a real browser, on a small phone and a desktop: an administrator signs in with an
admin link, makes a group room, copies its host link, and the igangsetter opens it in another browser.
Then the evaluation as a member meets it when the meeting ends."""

import json
import re
import time

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors  # noqa: F401
from test_phone_room import open_phone

SCREENS = {"phone": ({"width": 320, "height": 568}, True), "desktop": ({"width": 1280, "height": 800}, False)}


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"house-{name}.png"), full_page=True)


@pytest.mark.parametrize("screen", SCREENS.keys())
def test_an_administrator_makes_a_room_and_the_igangsetter_gets_in_with_the_copied_link(house, browser, screen):
    size, mobile = SCREENS[screen]
    link = json.loads(house.admin("house-link", "--public-url", house.base, "--json"))["houseLink"]
    context = browser.new_context(viewport=size, is_mobile=mobile, has_touch=mobile, locale="nb-NO")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=house.base)
    admin = context.new_page()
    admin.on("pageerror", lambda error: ERRORS.append(str(error)))

    admin.goto(link)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Bli administrator for huset")
    accessible(admin, "admin link")
    shot(admin, f"{screen}-1-link")
    admin.get_by_label("Navnet ditt").fill("Kari, LINK Oslo")
    admin.get_by_role("button", name="Gå videre").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Husets rom")
    accessible(admin, "rooms")
    shot(admin, f"{screen}-2-rooms")

    admin.get_by_label("Navnet på rommet").fill("Angstgruppe torsdag")
    admin.get_by_label("Gruppe").check()
    admin.get_by_role("button", name="Lag rommet").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Vertslenke for Angstgruppe torsdag")
    admin.get_by_role("button", name="Kopier lenken").click()
    expect(admin.locator(".copy-status")).to_have_text("Lenken er kopiert.")
    accessible(admin, "host link")
    shot(admin, f"{screen}-3-host-link")
    copied = admin.evaluate("navigator.clipboard.readText()")
    assert copied == admin.get_by_label("Vertslenke (bare for igangsetteren)").input_value()
    assert copied.startswith(house.base + "/i/")

    # The igangsetter, in another browser, with the link as it was passed on.
    igang = open_phone(browser, {"width": 320, "height": 568}, 1.0)
    enter(igang, copied, "Ingrid")
    igang.get_by_role("button", name="Meny").click()
    expect(igang.get_by_role("heading", name="Inviter deltakere")).to_be_visible()

    # Back on the house page: the room, as numbers, never her name.
    admin.get_by_role("link", name="Rom", exact=True).click()
    admin.get_by_role("link", name="Angstgruppe torsdag").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Angstgruppe torsdag")
    expect(admin.locator("main")).to_contain_text("Medlemmer: 1")
    assert "Ingrid" not in admin.content()
    accessible(admin, "room")
    shot(admin, f"{screen}-4-room")
    admin.get_by_role("link", name="Slett Angstgruppe torsdag …").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Slette Angstgruppe torsdag?")
    accessible(admin, "delete")
    shot(admin, f"{screen}-5-delete")
    admin.get_by_role("link", name="Administratorer").click()
    expect(admin.locator("main")).to_contain_text("Kari, LINK Oslo (deg)")
    accessible(admin, "admins")
    shot(admin, f"{screen}-6-admins")
    context.close()


def test_a_member_answers_the_evaluation_when_the_meeting_ends_or_skips_it(house, browser):
    room, host_link = house.create_room(name="Torsdagsgruppa")
    host = open_phone(browser, {"width": 320, "height": 568}, 1.0)
    enter(host, host_link, "Vert")
    kari = open_phone(browser, {"width": 320, "height": 568}, 1.0)
    enter(kari, make_invite(host), "Kari")
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Start møtet").click()
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Avslutt møtet").click()
    host.get_by_role("button", name="Ja, avslutt møtet").click()

    form = kari.get_by_role("form", name="Hvordan var møtet?")
    expect(form).to_be_visible()
    expect(kari.locator("#ended h2")).to_be_in_viewport()
    expect(kari.locator("#evaluation-heading")).to_be_in_viewport()
    accessible(kari, "evaluation")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kari.screenshot(path=str(ARTIFACTS / "evaluation-1-asked.png"))
    # Nothing ticked: said at the form, nothing sent.
    form.get_by_role("button", name="Send svarene").click()
    expect(kari.locator("#evaluation-error")).to_have_text("Velg minst ett svar, eller hopp over.")
    kari.get_by_role("group", name="Var møtet nyttig for deg?").get_by_label("Ja").check()
    kari.get_by_role("group", name="Var det lett å være med her?").get_by_label("Litt vanskelig").check()
    form.get_by_role("button", name="Send svarene").click()
    expect(kari.locator("#evaluation-thanks")).to_have_text("Takk! Svarene dine er talt med.")
    expect(form).to_be_hidden()
    kari.screenshot(path=str(ARTIFACTS / "evaluation-2-thanks.png"))

    # The host skips.
    host.get_by_role("button", name="Hopp over").click()
    expect(host.get_by_role("form", name="Hvordan var møtet?")).to_be_hidden()


MONTHS = "januar februar mars april mai juni juli august september oktober november desember".split()


def test_at_200_percent_a_coordinator_makes_a_cafe_from_the_top_and_copies_its_guest_link(house, browser):
    # Enough rooms that the list is long, as in a house that has been running for a while.
    for n in range(12):
        house.create_room(name=f"Gruppe nummer {n + 1} på tirsdager")
    link = json.loads(house.admin("house-link", "--public-url", house.base, "--json"))["houseLink"]
    admin = open_phone(browser, {"width": 320, "height": 568}, 2.0)
    admin.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=house.base)
    admin.goto(link)
    admin.get_by_label("Navnet ditt").fill("Kari")
    admin.get_by_role("button", name="Gå videre").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Husets rom")

    # The way to make a room is on the first screen, however long the list.
    jump = admin.get_by_role("link", name="Lag et nytt rom")
    expect(jump).to_be_in_viewport()
    # The month the numbers are for, in words.
    month = time.gmtime()
    expect(admin.locator("main")).to_contain_text(f"Tallene gjelder {MONTHS[month.tm_mon - 1]} {month.tm_year}.")
    assert re.search(r"\b\d{4}-\d\d\b", admin.locator("main").inner_text()) is None
    accessible(admin, "rooms at 200 %")
    admin.screenshot(path=str(ARTIFACTS / "house-7-rooms-200-percent.png"))
    jump.click()
    expect(admin.get_by_label("Navnet på rommet")).to_be_in_viewport()
    admin.get_by_label("Navnet på rommet").fill("Kaffetreff")
    admin.get_by_label("Kafé").check()
    admin.get_by_role("button", name="Lag rommet").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Vertslenke for Kaffetreff")

    # When the host link stops working: the house's own time, in words, never «UTC».
    hint = admin.locator("#host-link-hint").inner_text()
    assert re.search(rf"til \d{{1,2}}\. ({'|'.join(MONTHS)}) \d{{4}} kl\. \d\d:\d\d\.", hint), hint
    assert "UTC" not in admin.locator("main").inner_text()

    # The guest link has its own copy button, which says what it did where a screen reader hears it.
    copy = admin.get_by_role("button", name="Kopier gjestelenken")
    copy.click()
    status = copy.locator("xpath=following-sibling::span[@role='status']")
    expect(status).to_have_text("Lenken er kopiert.")
    copied = admin.evaluate("navigator.clipboard.readText()")
    assert copied == admin.get_by_label("Lenke for gjester").input_value() and "/c/" in copied
    accessible(admin, "a café's host link page at 200 %")
    admin.screenshot(path=str(ARTIFACTS / "house-8-cafe-link-200-percent.png"), full_page=True)

    # The café's own page on the house page: the same button.
    admin.get_by_role("link", name="Tilbake til Kaffetreff").click()
    admin.get_by_role("button", name="Kopier gjestelenken").click()
    expect(admin.get_by_role("button", name="Kopier gjestelenken").locator("xpath=following-sibling::span[@role='status']")).to_have_text(
        "Lenken er kopiert."
    )
    accessible(admin, "a café's room page at 200 %")
    admin.screenshot(path=str(ARTIFACTS / "house-9-cafe-room-200-percent.png"), full_page=True)
    assert ERRORS == []
