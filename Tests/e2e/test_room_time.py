"""The meeting's time and «your turn»: a host sets the room's weekly time, members see it before the start and on the
invite page, «Legg i kalenderen» gives a file a real calendar parser reads as a weekly meeting at the room's address,
and a speaker whose page is hidden is shown to the others as away, with a way for the host to move on."""

import datetime
import re
import zoneinfo

import icalendar
import recurring_ical_events
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import accessible, browser, enter, make_invite, no_script_errors, phone  # noqa: F401
from test_phone_room import open_phone

WEEKLY = "Møtene er hver torsdag kl. 18.00–20.00."
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def big_text_phone(browser):  # noqa: F811
    return open_phone(browser, {"width": 320, "height": 568}, 2.0)


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"time-{name}.png"))


def set_time(page, day, start, minutes):
    """As the host does: the menu's «Møtetid og kalender», the form, back to the room."""
    page.get_by_role("button", name="Meny").click()
    page.get_by_role("link", name="Møtetid og kalender").click()
    page.get_by_label("Dag").select_option(label=day)
    page.get_by_label("Starter klokka").fill(start)
    page.get_by_label("Varer, i minutter").fill(str(minutes))
    page.get_by_role("button", name="Lagre møtetiden").click()
    expect(page.get_by_role("status")).to_contain_text("Møtetiden er lagret")


def hide(page, hidden=True):
    """The phone's screen goes off (or another app comes in front), as far as the page can tell."""
    page.evaluate(
        """(hidden) => {
            Object.defineProperty(document, "visibilityState", { value: hidden ? "hidden" : "visible", configurable: true });
            Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
            document.dispatchEvent(new Event("visibilitychange"));
        }""",
        hidden,
    )


def test_the_host_sets_the_weekly_time_and_members_see_it_and_get_it_in_their_calendar(house, browser):  # noqa: F811
    room, host_link = house.create_room(name="Torsdagsgruppa, Oslo")
    host = phone(browser)
    enter(host, host_link, "Vert")
    kari = big_text_phone(browser)
    enter(kari, make_invite(host), "Kari")
    expect(kari.locator("#clock")).to_have_text("Møtet har ikke startet ennå.")

    set_time(host, "torsdag", "18:00", 120)
    accessible(host, "the room's time page, for the host")
    # Kari, in the room, sees it at once, where the meeting's clock will be.
    expect(kari.locator("#clock")).to_have_text(WEEKLY)
    screenshot(kari, "320-big-text-before-start")
    accessible(kari, "room before the start, with a weekly time")
    host.get_by_role("link", name="Tilbake til rommet").click()
    expect(host.locator("#clock")).to_have_text(WEEKLY, timeout=30000)
    # The text that goes with a new link says when the group meets, after what the link is.
    make_invite(host)
    expect(host.locator("#invite-message")).to_contain_text(WEEKLY)

    # A new member reads it on the invite, before joining.
    link = house.invite(room)[0]
    newcomer = phone(browser)
    newcomer.goto(link)
    expect(newcomer.get_by_text(WEEKLY)).to_be_visible()

    # Kari, a member, gets the calendar file: one weekly event on Thursdays at 18:00 in Oslo, at the room's address.
    kari.get_by_role("button", name="Meny").click()
    kari.get_by_role("link", name="Møtetid og kalender").click()
    expect(kari.get_by_text(WEEKLY)).to_be_visible()
    # A member who does not hold the room's settings gets no form.
    expect(kari.get_by_label("Starter klokka")).to_have_count(0)
    accessible(kari, "the room's time page, for a member")
    screenshot(kari, "320-big-text-time-page")
    with kari.expect_download() as download:
        kari.get_by_role("link", name="Legg i kalenderen").click()
    response = kari.request.get(f"{house.base}/r/{room}/kalender.ics")
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    # What the link saved is the same calendar (its DTSTAMP may be a second apart).
    saved = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())
    assert saved.walk("VEVENT")[0]["RRULE"] == icalendar.Calendar.from_ical(response.body()).walk("VEVENT")[0]["RRULE"]
    calendar = icalendar.Calendar.from_ical(response.body())
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Torsdagsgruppa, Oslo"
    address = f"{house.base}/r/{room}"
    assert str(event["URL"]) == address
    assert address in str(event["LOCATION"])
    assert address in str(event["DESCRIPTION"])
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["TH"]
    assert str(event["UID"]) == f"room-{room}@127.0.0.1"
    # The weekly rule, expanded by a real recurrence engine: eight Thursdays, each 18:00–20:00 on Oslo's clock,
    # summer time or not.
    today = datetime.date.today()
    meetings = recurring_ical_events.of(calendar).between(today, today + datetime.timedelta(days=56))
    assert len(meetings) == 8
    for meeting in meetings:
        start, end = meeting["DTSTART"].dt.astimezone(OSLO), meeting["DTEND"].dt.astimezone(OSLO)
        assert (start.isoweekday(), start.hour, start.minute) == (4, 18, 0)
        assert end - start == datetime.timedelta(hours=2)
    # The zone travels with the file: a calendar elsewhere puts the meeting at Oslo's 18:00.
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Oslo"

    # Nobody without the room's key gets the file, or the page: the unknown room's 404.
    for path in (f"/r/{room}/kalender.ics", f"/r/{room}/tid"):
        status, _, _ = house.request("GET", path)
        assert status == 404
    assert newcomer.request.get(f"{house.base}/r/{room}/kalender.ics").status == 404

    # The host takes the time away: the room says again only that the meeting has not started.
    host.get_by_role("button", name="Meny").click()
    host.get_by_role("link", name="Møtetid og kalender").click()
    host.get_by_role("button", name="Ta bort møtetiden").click()
    expect(host.get_by_text("Rommet har ingen fast møtetid ennå.")).to_be_visible()
    assert kari.request.get(f"{house.base}/r/{room}/kalender.ics").status == 404


def test_a_speaker_whose_screen_goes_off_is_shown_as_away_and_the_host_may_move_on(house, browser):  # noqa: F811
    room, host_link = house.create_room(name="Onsdagsgruppa")
    host = big_text_phone(browser)
    enter(host, host_link, "Vert")
    kari = phone(browser)
    # Her phone's vibrations, counted (the test's browser has no motor).
    kari.add_init_script("window.buzzes = 0; navigator.vibrate = () => { window.buzzes += 1; return true; };")
    enter(kari, make_invite(host), "Kari")
    ola = big_text_phone(browser)
    enter(ola, make_invite(host), "Ola")

    # Kari asks to be told by vibration and sound; it is remembered as a plain on/off.
    kari.get_by_role("button", name="Meny").click()
    kari.get_by_label("Vibrer og si fra med en lyd når det er min tur").check()
    assert kari.evaluate("localStorage.getItem('rs.turnalert')") == "on"
    kari.wait_for_function("window.buzzes === 1")
    kari.locator("#people .close-panel").click()

    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_role("button", name="Start møtet").click()
    host.get_by_role("button", name="Styr møtet").click()
    host.get_by_label("Runde", exact=True).select_option("how-am-i")
    host.get_by_role("button", name="Start runden").click()
    expect(host.locator("#your-turn")).to_be_visible()
    host.get_by_role("button", name="Står over").click()
    # Kari's turn: her phone buzzes.
    expect(kari.locator("#your-turn")).to_be_visible()
    kari.wait_for_function("window.buzzes === 2")

    # Her screen goes off: the others see why nothing comes, and the host is offered to move on.
    hide(kari)
    expect(ola.locator("#waiting")).to_have_text("Kari er borte fra skjermen")
    expect(host.locator("#waiting")).to_have_text("Kari er borte fra skjermen")
    expect(host.locator("#away-skip")).to_be_visible()
    expect(ola.locator("#away-skip")).to_be_hidden()
    screenshot(host, "320-big-text-away-host")
    screenshot(ola, "320-big-text-away-member")
    accessible(host, "a speaker away from the screen (host)")
    accessible(ola, "a speaker away from the screen (member)")

    # Back again: the line says she has the word.
    hide(kari, False)
    expect(ola.locator("#waiting")).to_have_text(re.compile("Kari har ordet"))
    expect(host.locator("#away-skip")).to_be_hidden()

    # Away again, and the host moves on: Ola has the word, and the mark is gone with Kari's turn.
    hide(kari)
    expect(host.locator("#away-skip")).to_be_visible()
    host.get_by_role("button", name="Gå videre").click()
    expect(ola.locator("#your-turn")).to_be_visible()
    expect(host.locator("#waiting")).to_have_text(re.compile("Ola har ordet"))
    hide(kari, False)
    expect(host.locator("#waiting")).to_have_text(re.compile("Ola har ordet"))
