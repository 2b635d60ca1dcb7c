"""What a link preview learns, and what the person sees. A messaging app fetches a link sent in a chat and shows
its title and tags, often on a lock screen; for «Angstgruppe torsdag» that is health information. The pages a
link leads to name no room in what a fetcher reads; the person's browser shows the name on the page.
Screenshots at 320x568, with normal and 200 % text, go to artifacts/preview-*.png."""

import re

from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, browser, enter, no_script_errors  # noqa: F401
from test_cafe import make_cafe
from test_coming_back import small_phone
from test_phone_room import open_phone

NAME = "Angstgruppe torsdag"
SMALL = {"width": 320, "height": 568}
FETCHER = {"User-Agent": "WhatsApp/2.24.1 A", "Accept": "text/html"}


def fetched(house, path):
    """The title, meta tags and headings of a page as a fetcher gets it: no cookie, no script, and a
    redirect followed (a used link goes on to its room's page)."""
    status, headers, page = house.request("GET", path, headers=FETCHER)
    if status == 303:
        assert "Angstgruppe" not in page
        status, _, page = house.request("GET", headers["Location"], headers=FETCHER)
    parts = re.findall(r"<title>.*?</title>|<meta[^>]*>|<h[1-6][^>]*>.*?</h[1-6]>", page, re.S)
    return status, parts, page


def shots(browser, house, path, name, wait_for=None):  # noqa: F811
    """The page on a 320x568 phone with normal and with 200 % text: nothing wider than the screen."""
    for scale, suffix in ((1.0, ""), (2.0, "-200")):
        page = open_phone(browser, SMALL, scale)
        page.goto(house.base + path)
        if wait_for:
            expect(page.locator(wait_for[0])).to_contain_text(wait_for[1], timeout=30000)
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"], f"{name}{suffix}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"preview-{name}{suffix}.png"))
        page.context.close()


def test_a_fetcher_reads_no_room_name_on_any_page_a_link_leads_to(house):
    room, host_link = house.create_room(name=NAME)
    invite, used = house.invite(room, count=2)
    house.redeem(used, "Kari")
    _, _, cafe_path, _ = make_cafe(house, name=NAME + " kafé")
    paths = {
        "invite": invite.removeprefix(house.base), "host link": host_link.removeprefix(house.base),
        "used link": used.removeprefix(house.base), "café": cafe_path, "room": f"/r/{room}",
    }
    for what, path in paths.items():
        status, parts, page = fetched(house, path)
        assert status in (200, 410), what
        assert parts and not any("Angstgruppe" in part for part in parts), (what, parts)
        assert '<meta name="robots" content="noindex">' in parts, what
        assert any(part.startswith('<meta property="og:title"') for part in parts), what
    assert NAME not in fetched(house, f"/r/{room}")[2]
    assert '<meta property="og:title" content="Invitasjon · Selvhjelpshuset">' in fetched(house, paths["invite"])[1]


def test_the_invited_person_sees_the_room_name_on_the_page_and_the_tab_stays_nameless(house, browser):  # noqa: F811
    room, _ = house.create_room(name=NAME)
    link = house.invite(room)[0]
    page = small_phone(browser)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Du er invitert til {NAME}")
    assert page.title() == "Invitasjon · Selvhjelpshuset"
    shots(browser, house, link.removeprefix(house.base), "invite")

    _, _, cafe_path, _ = make_cafe(house, name="Kaffetreff for pårørende")
    page.goto(house.base + cafe_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Kaffetreff for pårørende")
    assert page.title() == "Kafé · Selvhjelpshuset"
    shots(browser, house, cafe_path, "cafe")
    assert ERRORS == []


def test_a_phone_without_script_reads_plain_words_and_can_still_accept(house, browser):  # noqa: F811
    room, _ = house.create_room(name=NAME)
    link = house.invite(room)[0]
    context = browser.new_context(viewport=SMALL, is_mobile=True, locale="nb-NO", java_script_enabled=False)
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Du er invitert")
    assert NAME not in page.inner_text("body")
    page.get_by_label(re.compile("Jeg lover")).check()
    page.get_by_label("Navnet ditt i gruppa").fill("Kari")
    page.get_by_role("button", name="Gå inn i rommet").click()
    expect(page).to_have_url(re.compile(rf"/r/{room}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Møterom")
    status, headers, _ = house.request("GET", link.removeprefix(house.base))
    assert status == 303 and headers["Location"] == f"/r/{room}?link=used"  # used: it goes on to the room
    context.close()


def test_the_room_page_names_the_room_only_to_whom_the_room_lets_in(house, browser):  # noqa: F811
    room, host_link = house.create_room(name=NAME)
    member = small_phone(browser)
    enter(member, host_link, "Vert")
    expect(member.locator("#room-name")).to_have_text(NAME)
    assert member.title() == f"{NAME} · Selvhjelpshuset"

    stranger = small_phone(browser)
    stranger.goto(f"{house.base}/r/{room}")
    expect(stranger.locator("#closed-text")).to_contain_text("ikke med i gruppa ennå", timeout=30000)
    expect(stranger.locator("#room-name")).to_have_text("Møterom")
    assert stranger.title() == "Møterom · Selvhjelpshuset"
    assert NAME not in stranger.content()
    shots(browser, house, f"/r/{room}", "room-refused", wait_for=("#closed-text", "ikke med i gruppa"))
    assert ERRORS == []
