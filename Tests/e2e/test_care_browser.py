"""Care after «Jeg har det ikke bra», in a group that runs itself, on a small phone with big text: the person
who said it sees the help line at once; the others read in one line what they can do and may answer with a
quiet «Jeg ser deg» (no text) that only she sees; a removal two agreed to names them both, without a verdict.
Screenshots of Kari's and Ola's views at 320x568 with text at 200 % go to artifacts/care-*.png."""

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors  # noqa: F401
from test_phone_room import open_phone

SMALL = {"width": 320, "height": 568}
BIG_TEXT = 2.0


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"care-{name}.png"))


def menu(page):
    if page.locator("#people").is_hidden():
        page.get_by_role("button", name="Meny").click()
    expect(page.locator("#people")).to_be_visible()


def close_menu(page):
    page.locator("#people .close-panel").click()
    expect(page.locator("#people")).to_be_hidden()


def remove_from_menu(page, name):
    """Opens the person's name in the menu, asks to take them out, and says yes."""
    menu(page)
    page.locator("#present summary", has_text=name).click()
    page.locator("#present").get_by_role("button", name="Ta ut av gruppa").click()
    page.locator("#ask-yes").click()
    close_menu(page)


def self_organised_group(house, browser):
    """An igangsetter, Kari, Ola and Eva; the igangsetter makes the group run itself. Returns the four pages."""
    room, host_link = house.create_room(name="Samtalegruppa")
    igang = open_phone(browser, SMALL, 1.0)
    enter(igang, host_link, "Igang")
    kari = open_phone(browser, SMALL, BIG_TEXT)
    enter(kari, make_invite(igang), "Kari")
    ola = open_phone(browser, SMALL, BIG_TEXT)
    enter(ola, make_invite(igang), "Ola")
    eva = open_phone(browser, SMALL, 1.0)
    enter(eva, make_invite(igang), "Eva")
    for page in (kari, ola, eva):
        ok = page.get_by_role("button", name="Skjønner")
        if ok.is_visible():
            ok.click()
    menu(igang)
    igang.get_by_role("button", name="Gjør gruppa selvstyrt").click()
    igang.get_by_role("button", name="Ja, gjør den selvstyrt").click()
    for page in (kari, ola, eva):
        expect(page.locator("#log")).to_contain_text("har gjort gruppa selvstyrt")
    return igang, kari, ola, eva


def test_not_well_shows_her_the_help_line_and_a_quiet_answer_reaches_only_her(house, browser):
    igang, kari, ola, eva = self_organised_group(house, browser)

    # Kari says she is not well: the help line is there at once, where she pressed and in the conversation.
    menu(kari)
    kari.get_by_role("button", name="Jeg har det ikke bra").click()
    status = kari.locator("#signal-status")
    expect(status).to_contain_text("De som er her, har fått beskjed.")
    expect(status).to_contain_text("116 123")
    expect(status.locator('a[href="tel:116123"]')).to_be_in_viewport()
    shot(kari, "1-kari-menu-help-line")
    close_menu(kari)
    help_line = kari.locator("#log li", has_text="De som er her, har fått beskjed.")
    expect(help_line).to_contain_text("Mental Helse hjelpetelefon")
    expect(help_line.locator('a[href="tel:113"]')).to_be_visible()
    accessible(kari, "Kari, after «Jeg har det ikke bra»")

    # Ola reads what he can do, in one line, with a button that sends no text.
    line = ola.locator("#log li", has_text="Kari har det ikke bra akkurat nå.")
    expect(line).to_contain_text("Dere kan svare stille med «Jeg ser deg», skrive noen ord til Kari, eller ta en pause.")
    answer = line.get_by_role("button", name="Jeg ser deg")
    ola.get_by_label("Skriv til gruppa").focus()
    expect(answer).to_be_in_viewport()
    shot(ola, "2-ola-told-what-he-can-do")
    accessible(ola, "Ola, told that Kari is not well")
    answer.click()
    expect(line).to_contain_text("Kari har fått «Jeg ser deg».")
    expect(line.get_by_role("button", name="Jeg ser deg")).to_have_count(0)
    shot(ola, "3-ola-answered")

    # Only Kari learns who sees her; Eva, who was told too, does not see Ola's answer.
    seen = kari.locator("#log li", has_text="ser deg.")
    expect(seen).to_have_text("Ola ser deg.")
    kari.get_by_label("Skriv til gruppa").focus()
    expect(seen).to_be_in_viewport()
    shot(kari, "4-kari-sees-ola-sees-her")
    accessible(kari, "Kari, seen by Ola")
    expect(eva.locator("#log li", has_text="Kari har det ikke bra akkurat nå.")).to_be_visible()
    expect(eva.locator("#log")).not_to_contain_text("Ola ser deg")
    expect(eva.locator("#log")).not_to_contain_text("har fått «Jeg ser deg»")
    expect(igang.locator("#log")).not_to_contain_text("Ola ser deg")

    # A second answer joins the same line, the latest at the end of her conversation; no word was written.
    eva.locator("#log li", has_text="Kari har det ikke bra").get_by_role("button", name="Jeg ser deg").click()
    expect(kari.locator("#log li", has_text="ser deg.")).to_have_text("Ola og Eva ser deg.")
    expect(kari.locator("#log li.msg")).to_have_count(0)
    assert ERRORS == []


def test_a_removal_two_agreed_to_names_them_both_without_a_verdict(house, browser):
    igang, kari, ola, eva = self_organised_group(house, browser)
    remove_from_menu(eva, "Igang")
    expect(ola.locator("#log")).to_contain_text("Eva ber om at Igang tas ut av gruppa.")
    remove_from_menu(ola, "Igang")
    words = "Igang er ikke lenger med i gruppa. Eva og Ola ble enige om det."
    for page in (kari, ola, eva):
        expect(page.locator("#log")).to_contain_text(words)
    expect(kari.locator("#log")).not_to_contain_text("tok Igang ut")
    assert ERRORS == []
