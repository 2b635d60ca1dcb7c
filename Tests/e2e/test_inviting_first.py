"""Inviting first (issue 22, item 6): in the room's menu, «Lag invitasjonslenke» comes before «Jeg har det
ikke bra» and «Gå ut av gruppa for godt» for whoever may invite (a host; every member of a self-organised
group, where a second member still must agree); the sentence shared or copied with a link names the house and
says what the link is; the note's hint says who sees it; pressing again while an ask waits says so plainly.
On a 320x568 phone; screenshots of the opened menu at 200 % text go to artifacts/inviting-*.png."""

import re

from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors  # noqa: F401
from test_phone_room import open_phone
from test_two_members_browser import agree_in_conversation, menu

SMALL = {"width": 320, "height": 568}
# What the page would hand the phone's share sheet, caught instead of opening one.
CATCH_SHARE = "navigator.share = async (data) => { window.sharedWith = data; };"
SENTENCE = "Her er din personlige invitasjon til en samtalegruppe i Selvhjelpshuset: lenken virker bare for deg, og bare én gang."


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"inviting-{name}.png"))


def top(page, selector):
    return page.locator(selector).bounding_box()["y"]


def invites_come_first(page):
    """The button that makes a link is above the person's own signals and way out, and above who is here."""
    for later in ("#present-heading", "#not-well", "#step-out", "#present"):
        assert top(page, "#make-invite") < top(page, later), later


def test_a_host_finds_inviting_first_and_shares_a_sentence_that_names_the_house(house, browser):
    room, host_link = house.create_room(name="Torsdagsgruppa")
    host = open_phone(browser, SMALL, 2.0)
    host.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=house.base)
    host.add_init_script(CATCH_SHARE)
    enter(host, host_link, "Eva")
    menu(host)
    invites_come_first(host)
    shot(host, "1-host-menu-200")
    # Opened at 200 % text, the menu begins with inviting: its heading is the first thing under the menu's own.
    expect(host.get_by_role("heading", name="Inviter deltakere")).to_be_in_viewport(ratio=0.99)
    expect(host.locator("#invite-label-hint")).to_have_text("Bare vertene ser dette, for å skille lenkene. Det slettes med lenken.")
    shot(host, "1-host-menu-200")
    accessible(host, "menu, host, inviting first")

    host.get_by_label("Hvem er lenken til? (valgfritt)").fill("Anne")
    host.get_by_role("button", name="Lag invitasjonslenke").click()
    link = host.locator("#invite-link")
    expect(link).to_have_value(re.compile(r"/i/"))
    # What goes with the link is shown before it is sent, and names the house, not the group.
    expect(host.locator("#invite-message")).to_contain_text(SENTENCE)
    expect(host.locator("#invite-message")).not_to_contain_text("Torsdagsgruppa")
    shot(host, "2-host-link-made-200")
    accessible(host, "menu, host, a link made")

    host.get_by_role("button", name="Del lenken").click()
    shared = host.evaluate("window.sharedWith")
    assert shared == {"text": SENTENCE, "url": link.input_value()}
    host.get_by_role("button", name="Kopier lenken").click()
    expect(host.locator("#copy-status")).to_have_text("Lenken er kopiert, med setningen foran.")
    assert host.evaluate("navigator.clipboard.readText()") == f"{SENTENCE} {link.input_value()}"


def test_in_a_self_organised_group_every_member_finds_inviting_first_and_a_second_ask_is_not_an_error(house, browser):
    room, host_link = house.create_room(name="Pårørendegruppa")
    igang = open_phone(browser, SMALL, 1.0)
    enter(igang, host_link, "Igang")
    anne = open_phone(browser, SMALL, 2.0)
    anne.add_init_script(CATCH_SHARE)
    enter(anne, make_invite(igang), "Anne")
    bo = open_phone(browser, SMALL, 1.0)
    enter(bo, make_invite(igang), "Bo")
    for page in (anne, bo):
        page.get_by_role("button", name="Skjønner").click()
    menu(igang)
    igang.get_by_role("button", name="Gjør gruppa selvstyrt").click()
    igang.get_by_role("button", name="Ja, gjør den selvstyrt").click()
    expect(anne.locator("#log")).to_contain_text("har gjort gruppa selvstyrt")

    menu(anne)
    expect(anne.locator("#host")).to_be_visible()
    invites_come_first(anne)
    # The note is seen by the members who may agree, not only by hosts: the hint says so.
    expect(anne.locator("#invite-label-hint")).to_have_text("Medlemmene i gruppa ser dette, for å skille lenkene. Det slettes med lenken.")
    shot(anne, "3-member-menu-self-organised-200")
    accessible(anne, "menu, member of a self-organised group")

    # Anne asks (a second member must agree); pressing again says plainly it is asked, with no error.
    anne.get_by_label("Hvem er lenken til? (valgfritt)").fill("Cy")
    anne.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(anne.locator("#ask-text")).to_contain_text("Én til må si ja før lenken lages")
    anne.locator("#ask-yes").click()
    menu(anne)
    expect(anne.locator("#host")).to_contain_text("Du vil invitere Cy. Én til må si ja.")
    anne.get_by_role("button", name="Lag invitasjonslenke").click()
    already = anne.locator("#host").get_by_text("Du har allerede bedt om en lenke til Cy.")
    expect(already).to_be_visible()
    expect(already).to_be_focused()
    expect(anne.locator("#ask")).to_be_hidden()
    expect(anne.locator("#people .panel-error")).to_have_text("")
    shot(anne, "4-member-asked-again-200")
    accessible(anne, "menu, an ask already waiting")
    anne.locator("#people .close-panel").click()

    # The two-member rule still holds: Bo agrees, and Anne's link comes with the same sentence.
    agree_in_conversation(bo, "Anne")
    anne.locator("#log li", has_text="sa ja").get_by_role("button", name="Vis lenken").click()
    expect(anne.locator("#invite-link")).to_have_value(re.compile(r"/i/"))
    expect(anne.locator("#invite-message")).to_contain_text(SENTENCE)
    anne.get_by_role("button", name="Del lenken").click()
    assert anne.evaluate("window.sharedWith.text") == SENTENCE
