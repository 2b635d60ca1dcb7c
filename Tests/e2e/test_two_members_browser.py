"""A link needs two in a group that runs itself, on small phones (docs/ROLES.md, "Invite"): the asker is told
plainly that one more must agree, the other member sees a quiet line with «Si ja» in the conversation (and in
the menu), agrees by keyboard alone, and the asker gets the link where a link made alone is shown. At 320x568,
with text at 100 % and at 200 %. Screenshots of the asker and of the agreeing member at that moment go to
artifacts/two-members-*.png."""

import re
import time

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors  # noqa: F401
from test_phone_room import in_view, open_phone

SMALL = {"width": 320, "height": 568}
SCALES = {"100": 1.0, "200": 2.0}


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"two-members-{name}.png"))


def menu(page):
    if page.locator("#people").is_hidden():
        page.get_by_role("button", name="Meny").click()
    expect(page.locator("#people")).to_be_visible()


def seen_at_the_writing_box(page, line, text):
    """With the writing box focused, the line is in view; with big text a long line is taller than the
    conversation's window, and then its end (what happens next, and «Si ja») is. The status line's news fades
    first, which this waits for."""
    page.get_by_label("Skriv til gruppa").focus()
    if text == "100":
        expect(line).to_be_in_viewport(ratio=0.99)
        return
    # In a real meeting the ask comes long after «Du er inne i …», which has faded by then.
    expect(page.locator("#status")).to_have_text("", timeout=20_000)
    deadline = time.time() + 15
    while True:
        box, live = line.bounding_box(), page.locator("#live").bounding_box()
        end = box["y"] + box["height"]
        if live["y"] + live["height"] / 2 <= end <= live["y"] + live["height"] + 1:
            return
        assert time.time() < deadline, f"the line ends at {end}, outside the conversation's window {live}"
        time.sleep(0.1)


def tab_to(page, locator, most=80):
    """Presses Tab until `locator` has focus, as someone without a mouse would; fails if it never does."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if locator.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError("never reached by Tab")


def ask_for_link(asker, label=None):
    """The asker presses «Lag invitasjonslenke» and says yes to asking, by keyboard."""
    menu(asker)
    if label:
        asker.get_by_label("Hvem er lenken til?").fill(label)
    asker.get_by_role("button", name="Lag invitasjonslenke").focus()
    asker.keyboard.press("Enter")
    expect(asker.locator("#ask-text")).to_contain_text("Én til må si ja før lenken lages")
    asker.locator("#ask-yes").focus()
    asker.keyboard.press("Enter")
    asker.locator("#people .close-panel").click()


def agree_in_conversation(agreeing, asker_name):
    """The other member agrees from the line in the conversation, by keyboard; returns nothing."""
    agree = agreeing.locator("#log li", has_text=f"{asker_name} vil invitere").get_by_role("button", name="Si ja")
    agree.focus()
    agreeing.keyboard.press("Enter")
    expect(agreeing.locator("#ask-text")).to_contain_text(f"{asker_name} får den")
    agreeing.locator("#ask-yes").focus()
    agreeing.keyboard.press("Enter")


def link_in_a_self_organised_group(asker, agreeing, asker_name):
    """A new link in a group that runs itself: one asks, another agrees; returns the link the asker got."""
    ask_for_link(asker)
    agree_in_conversation(agreeing, asker_name)
    asker.locator("#log li", has_text="sa ja").get_by_role("button", name="Vis lenken").click()
    link = asker.locator("#invite-link")
    expect(link).to_have_value(re.compile(r"/i/"))
    value = link.input_value()
    asker.locator("#people .close-panel").click()
    return value


@pytest.mark.parametrize("text", SCALES.keys())
def test_a_link_in_a_self_organised_group_needs_a_second_member_who_agrees_by_keyboard(house, browser, text):
    room, host_link = house.create_room(name="Pårørendegruppa")
    igang = open_phone(browser, SMALL, SCALES[text])
    enter(igang, host_link, "Igang")
    anne = open_phone(browser, SMALL, SCALES[text])
    enter(anne, make_invite(igang), "Anne")
    bo = open_phone(browser, SMALL, SCALES[text])
    enter(bo, make_invite(igang), "Bo")
    for page in (anne, bo):
        page.get_by_role("button", name="Skjønner").click()
    menu(igang)
    igang.get_by_role("button", name="Gjør gruppa selvstyrt").click()
    expect(igang.locator("#ask-text")).to_contain_text("Ubrukte invitasjonslenker slutter å virke")
    igang.get_by_role("button", name="Ja, gjør den selvstyrt").click()
    expect(bo.locator("#log")).to_contain_text("har gjort gruppa selvstyrt")

    # Bo asks for a link for Cy: he is told plainly that one more must agree, and gets no link yet.
    ask_for_link(bo, label="Cy")
    waiting = bo.locator("#log li", has_text="Du vil invitere Cy. Én til må si ja.")
    expect(waiting).to_be_visible()
    bo.get_by_label("Skriv til gruppa").focus()
    seen_at_the_writing_box(bo, waiting, text)
    shot(bo, f"{text}-1-asker-waits")
    menu(bo)
    expect(bo.locator("#host")).to_contain_text("Du vil invitere Cy. Én til må si ja.")
    expect(bo.locator("#new-invite")).to_be_hidden()
    bo.locator("#people .close-panel").click()

    # Anne sees a quiet line with «Si ja» at the writing box; the button says whose ask it answers.
    line = anne.locator("#log li", has_text="Bo vil invitere Cy.")
    agree = line.get_by_role("button", name="Si ja")
    expect(agree).to_be_visible()
    seen_at_the_writing_box(anne, line, text)
    expect(agree).to_be_in_viewport(ratio=0.99)
    shot(anne, f"{text}-2-agreeing-member-asked")
    described = agree.get_attribute("aria-describedby")
    expect(anne.locator(f"#{described}")).to_have_text("Bo vil invitere Cy.")
    accessible(anne, "the conversation with an ask to agree to")
    # The same ask waits in the menu, for whoever opens it later.
    menu(anne)
    expect(anne.locator("#host")).to_contain_text("Bo vil invitere Cy.")
    expect(anne.locator("#host").get_by_role("button", name="Si ja")).to_be_visible()
    anne.locator("#people .close-panel").click()

    # By keyboard alone: Tab to «Si ja», Enter, and the question says what agreeing does.
    tab_to(anne, agree)
    anne.keyboard.press("Enter")
    expect(anne.locator("#ask-text")).to_contain_text("Sier du ja, lages lenken nå, og Bo får den")
    expect(anne.locator("#ask-no")).to_be_focused()
    shot(anne, f"{text}-3-agreeing-member-question")
    anne.keyboard.press("Shift+Tab")
    expect(anne.locator("#ask-yes")).to_be_focused()
    anne.keyboard.press("Enter")
    expect(anne.locator("#log")).to_contain_text("Du sa ja, og Bo har fått lenken.")
    expect(agree).to_have_count(0)

    # Bo is told who agreed, and one press shows his link, where a link made alone is shown.
    made = bo.locator("#log li", has_text="Anne sa ja. Lenken din er klar.")
    seen_at_the_writing_box(bo, made, text)
    shot(bo, f"{text}-4-asker-told")
    show = made.get_by_role("button", name="Vis lenken")
    show.focus()
    bo.keyboard.press("Enter")
    expect(bo.locator("#invite-link")).to_be_focused()
    expect(bo.locator("#invite-link")).to_have_value(re.compile(r"/i/"))
    expect(bo.locator("#host")).not_to_contain_text("Én til må si ja")
    shot(bo, f"{text}-5-asker-has-the-link")
    link = bo.locator("#invite-link").input_value()

    cy = open_phone(browser, SMALL, SCALES[text])
    enter(cy, link, "Cy")
    expect(anne.locator("#log")).to_contain_text("Cy kom inn.")
    assert ERRORS == []
