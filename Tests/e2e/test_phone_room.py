"""The room on a phone, at each moment of a meeting: what the person must see or press is in view at the
writing box, Ferdig sends what is written, Enter makes a line on a touch screen, and nothing is lost by
one tap. Run at 320x568 with text at 200 %, and at 360x740. Screenshots of each moment go to artifacts/.
"""

import re

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, make_invite, no_script_errors, open_leave  # noqa: F401

MOBILE = True

PHONES = {
    "320-big-text": ({"width": 320, "height": 568}, 2.0),
    "360": ({"width": 360, "height": 740}, 1.0),
    # The small phone with its keyboard open: what is left of the screen above it.
    "320-keyboard-big-text": ({"width": 320, "height": 300}, 2.0),
}
# With the keyboard closed, the conversation keeps at least this share of the screen's height at every moment.
CONVERSATION_SHARE = 0.4


def open_phone(browser, size, text_scale):
    # Bypassing the page's CSP only so the test can turn the text size up, as a person would in the settings.
    context = browser.new_context(viewport=size, is_mobile=MOBILE, has_touch=True, locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    if text_scale != 1.0:
        page.add_init_script(
            "document.addEventListener('DOMContentLoaded', () => {"
            f"  const s = document.createElement('style'); s.textContent = 'html {{ font-size: {112.5 * text_scale}% !important; }}';"
            "  document.head.append(s); });"
        )
    return page


def in_view(page, selector):
    """The whole element is inside the window and not clipped by a scrolling part of the page: the person
    sees it without scrolling."""
    expect(page.locator(selector)).to_be_in_viewport(ratio=0.99)


def at_the_writing_box(page, *selectors, name, phone, send="#send", writing=True):
    """With the writing box focused (the keyboard would be up), everything the moment needs is in view, and the
    conversation keeps its share of the screen. `writing=False`: a moment with nothing to write (the end)."""
    if writing:
        page.get_by_label("Skriv til gruppa").focus()
    try:
        for selector in (*(("#text", *([send] if send else [])) if writing else ()), *selectors):
            expect(page.locator(selector)).to_be_visible()
            in_view(page, selector)
        if "keyboard" not in phone:
            share = page.evaluate("document.getElementById('live').getBoundingClientRect().height / innerHeight")
            assert share >= CONVERSATION_SHARE, f"{name}: the conversation has {share:.0%} of the screen"
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-{phone}-{name}.png"))


@pytest.mark.parametrize("phone", PHONES.keys())
def test_every_moment_of_a_meeting_is_in_view_at_the_writing_box(fast_house, browser, phone):
    house = fast_house
    size, scale = PHONES[phone]
    room, host_link = house.create_room(name="Torsdagsgruppa for pårørende")
    # The private time cue after eight plan minutes: sixteen seconds here, after the first moments are looked at.
    house.admin("plan", f"--room={room}", "--cue-minutes", "8")
    host = open_phone(browser, size, scale)
    enter(host, host_link, "Vert")
    kari = open_phone(browser, size, scale)
    enter(kari, make_invite(host), "Kari")
    ola = open_phone(browser, size, scale)
    enter(ola, make_invite(host), "Ola")

    # Right after joining: how to come back next week, once; the address is the room's own.
    expect(kari.locator("#come-back")).to_be_visible()
    assert kari.url.endswith(f"/r/{room}")
    kari.get_by_role("button", name="Skjønner").click()
    expect(kari.locator("#come-back")).to_be_hidden()

    # Before the start.
    expect(kari.locator("#clock")).to_contain_text("ikke startet")
    at_the_writing_box(kari, "#clock", name="1-before-start", phone=phone)
    accessible(kari, "before the start")

    # A round: the host's turn, with the question and Ferdig / Står over at the writing box.
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Start møtet").click()
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_label("Runde", exact=True).select_option("how-am-i")
    host.get_by_role("button", name="Start runden").click()
    expect(host.locator("#your-turn")).to_be_visible()
    expect(host.locator("#turn-question")).to_have_text("Hvordan har jeg det akkurat nå?")
    # In a round, Ferdig is the send button.
    at_the_writing_box(host, "#done", "#pass", "#turn-question", name="2-your-turn", phone=phone, send=None)
    expect(host).to_have_title(re.compile("^Din tur"))
    accessible(host, "your turn")

    # Waiting: who has the word and your place, at the writing box; you may draft meanwhile.
    expect(ola.locator("#waiting")).to_have_text("Vert har ordet – du er nummer 2.")
    ola.get_by_label("Skriv til gruppa").fill("Det jeg vil si når det blir min tur")
    at_the_writing_box(ola, "#waiting", name="3-waiting-in-round", phone=phone)
    expect(ola.locator("#send")).to_have_text("Venter på tur")
    accessible(ola, "waiting in a round")

    # Ferdig sends what is written, then ends the share, in one tap; focus stays at the writing box.
    host.get_by_label("Skriv til gruppa").fill("Jeg har hatt en tung uke.")
    host.get_by_role("button", name="Ferdig").click()
    expect(kari.locator("#log")).to_contain_text("Jeg har hatt en tung uke.")
    # The conversation follows, although the round's box grew above it: the share is in sight.
    if "keyboard" not in phone:  # with the keyboard up, the writing box and the turn take the screen
        expect(kari.locator("#log .msg").last).to_be_in_viewport()
    expect(host.get_by_label("Skriv til gruppa")).to_have_value("")
    expect(host.get_by_label("Skriv til gruppa")).to_be_focused()
    expect(host).not_to_have_title(re.compile("^Din tur"))

    # Kari's turn. On a touch screen Enter makes a new line; only the button sends.
    expect(kari.locator("#your-turn")).to_be_visible()
    box = kari.get_by_label("Skriv til gruppa")
    box.fill("Første linje")
    box.press("End")
    box.press("Enter")
    box.type("andre linje")
    expect(box).to_have_value("Første linje\nandre linje")
    expect(ola.locator("#waiting")).to_have_text("Kari har ordet – du er neste.")

    # The private time cue shows at the writing box.
    expect(kari.locator("#cue")).to_be_visible(timeout=20_000)
    at_the_writing_box(kari, "#cue", "#done", name="4-time-cue", phone=phone, send=None)
    kari.get_by_role("button", name="Ferdig").click()
    expect(host.locator("#log .msg").last).to_contain_text("andre linje")
    expect(kari.get_by_label("Skriv til gruppa")).to_be_focused()
    ola.get_by_role("button", name="Ferdig").click()
    expect(kari.locator("#log")).to_contain_text("Det jeg vil si når det blir min tur")

    # One at a time with a raised hand: the place in line, at the writing box.
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_label("Én om gangen, med talerliste").check()
    kari.get_by_role("button", name="Rekk opp hånda").click()
    expect(kari.get_by_label("Skriv til gruppa")).to_be_focused()
    ola.get_by_role("button", name="Rekk opp hånda").click()
    expect(ola.locator("#waiting")).to_have_text("Kari har ordet – du er neste.")
    expect(ola.locator("#news")).to_have_text("Du er nummer 1.")  # read out once, not shown twice
    at_the_writing_box(ola, "#waiting", "#lower-hand", name="5-hand-raised", phone=phone)
    accessible(ola, "hand raised")
    kari.locator("#free-done").click()
    expect(ola.locator("#free-done")).to_be_visible()
    at_the_writing_box(ola, "#free-done", name="6-hand-your-turn", phone=phone)
    ola.locator("#free-done").click()
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_label("Én om gangen, med talerliste").uncheck()

    # A break: the clock at the writing box.
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="5 min", exact=True).click()
    expect(kari.locator("#break-clock")).to_have_text(re.compile(r"^\d+:\d\d$"))
    at_the_writing_box(kari, "#break-line", name="7-break", phone=phone)
    accessible(kari, "break")
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Fortsett nå").click()

    # A lost connection: said in the bar, in view, and the draft stays.
    cdp = kari.context.new_cdp_session(kari)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    expect(kari.locator("#status")).to_contain_text("Forbindelsen falt ut")
    kari.get_by_label("Skriv til gruppa").fill("Skrevet i tunnelen")
    at_the_writing_box(kari, "#status", name="8-reconnecting", phone=phone)
    expect(kari.locator("#send")).to_have_text("Venter på forbindelsen")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    expect(kari.locator("#send")).to_have_text("Send", timeout=30_000)

    # Leaving asks first; "stay" keeps everything as it was.
    open_leave(kari)
    expect(kari.get_by_role("alertdialog")).to_contain_text("Vil du gå ut av rommet?")
    if "keyboard" not in phone:  # a tap on the menu puts the keyboard away: the question has the whole screen
        in_view(kari, "#ask-yes")
    kari.get_by_role("button", name="Bli i rommet").click()
    kari.locator("#people .close-panel").click()
    expect(kari.get_by_label("Skriv til gruppa")).to_have_value("Skrevet i tunnelen")

    # The end asks first, then thanks everyone, with no "nobody has written yet".
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Avslutt møtet").click()
    expect(host.get_by_role("button", name="Ikke avslutt")).to_be_focused()
    if "keyboard" not in phone:
        in_view(host, "#ask-yes")
    host.get_by_role("button", name="Ja, avslutt møtet").click()
    expect(kari.locator("#ended")).to_contain_text("Møtet er slutt. Takk for i dag.")
    expect(kari.locator("#empty")).to_be_hidden()
    # The thanks in view; nothing to write any more, so the writing box gives its room to the questions.
    at_the_writing_box(kari, "#ended h2", name="9-ended", phone=phone, writing=False)
    expect(kari.get_by_label("Skriv til gruppa")).to_be_hidden()
    expect(kari.locator("#evaluation")).to_be_visible()
    accessible(kari, "ended")


def test_when_the_host_drops_off_the_room_says_anyone_may_now_run_the_meeting(house, browser):
    room, host_link = house.create_room(name="Vertsløs")
    size, scale = PHONES["360"]
    host = open_phone(browser, size, scale)
    enter(host, host_link, "Vert")
    kari = open_phone(browser, size, scale)
    enter(kari, make_invite(host), "Kari")
    expect(kari.get_by_role("button", name="Styr møtet")).to_be_hidden()
    open_leave(host)
    host.get_by_role("button", name="Ja, gå ut").click()
    expect(kari.locator("#status")).to_have_text("Verten er borte – nå kan alle styre møtet.")
    expect(kari.get_by_role("button", name="Styr møtet")).to_be_visible()
    expect(kari.locator("#log")).to_contain_text("Verten er borte")


def test_with_a_keyboard_enter_sends_and_shift_enter_makes_a_line(house, browser):
    room, host_link = house.create_room(name="Ved PC-en")
    desk = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nb-NO").new_page()
    desk.on("pageerror", lambda error: ERRORS.append(str(error)))
    enter(desk, host_link, "Vert")
    box = desk.get_by_label("Skriv til gruppa")
    box.type("Hei")
    box.press("Shift+Enter")
    box.type("alle sammen")
    expect(box).to_have_value("Hei\nalle sammen")
    box.press("Enter")
    expect(desk.locator("#log")).to_contain_text("alle sammen")
    expect(box).to_have_value("")
    expect(desk.locator("#enter-hint")).to_have_text("Enter sender. Shift+Enter gir ny linje.")


def test_the_host_notes_whom_a_link_is_for_and_a_revoked_link_leaves_the_copy_box(house, browser):
    room, host_link = house.create_room(name="Lenker")
    size, scale = PHONES["360"]
    host = open_phone(browser, size, scale)
    enter(host, host_link, "Vert")
    host.get_by_role("button", name="Meny").click()
    host.get_by_label("Hvem er lenken til? (valgfritt)").fill("Kari")
    host.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(host.locator("#invite-link")).to_have_value(re.compile(r"/i/"))
    expect(host.locator("#invites")).to_contain_text("til Kari")
    expect(host.get_by_label("Hvem er lenken til? (valgfritt)")).to_have_value("")
    accessible(host, "host's invitations")
    host.screenshot(path=str(ARTIFACTS / "phone-360-invites.png"))
    host.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(host.locator("#invites li")).to_have_count(2)
    host.get_by_label("Hvem er lenken til? (valgfritt)").fill("Ola")
    host.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(host.locator("#invites")).to_contain_text("til Ola")
    # Revoking the link in the copy box empties the box, and the other links stay listed.
    host.locator("#invites li", has_text="til Ola").get_by_role("button", name="Trekk tilbake").click()
    expect(host.locator("#new-invite")).to_be_hidden()
    expect(host.locator("#invite-link")).to_have_value("")
    expect(host.locator("#invites li")).to_have_count(2)
    expect(host.locator("#unused-count")).to_be_focused()
