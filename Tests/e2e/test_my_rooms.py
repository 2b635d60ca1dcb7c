"""«Mine rom» on the front page: the rooms this browser is a member of, each a link straight in, from a
cookie that holds room ids only; a café visited as a guest and a practice meeting are not listed; «Glem
denne listen» forgets it without taking anyone out of a group (docs/PRIVACY.md, «Mine rom»). On a 320x568
phone with text at 200 %; screenshots go to artifacts/my-rooms-*.png."""

import re

from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, no_script_errors  # noqa: F401
from test_cafe import make_cafe
from test_cafe_browser import join_as_guest
from test_phone_room import open_phone

SMALL = {"width": 320, "height": 568}


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"my-rooms-{name}.png"))


def cookie(page, name):
    return next((c for c in page.context.cookies() if c["name"] == name), None)


def test_the_front_page_lists_the_rooms_this_browser_is_in_and_forgets_them_on_request(house, browser):
    room, _ = house.create_room(name="Torsdagsgruppa")
    house.create_room(name="Onsdagsgruppa")
    _, _, cafe_link, _ = make_cafe(house, name="Kaffetreff")
    kari = open_phone(browser, SMALL, 2.0)

    # Before joining anything: no list, and the words say how to come back.
    kari.goto(house.base + "/")
    expect(kari.get_by_role("heading", name="Mine rom")).to_have_count(0)
    expect(kari.locator(".steps")).to_contain_text("Åpne lenken du fikk på SMS eller e-post igjen")

    # A member of one group, a guest in a café, and a practice meeting tried.
    enter(kari, house.invite(room)[0], "Kari")
    kari.goto(house.base + cafe_link)
    join_as_guest(kari, "Kari")
    kari.goto(house.base + "/")
    kari.get_by_role("button", name="Prøv et møte først").click()
    expect(kari.get_by_role("heading", level=1)).to_have_text("Øvemøte")

    kari.goto(house.base + "/")
    mine = kari.locator("section.myrooms")
    expect(kari.get_by_role("heading", name="Mine rom")).to_be_visible()
    expect(mine.get_by_role("link")).to_have_count(1)
    expect(mine.get_by_role("link", name="Torsdagsgruppa")).to_have_attribute("href", f"/r/{room}")
    for other in ("Onsdagsgruppa", "Kaffetreff", "Øvemøte"):
        expect(mine).not_to_contain_text(other)
    expect(kari.locator(".steps")).to_contain_text("står under «Mine rom» øverst")
    # The list is the first thing under the page's heading, before the café code and the practice meeting.
    # (At 200 % text on 320x568 the house's top bar and the heading fill the first screen of every page.)
    link = mine.get_by_role("link", name="Torsdagsgruppa")
    assert link.bounding_box()["y"] < kari.locator("#code").bounding_box()["y"]
    kari.get_by_role("heading", name="Mine rom").evaluate("(heading) => heading.scrollIntoView({ block: 'start' })")
    expect(link).to_be_in_viewport(ratio=0.99)
    shot(kari, "1-front-page-200")
    accessible(kari, "front page with «Mine rom»")

    # The cookie holds the room's id and nothing else: not the key, not a name; script cannot read it.
    listed, key = cookie(kari, "rs_rooms"), cookie(kari, "rs_member")
    assert listed["value"] == room
    assert key["value"] not in listed["value"]
    assert listed["httpOnly"] and listed["path"] == "/"
    assert "rs_rooms" not in kari.evaluate("document.cookie")

    # The link goes straight into the room.
    mine.get_by_role("link", name="Torsdagsgruppa").click()
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)

    # Forgetting the list: it goes, the page says so, and Kari is still in her group.
    kari.goto(house.base + "/")
    kari.get_by_role("button", name="Glem denne listen").click()
    expect(kari.locator("main p.status")).to_have_text(re.compile("^Listen er glemt."))
    expect(kari.get_by_role("heading", name="Mine rom")).to_have_count(0)
    assert cookie(kari, "rs_rooms") is None
    assert cookie(kari, "rs_member") is not None
    shot(kari, "2-forgotten-200")
    accessible(kari, "front page, list forgotten")

    # Opened from a link in another app (here: another site), the room page comes without the key's Strict
    # cookie; once the room lets Kari in, the page itself puts the room back on the list.
    kari.goto(house.base.replace("127.0.0.1", "localhost") + "/")
    kari.evaluate("(href) => { const a = document.createElement('a'); a.href = href; a.id = 'away'; a.textContent = 'rommet'; document.body.append(a); }",
                  f"{house.base}/r/{room}")
    kari.locator("#away").click()
    expect(kari.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    for _ in range(100):
        if cookie(kari, "rs_rooms"):
            break
        kari.wait_for_timeout(100)
    assert cookie(kari, "rs_rooms")["value"] == room


def test_a_room_whose_key_stopped_working_leaves_the_list(house, browser):
    room, host_link = house.create_room(name="Tirsdagsgruppa")
    host = open_phone(browser, SMALL, 1.0)
    enter(host, host_link, "Igang")
    kari = open_phone(browser, SMALL, 1.0)
    enter(kari, house.invite(room)[0], "Kari")
    assert cookie(kari, "rs_rooms")["value"] == room

    # Kari steps out for good; opening the room again drops the dead key and the room from the list.
    kari.get_by_role("button", name="Meny").click()
    kari.get_by_role("button", name="Gå ut av gruppa for godt").click()
    kari.locator("#ask-yes").click()
    expect(host.locator("#log")).to_contain_text(re.compile("Kari.*gruppa"))
    kari.goto(f"{house.base}/r/{room}")
    kari.goto(house.base + "/")
    expect(kari.get_by_role("heading", name="Mine rom")).to_have_count(0)
    assert cookie(kari, "rs_rooms") is None


def test_at_ordinary_text_size_the_list_is_in_view_on_a_small_phone(house, browser):
    room, _ = house.create_room(name="Torsdagsgruppa")
    kari = open_phone(browser, SMALL, 1.0)
    enter(kari, house.invite(room)[0], "Kari")
    kari.goto(house.base + "/")
    expect(kari.locator("section.myrooms").get_by_role("link", name="Torsdagsgruppa")).to_be_in_viewport(ratio=0.99)
    shot(kari, "3-front-page-100")
