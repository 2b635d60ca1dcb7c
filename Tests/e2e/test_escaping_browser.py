"""Names that carry markup joined to a mark stay text in Chromium: a `<` after U+0D4E (a prepended mark) and a `>`
after which comes U+0301 (a combining accent). Escaping by Swift Characters let such a room name through as a live
`<meta http-equiv=refresh>`, and it sent visitors of the invite page and the room page to another site, CSP or not.

The refresh points at a catcher on another local port: a visit there, or a page no longer on the house, fails."""

import http.server
import json
import re
import threading

import pytest
from playwright.sync_api import expect

from conftest import free_port
from test_browser import ERRORS, browser, enter, no_script_errors  # noqa: F401
from test_cafe import make_cafe
from test_coming_back import small_phone

PREPEND = "\u0d4e"  # MALAYALAM LETTER DOT REPH: joins the character after it into one grapheme cluster
ACCENT = "\u0301"  # COMBINING ACUTE ACCENT: joins the character before it


class Catcher:
    """Another site, on another local port: counts the requests that reach it."""

    def __init__(self):
        self.visits = []
        catcher = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                catcher.visits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<title>Another site</title><p>caught</p>")

            def log_message(self, *args):
                pass

        self.port = free_port()
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def catcher():
    catcher = Catcher()
    yield catcher
    catcher.stop()


def attack_name(catcher):
    """A room name that gets out of an attribute (a quote under an accent, then a `>` under one) and then opens
    a tag (a `<` after a prepended mark): the invite and café pages carry the name in an attribute, the house
    page as text."""
    return f'Gruppe "{ACCENT}>{ACCENT}{PREPEND}<meta http-equiv=refresh content=0;url=http://127.0.0.1:{catcher.port}/away>{ACCENT}'


def still_home(page, house, catcher, where):
    """A couple of seconds for a refresh to fire (content=0 fires at once), then: still on the house, nothing caught."""
    page.wait_for_timeout(2500)
    assert page.url.startswith(house.base), f"{where}: left the house for {page.url}"
    assert catcher.visits == [], f"{where}: the other site was visited"
    assert page.locator("meta[http-equiv]").count() == 0, where


def test_a_room_named_with_a_meta_refresh_keeps_invited_visitors_on_the_house(house, browser, catcher):  # noqa: F811
    name = attack_name(catcher)
    room, host_link = house.create_room(name=name)
    link = house.invite(room)[0]
    page = small_phone(browser)

    page.goto(link)
    still_home(page, house, catcher, "invite page")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Du er invitert til {name}")

    page.get_by_label(re.compile("Jeg lover")).check()
    page.get_by_label("Navnet ditt i gruppa").fill("Kari")
    page.get_by_role("button", name="Gå inn i rommet").click()
    expect(page.locator("#status")).to_contain_text("Du er inne i", timeout=30000)
    still_home(page, house, catcher, "room page")
    expect(page.locator("#room-name")).to_have_text(name)
    assert page.title() == f"{name} · Selvhjelpshuset"

    # The used link, opened again: it leads into the room, still as text.
    page.goto(link)
    still_home(page, house, catcher, "used link")
    assert ERRORS == []


def test_a_cafe_named_with_a_meta_refresh_keeps_walk_ins_on_the_house(house, browser, catcher):  # noqa: F811
    name = attack_name(catcher)
    _, _, path, _ = make_cafe(house, name=name)
    page = small_phone(browser)
    page.goto(house.base + path)
    still_home(page, house, catcher, "café page")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Velkommen til {name}")
    assert ERRORS == []


def test_names_and_labels_with_marks_show_literally_to_the_host_and_on_the_house_page(house, browser, catcher):  # noqa: F811
    name = attack_name(catcher)
    room, host_link = house.create_room(name=name)
    host = small_phone(browser)
    enter(host, host_link, f"{PREPEND}<b id=injected>Vert</b>{ACCENT}")
    still_home(host, house, catcher, "host in the room")
    label = f"{PREPEND}<i id=label>Kari</i>\"{ACCENT}"
    host.get_by_role("button", name="Meny").click()
    expect(host.locator("#present")).to_contain_text(f"{PREPEND}<b id=injected>Vert</b>{ACCENT}")
    host.get_by_label("Hvem er lenken til? (valgfritt)").fill(label)
    host.get_by_role("button", name="Lag invitasjonslenke").click()
    expect(host.locator("#invites")).to_contain_text(label)
    assert host.locator("#injected, #label").count() == 0

    # An administrator whose label would reload the house page for ever, looking at that room.
    admin_link = json.loads(house.admin("house-link", "--public-url", house.base, "--json"))["houseLink"]
    admin = small_phone(browser)
    admin.goto(admin_link)
    admin_label = f"{PREPEND}<meta http-equiv=refresh content=0>{ACCENT}"
    admin.get_by_label("Navnet ditt").fill(admin_label)
    admin.get_by_role("button", name="Gå videre").click()
    expect(admin.get_by_role("heading", level=1)).to_have_text("Husets rom")
    still_home(admin, house, catcher, "house page")
    expect(admin.get_by_role("link", name=name)).to_be_visible()
    for path in (f"/hus/rom/{room}", "/hus/administratorer"):
        navigations = []

        def navigated(frame, navigations=navigations):
            navigations.append(frame.url)

        admin.on("framenavigated", navigated)
        admin.goto(house.base + path)
        still_home(admin, house, catcher, path)
        admin.remove_listener("framenavigated", navigated)
        assert len(navigations) == 1, f"{path} reloaded itself: {navigations}"
    expect(admin.locator("ul.rooms")).to_contain_text(admin_label)
    assert ERRORS == []
