"""A first-timer on a small phone: from the front page into a practice meeting, through each step the
guide suggests, to the end; what they must act on is in view at the writing box, and axe finds nothing."""

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, House
from test_browser import ERRORS, accessible, browser, no_script_errors  # noqa: F401
from test_phone_room import in_view, open_phone


@pytest.fixture
def practice_house(tmp_path):
    house = House(tmp_path, ["--practice-beat-ms", "400"]).start()
    yield house
    house.stop()


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"practice-{name}.png"))


def write(page, text):
    box = page.get_by_label("Skriv til gruppa")
    box.fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(box).to_have_value("", timeout=5000)


@pytest.mark.parametrize("came_from", ["front page", "invite"])
def test_a_first_timer_tries_a_whole_meeting_alone_on_a_small_phone(practice_house, browser, came_from):  # noqa: F811
    house = practice_house
    page = open_phone(browser, {"width": 320, "height": 568}, 1.0)
    if came_from == "invite":
        room, _ = house.create_room(name="Torsdagsgruppa")
        invite = house.invite(room)[0]
        page.goto(invite)
    else:
        page.goto(house.base + "/")
    page.get_by_role("button", name="Prøv et møte først").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Øvemøte")
    guide = page.locator("#guide-text")
    expect(guide).to_contain_text("Dette er et øvemøte")
    accessible(page, "practice welcome")
    shot(page, "1-welcome")

    # Writing: the guide says how, a pretend member answers.
    expect(guide).to_contain_text("Prøv å skrive «hei»", timeout=30_000)
    in_view(page, "#guide-text")
    write(page, "hei")
    expect(page.locator("#log")).to_contain_text("Så fint å høre fra deg!", timeout=30_000)
    shot(page, "2-written")

    # Their turn in the round: the question, Ferdig and Står over, and the guide, at the writing box.
    expect(page.locator("#your-turn")).to_be_visible(timeout=60_000)
    expect(guide).to_contain_text("Nå er det din tur")
    for selector in ["#your-turn", "#done", "#guide-text", "#text"]:
        in_view(page, selector)
    accessible(page, "practice turn")
    shot(page, "3-your-turn")
    # In a round, Ferdig sends what was written and ends the turn: one button, not two.
    page.get_by_label("Skriv til gruppa").fill("Jeg har det greit")
    page.get_by_role("button", name="Ferdig").click()
    expect(page.locator("#log")).to_contain_text("Jeg har det greit")
    expect(page.locator("#your-turn")).to_be_hidden()

    # The hand queue.
    expect(guide).to_contain_text("Trykk «Rekk opp hånda»", timeout=60_000)
    raise_hand = page.get_by_role("button", name="Rekk opp hånda")
    expect(raise_hand).to_be_visible(timeout=30_000)
    raise_hand.click()
    expect(guide).to_contain_text("Du har ordet", timeout=60_000)
    in_view(page, "#guide-text")
    shot(page, "4-floor")
    write(page, "Takk for at jeg får øve")
    page.locator("#free-done").click()

    # The break ends by itself; the guide can be hidden and shown again.
    expect(guide).to_contain_text("Pause", timeout=60_000)
    shot(page, "5-break")
    page.get_by_role("button", name="Skjul veiledningen").click()
    expect(page.locator("#guide")).to_be_hidden()
    page.get_by_role("button", name="Vis veiledningen").click()
    expect(page.locator("#guide")).to_be_visible()

    # The closing round: this time they pass.
    expect(guide).to_contain_text("Din tur i siste runde", timeout=90_000)
    page.get_by_role("button", name="Står over").click()

    # The end: the screen clears, and the ways on are at hand.
    expect(guide).to_contain_text("Møtet er slutt", timeout=90_000)
    again = page.locator("#practice-end").get_by_role("button", name="Prøv et nytt øvemøte")
    expect(again).to_be_visible()
    expect(page.locator("#log")).not_to_contain_text("Jeg har det greit")
    # The end box says what is true of a practice meeting: it does not come back.
    ended = page.locator("#ended")
    expect(ended).to_contain_text("Øvemøtet kommer ikke tilbake")
    expect(ended).not_to_contain_text("neste gang også")
    # No line about a place in the queue stays behind, seen or read out.
    expect(page.locator("#news")).not_to_contain_text("nummer")
    expect(page.locator("#waiting")).to_be_hidden()
    expect(page.locator("#status")).not_to_contain_text("nummer")
    if came_from == "invite":
        # From an invite the real group is the way on: filled and first; another practice is the quiet one.
        back = page.locator("#practice-end").get_by_role("link", name="Tilbake til invitasjonen")
        expect(back).to_be_visible()
        assert "button" in back.get_attribute("class") and "quiet" in again.get_attribute("class")
        assert back.bounding_box()["y"] <= again.bounding_box()["y"]
        in_view(page, "#practice-end a.button")
    else:
        assert "quiet" not in (again.get_attribute("class") or "")
        expect(page.locator("#practice-end").get_by_role("link", name="Til forsiden")).to_be_visible()
    accessible(page, "practice end")
    shot(page, f"6-ended-{came_from.replace(' ', '-')}")
    # The same end with text at 200 %, as many of the house's members read.
    page.add_style_tag(content="html { font-size: 225% !important; }")
    shot(page, f"7-ended-{came_from.replace(' ', '-')}-200-percent")
    if came_from == "invite":
        in_view(page, "#practice-end a.button")
    back_to = invite if came_from == "invite" else house.base + "/"
    page.locator("#practice-end a").first.click()
    expect(page).to_have_url(back_to)


def test_from_an_invite_page_the_link_stays_unused_and_the_end_leads_back_to_it(practice_house, browser):  # noqa: F811
    house = practice_house
    room, _ = house.create_room(name="Torsdagsgruppa")
    invite = house.invite(room)[0]
    page = open_phone(browser, {"width": 320, "height": 568}, 1.0)
    page.goto(invite)
    page.get_by_role("button", name="Prøv et møte først").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Øvemøte")
    # Leaving at once ends it; the page says so and leads back to the invitation, still unused.
    page.get_by_role("button", name="Meny").click()
    page.get_by_role("button", name="Gå ut av rommet").click()
    page.get_by_role("button", name="Ja, gå ut").click()
    # The way back to the real group is the filled button, first; another practice is the quiet one.
    left = page.locator("#left")
    back = left.get_by_role("link", name="Tilbake til invitasjonen")
    expect(back).to_be_visible()
    assert "quiet" in left.get_by_role("button", name="Prøv et nytt øvemøte").get_attribute("class")
    accessible(page, "practice left, from an invite")
    page.goto(invite)
    expect(page.get_by_role("button", name="Gå inn i rommet")).to_be_visible()
    page.go_back()
    expect(page.locator("main")).to_contain_text("Øvemøtet er over", timeout=60_000)
