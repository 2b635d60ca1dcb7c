"""A café on phones: a walk-in types the room code on the front page and is in; another comes by the
reusable link; both pages are small and ask nothing of other sites. Screenshots go to artifacts/cafe-*.png."""

from playwright.sync_api import expect

from conftest import ARTIFACTS
from test_browser import ERRORS, accessible, browser, enter, no_script_errors  # noqa: F401
from test_cafe import make_cafe
from test_phone_room import in_view, open_phone

SMALL = {"width": 320, "height": 568}


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"cafe-{name}.png"))


def join_as_guest(page, name):
    page.get_by_label("Hva vil du hete i dag?").fill(name)
    page.get_by_label("Jeg er med på dette").check()
    page.get_by_role("button", name="Gå inn i kafeen").click()
    expect(page.locator("#status")).to_contain_text("Du er inne i", timeout=30000)


def test_a_walk_in_types_the_code_and_another_comes_by_the_link(house, browser):
    room, host_link, link, code = make_cafe(house, name="Kaffetreff")
    host = open_phone(browser, SMALL, 1.0)
    enter(host, host_link, "Vert")

    # The front page: one big field for the code, with the number keypad on a phone.
    walk_in = open_phone(browser, SMALL, 1.0)
    walk_in.goto(house.base + "/")
    field = walk_in.get_by_label("Skriv inn romkode")
    expect(field).to_have_attribute("inputmode", "numeric")
    field.fill("123")
    walk_in.get_by_role("button", name="Gå til kafeen").click()
    expect(walk_in.locator("#code-error")).to_contain_text("ni sifre")
    expect(walk_in.get_by_label("Skriv inn romkode")).to_be_focused()
    shot(walk_in, "1-code-too-short")
    accessible(walk_in, "front page with a code error")
    walk_in.get_by_label("Skriv inn romkode").fill(f"{code[:3]} {code[3:6]} {code[6:]}")
    walk_in.get_by_role("button", name="Gå til kafeen").click()
    expect(walk_in.get_by_role("heading", level=1)).to_contain_text("Velkommen til Kaffetreff")
    shot(walk_in, "2-join")
    accessible(walk_in, "café join page")
    join_as_guest(walk_in, "Gunn")
    expect(host.locator("#log")).to_contain_text("Gunn kom inn.")

    # Another guest by the link, with the same name: told apart.
    by_link = open_phone(browser, SMALL, 1.0)
    cdp = by_link.context.new_cdp_session(by_link)
    cdp.send("Network.enable")
    requests = []
    by_link.on("request", lambda request: requests.append(request.url))
    by_link.goto(house.base + link)
    join_page_bytes = by_link.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((s, e) => s + e.transferSize, 0)"
    )
    join_as_guest(by_link, "Gunn")
    room_page_bytes = by_link.evaluate(
        "() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((s, e) => s + e.transferSize, 0)"
    )
    print(f"\ncafé join page: {join_page_bytes} bytes; room page: {room_page_bytes} bytes")
    assert 0 < join_page_bytes < 30_000 and 0 < room_page_bytes < 30_000
    assert all(url.startswith(house.base) or url.startswith("ws://127.0.0.1") for url in requests), requests
    expect(host.locator("#log")).to_contain_text("Gunn 2 kom inn.")

    # The guests write; the host sees who is a guest, and the café's link and code in the menu.
    by_link.get_by_label("Skriv til alle").fill("Hei fra Gunn 2")
    by_link.get_by_role("button", name="Send", exact=True).click()
    expect(walk_in.locator("#log")).to_contain_text("Hei fra Gunn 2")
    host.get_by_role("button", name="Meny").click()
    expect(host.locator("#present")).to_contain_text("gjest")
    expect(host.locator("#cafe-code")).to_contain_text(f"{code[:3]} {code[3:6]} {code[6:]}")
    shot(host, "3-host-menu")
    accessible(host, "the café host's menu")
    # A guest's menu has no way to leave a group they are not in, and no controls.
    walk_in.get_by_role("button", name="Meny").click()
    expect(walk_in.get_by_role("button", name="Gå ut av gruppa for godt")).to_be_hidden()
    expect(walk_in.get_by_role("button", name="Styr møtet")).to_be_hidden()
    shot(walk_in, "4-guest-menu")
    assert ERRORS == []


def test_with_big_text_the_code_field_and_the_cafe_page_fit_the_width_of_a_small_phone(house, browser):
    room, _, link, _ = make_cafe(house)
    page = open_phone(browser, SMALL, 2.0)
    for path in ("/", link):
        page.goto(house.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL["width"], path
    page.goto(house.base + "/")
    page.get_by_label("Skriv inn romkode").focus()
    expect(page.get_by_label("Skriv inn romkode")).to_be_in_viewport()
    shot(page, "5-code-200-percent")


def test_the_cafe_hosts_menu_has_cafe_words_and_a_locked_cafe_says_so_before_the_form(house, browser):
    room, host_link, link, _ = make_cafe(house, name="Kaffetreff")
    # The host reads with text at 200 % on a small phone.
    host = open_phone(browser, SMALL, 2.0)
    enter(host, host_link, "Vert")
    # Before a meeting the bar says the café is open, whole: not «Kafeen er åpen: b…».
    clock = host.locator("#clock")
    expect(clock).to_have_text("Kafeen er åpen: bare skriv.")
    assert clock.evaluate("e => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= innerWidth")
    # Once the welcome line has passed, all of it is in view in the bar.
    expect(host.locator("#status")).to_be_empty(timeout=30_000)
    in_view(host, "#clock")
    shot(host, "6-host-200-percent")

    # The menu is the café's: its link and code, the lock and the cap, and nothing of a group's.
    host.get_by_role("button", name="Meny").click()
    expect(host.get_by_role("heading", name="Kafeens lenke og romkode")).to_be_visible()
    expect(host.get_by_role("heading", name="Kafeen", exact=True)).to_be_visible()
    for group_only in ["Gjør gruppa selvstyrt", "Vis alle medlemmer", "Gå ut av gruppa for godt", "Lag invitasjonslenke"]:
        expect(host.get_by_role("button", name=group_only)).to_be_hidden()
    expect(host.get_by_role("heading", name="Inviter deltakere")).to_be_hidden()
    expect(host.get_by_role("heading", name="Gruppa", exact=True)).to_be_hidden()
    accessible(host, "the café host's menu at 200 %")
    host.get_by_label("Lås rommet for nye i dette møtet").check()
    expect(host.locator("#log")).to_contain_text("har låst rommet")
    host.locator("#people").screenshot(path=str(ARTIFACTS / "cafe-7-host-menu-200-percent.png"))

    # A guest opening the link is told before the form, under the heading, that nobody new gets in now.
    guest = open_phone(browser, SMALL, 2.0)
    guest.goto(house.base + link)
    notice = guest.locator(".notice.door")
    expect(notice).to_have_text("Kafeen er låst for nye akkurat nå, så du kommer ikke inn ennå. Prøv igjen litt senere.")
    heading, name_field = guest.get_by_role("heading", level=1), guest.get_by_label("Hva vil du hete i dag?")
    assert heading.bounding_box()["y"] < notice.bounding_box()["y"] < name_field.bounding_box()["y"]
    accessible(guest, "a locked café's page")
    guest.screenshot(path=str(ARTIFACTS / "cafe-8-locked-200-percent.png"), full_page=True)
    # Filling it in anyway gets the same words again, and no pass.
    guest.get_by_label("Hva vil du hete i dag?").fill("Gunn")
    guest.get_by_label("Jeg er med på dette").check()
    guest.get_by_role("button", name="Gå inn i kafeen").click()
    expect(guest.locator(".notice.door")).to_be_visible()
    assert not [c for c in guest.context.cookies() if c["name"].startswith("rs_guest_")]

    # Unlocked: the page is as before, and the guest comes in.
    host.get_by_label("Lås rommet for nye i dette møtet").uncheck()
    expect(host.locator("#log")).to_contain_text("har åpnet rommet")
    guest.goto(house.base + link)
    expect(guest.locator(".notice.door")).to_have_count(0)
    join_as_guest(guest, "Gunn")
    assert ERRORS == []
