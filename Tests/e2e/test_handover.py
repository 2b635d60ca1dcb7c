"""The igangsetter hands the group over, on phones: opens the room, invites two members, starts a round,
gives control to one, steps out; the two who remain make the group run itself, invite a third (one asks,
the other agrees), and run a break and a closing round on their own. Screenshots of each moment go to
artifacts/handover-*.png."""

import re

from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors  # noqa: F401
from test_phone_room import open_phone
from test_two_members_browser import link_in_a_self_organised_group

SMALL = {"width": 320, "height": 568}


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"handover-{name}.png"))


def menu(page):
    if page.locator("#people").is_hidden():
        page.get_by_role("button", name="Meny").click()
    expect(page.locator("#people")).to_be_visible()


def close_menu(page):
    if page.locator("#people").is_visible():
        page.locator("#people .close-panel").click()


def controls(page):
    if page.locator("#controls").is_hidden():
        page.get_by_role("button", name="Styr møtet").click()
    expect(page.locator("#controls")).to_be_visible()


def test_the_igangsetter_hands_the_group_over_and_the_group_goes_on(house, browser):
    room, host_link = house.create_room(name="Pårørendegruppa")
    igang = open_phone(browser, SMALL, 1.0)
    enter(igang, host_link, "Igang")
    anne = open_phone(browser, SMALL, 1.0)
    enter(anne, make_invite(igang), "Anne")
    bo = open_phone(browser, SMALL, 1.0)
    enter(bo, make_invite(igang), "Bo")
    for page in (anne, bo):
        page.get_by_role("button", name="Skjønner").click()

    # Only the host holds control: members see no controls and no invitations.
    expect(anne.get_by_role("button", name="Styr møtet")).to_be_hidden()
    menu(anne)
    expect(anne.locator("#who-runs")).to_have_text("Vert: Igang.")
    expect(anne.locator("#host")).to_be_hidden()
    expect(anne.locator("#group")).to_be_hidden()
    close_menu(anne)

    # A round starts.
    controls(igang)
    igang.get_by_role("button", name="Start møtet").click()
    controls(igang)
    igang.get_by_role("button", name="Start runden").click()
    expect(anne.locator("#round")).to_be_visible()

    # The igangsetter cannot just leave: the page guides them to hand over first.
    menu(igang)
    igang.get_by_role("button", name="Gå ut av gruppa for godt").click()
    expect(igang.locator("#step-out-hint")).to_contain_text("Du er eneste vert")
    expect(igang.locator("#step-out-hint")).to_be_focused()
    shot(igang, "1-last-host-guided")

    # Control is offered to Anne by tapping her name; she is asked, and accepts.
    igang.locator("#present summary", has_text="Anne").click()
    shot(igang, "2-actions-for-anne")
    accessible(igang, "the menu with what can be done for Anne")
    igang.get_by_role("button", name="Gi vertsrollen").click()
    expect(igang.locator("#ask-text")).to_contain_text("Vil du gi Anne vertsrollen?")
    igang.locator("#ask-yes").click()
    expect(anne.locator("#ask")).to_be_visible()
    expect(anne.locator("#ask-text")).to_be_in_viewport()
    expect(anne.locator("#ask-text")).to_contain_text("Igang vil gi deg vertsrollen")
    shot(anne, "3-offer")
    anne.locator("#ask-yes").click()
    expect(bo.locator("#log")).to_contain_text("Anne er nå vert.")
    expect(anne.locator("#log")).to_contain_text("Du er nå vert.")
    expect(anne.get_by_role("button", name="Styr møtet")).to_be_visible()

    # Now the igangsetter may step out: asked first, then the page says so and the key is gone.
    menu(igang)
    expect(igang.locator("#step-out-hint")).not_to_contain_text("eneste vert")
    igang.get_by_role("button", name="Gå ut av gruppa for godt").click()
    igang.get_by_role("button", name="Ja, gå ut for godt").click()
    expect(igang.locator("#closed-text")).to_contain_text("Du har gått ut av gruppa")
    expect(igang.locator("#live")).to_be_hidden()
    shot(igang, "4-stepped-out")
    expect(bo.locator("#log")).to_contain_text("Igang har gått ut av gruppa for godt.")
    # The key no longer opens the room.
    igang.reload()
    expect(igang.locator("#closed-text")).to_contain_text("ikke med i gruppa")

    # Anne makes the group run itself; Bo, a member, may now run the meeting and invite.
    menu(anne)
    anne.get_by_role("button", name="Gjør gruppa selvstyrt").click()
    anne.get_by_role("button", name="Ja, gjør den selvstyrt").click()
    expect(bo.locator("#log")).to_contain_text("Anne har gjort gruppa selvstyrt")
    menu(bo)
    expect(bo.locator("#who-runs")).to_contain_text("Gruppa styrer seg selv")
    expect(bo.locator("#host")).to_be_visible()
    shot(bo, "5-self-organised-menu")
    # A new link needs two of them now: Bo asks, Anne agrees, and the link is Bo's (test_two_members_browser.py).
    cy = open_phone(browser, SMALL, 1.0)
    enter(cy, link_in_a_self_organised_group(bo, anne, "Bo"), "Cy")
    expect(anne.locator("#log")).to_contain_text("Cy kom inn.")

    # Bo ends the round (it had Igang's turn) and starts a break; Anne ends it; Bo starts the closing round.
    controls(bo)
    expect(bo.locator("#controls-why")).to_contain_text("Gruppa styrer seg selv")
    bo.get_by_role("button", name="Avslutt runden").click()
    controls(bo)
    bo.get_by_role("button", name="5 min", exact=True).click()
    expect(cy.locator("#break-line")).to_be_visible()
    controls(anne)
    anne.get_by_role("button", name="Fortsett nå").click()
    expect(cy.locator("#break-line")).to_be_hidden()
    controls(bo)
    bo.get_by_label("Runde", exact=True).select_option("closing")
    bo.get_by_role("button", name="Start runden").click()
    expect(cy.locator("#round")).to_be_visible()
    shot(cy, "6-closing-round-run-by-members")
    accessible(bo, "a self-organised meeting")
    assert ERRORS == []


def test_an_offer_never_answers_another_question_and_a_second_member_is_told_what_agreeing_does(house, browser):
    room, host_link = house.create_room(name="Torsdagsgruppa")
    igang = open_phone(browser, SMALL, 1.0)
    enter(igang, host_link, "Igang")
    anne, bo, cy = (open_phone(browser, SMALL, 1.0) for _ in range(3))
    for page, name in ((anne, "Anne"), (bo, "Bo"), (cy, "Cy")):
        enter(page, make_invite(igang), name)
        page.get_by_role("button", name="Skjønner").click()

    # Anne is asked whether she wants to leave the group for good when the offer arrives: the offer replaces
    # the question, and saying yes to it does not also say yes to leaving.
    menu(anne)
    anne.get_by_role("button", name="Gå ut av gruppa for godt").click()
    expect(anne.locator("#ask-text")).to_contain_text("gå ut av gruppa for godt")
    menu(igang)
    igang.locator("#present summary", has_text="Anne").click()
    igang.get_by_role("button", name="Gi vertsrollen").click()
    igang.locator("#ask-yes").click()
    expect(anne.locator("#ask-text")).to_contain_text("vil gi deg vertsrollen")
    anne.locator("#ask-yes").click()
    expect(anne.locator("#log")).to_contain_text("Du er nå vert.")
    expect(anne.locator("#live")).to_be_visible()
    expect(bo.locator("#log")).not_to_contain_text("Anne har gått ut av gruppa")

    # The group runs itself; Anne asks for Cy to be removed, and is told that one more must agree.
    menu(anne)
    anne.get_by_role("button", name="Gjør gruppa selvstyrt").click()
    anne.locator("#ask-yes").click()
    expect(bo.locator("#who-runs")).to_contain_text("Gruppa styrer seg selv")
    anne.locator("#present summary", has_text="Cy").click()
    anne.get_by_role("button", name="Ta ut av gruppa").click()
    expect(anne.locator("#ask-text")).to_contain_text("Én til må si ja")
    anne.locator("#ask-yes").click()
    expect(anne.locator("#log")).to_contain_text("Du har bedt om at Cy tas ut av gruppa. Én til må si ja.")
    expect(bo.locator("#log")).to_contain_text("Anne ber om at Cy tas ut av gruppa.")
    expect(cy.locator("#log")).not_to_contain_text("tas ut")
    # Bo is told that agreeing makes it happen at once.
    menu(bo)
    bo.locator("#present summary", has_text="Cy").click()
    bo.get_by_role("button", name="Ta ut av gruppa").click()
    expect(bo.locator("#ask-text")).to_contain_text("skjer det med en gang")
    shot(bo, "7-second-member-agrees")
    bo.locator("#ask-yes").click()
    expect(cy.locator("#closed-text")).to_contain_text("Du er tatt ut av gruppa")
    # Both who agreed are named, and the words are not a punishment.
    expect(anne.locator("#log")).to_contain_text("Cy er ikke lenger med i gruppa. Anne og Bo ble enige om det.")
    shot(cy, "8-removed")


def test_with_big_text_the_menu_fits_the_width_of_a_small_phone(house, browser):
    room, host_link = house.create_room(name="Pårørendegruppa")
    host = open_phone(browser, SMALL, 2.0)
    enter(host, host_link, "Igang")
    menu(host)
    # A long word in a button («Lag invitasjonslenke») must not push the panel sideways.
    assert host.evaluate("(() => { const p = document.getElementById('people'); return p.scrollWidth <= p.clientWidth; })()")
    shot(host, "9-menu-200-percent")
