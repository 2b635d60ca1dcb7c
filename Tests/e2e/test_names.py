"""Names that cannot impersonate, tried as a person would: in a real browser, and as raw form posts.

A second "Kari" written with a Cyrillic a, in capitals, in full-width letters or with a hidden
character is refused with words on the page, and the link still works with another name. A name
made of invisible characters is refused too.
"""

import re
import urllib.parse

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, browser, no_script_errors  # noqa: F401 (fixtures)

SMALL_PHONE = {"width": 320, "height": 568}
TAKEN = "Noen i gruppa bruker allerede et navn som ligner for mye på dette."
INVISIBLE = "Navnet må ha minst én synlig bokstav eller ett tall."


def post_name(house, link, name):
    path = urllib.parse.urlparse(link).path
    body = urllib.parse.urlencode({"name": name, "pledge": "yes"})
    return house.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


@pytest.mark.parametrize(
    "look_alike",
    ["Kari", "KARI", "kari ", "K\u0430ri", "\uff2b\uff41\uff52\uff49", "K\u200bari", "Kári", "K\u0430r\u0456",
     "K\u1d00ri", "\u1d0bari", "\u13e6\u13aa\u13d2\u13a5", "\U0001d5aa\U0001d5ba\U0001d5cb\U0001d5c2", "\u043aari"],
    ids=["same", "capitals", "trailing-space", "cyrillic-a", "full-width", "zero-width-space", "accent", "two-cyrillic",
         "small-capital-a", "small-capital-k", "cherokee", "mathematical-sans-serif", "cyrillic-small-ka"],
)
def test_a_look_alike_of_a_member_s_name_is_refused_and_the_link_still_works(house, look_alike):
    room, host_link = house.create_room()
    house.redeem(host_link, "Kari")
    link = house.invite(room)[0]
    status, headers, body = post_name(house, link, look_alike)
    assert status == 422 and TAKEN in body
    assert "Set-Cookie" not in headers
    # The same link, another name: in.
    status, _, _ = post_name(house, link, "Kari B.")
    assert status == 303


@pytest.mark.parametrize(
    "look_alike", ["\u2c9ela", "\u0555la", "\u13bela", "\uff2f\uff4c\uff41"], ids=["coptic", "armenian", "cherokee", "full-width"],
)
def test_an_o_from_another_script_does_not_pass_for_ola_but_ole_and_sami_names_do_not_collide(house, look_alike):
    room, host_link = house.create_room()
    house.redeem(host_link, "Ola")
    link = house.invite(room)[0]
    status, _, body = post_name(house, link, look_alike)
    assert status == 422 and TAKEN in body
    # Names that only resemble each other are still different people.
    for name in ("Ole", "Máret", "Márjá", "Ánde", "Čáhppes"):
        status, _, body = post_name(house, house.invite(room)[0], name)
        assert status == 303, (name, body[-300:])


@pytest.mark.parametrize(
    "invisible", ["\u3164", "\u2800\u2800", "\u115f\u1160", "\u0301\u0301", "\u200b\u200d"],
    ids=["hangul-filler", "braille-blank", "hangul-choseong-filler", "marks-only", "zero-width"],
)
def test_a_name_nobody_can_see_is_refused(house, invisible):
    room, host_link = house.create_room()
    status, headers, body = post_name(house, host_link, invisible)
    assert status == 422 and (INVISIBLE in body or "Skriv et navn eller kallenavn." in body)
    assert "Set-Cookie" not in headers


def test_six_hundred_stacked_marks_are_refused_in_words(house):
    room, host_link = house.create_room()
    status, _, body = post_name(house, host_link, "Ola" + "\u0301" * 600)
    assert status == 422 and "for mange aksenter" in body


def test_on_a_small_phone_the_refusal_is_read_out_and_the_person_gets_in_with_another_name(house, browser):
    room, host_link = house.create_room()
    house.redeem(host_link, "Kari")
    link = house.invite(room)[0]
    context = browser.new_context(viewport=SMALL_PHONE, is_mobile=True, has_touch=True, locale="nb-NO")
    page = context.new_page()
    page.on("pageerror", lambda error: ERRORS.append(str(error)))
    page.goto(link)
    page.get_by_label(re.compile("Jeg lover")).check()
    page.get_by_label("Navnet ditt i gruppa").fill("K\u0430ri")
    page.get_by_role("button", name="Gå inn i rommet").click()
    message = page.get_by_text(TAKEN)
    expect(message).to_be_visible()
    # What the person typed is still there, focused, with the explanation beside it in view; the pledge
    # they ticked is still ticked.
    field = page.get_by_label("Navnet ditt i gruppa")
    expect(field).to_have_value("K\u0430ri")
    expect(field).to_be_focused()
    expect(page.get_by_label(re.compile("Jeg lover"))).to_be_checked()
    expect(message).to_be_in_viewport()
    expect(field).to_be_in_viewport()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "name-taken-320.png"))
    field.fill("Kari N.")
    page.get_by_role("button", name="Gå inn i rommet").click()
    expect(page.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    context.close()
