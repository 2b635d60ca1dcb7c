"""The house page (/hus): rooms, host links, administrators and counts, only for the house's administrators,
and never a member's name."""

import csv
import http.client
import io
import json
import re
import sqlite3
import time
import urllib.parse

from test_socket import members
from wsclient import run


class Admin:
    """A browser-like client of the house page: it keeps the admin cookie and says where its requests come from."""

    def __init__(self, house, link=None):
        self.house = house
        self.cookie = None
        if link is None:
            return
        path = urllib.parse.urlparse(link).path
        status, headers, _ = self.request("POST", path, {"label": "Kari, LINK Oslo"})
        assert status == 303 and headers["Location"] == "/hus", status
        self.cookie = headers["Set-Cookie"].split(";")[0]
        attributes = headers["Set-Cookie"].lower()
        assert "httponly" in attributes and "samesite=strict" in attributes and "path=/hus" in attributes

    def request(self, method, path, form=None, origin=None, site="same-origin"):
        headers = {"Sec-Fetch-Site": site}
        if origin:
            headers["Origin"] = origin
        if self.cookie:
            headers["Cookie"] = self.cookie
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.house.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form=None, **kwargs):
        return self.request("POST", path, form or {}, **kwargs)


MONTHS = "januar februar mars april mai juni juli august september oktober november desember".split()


def house_link(house):
    return json.loads(house.admin("house-link", "--public-url", house.base, "--json"))["houseLink"]


def tables(house):
    db = sqlite3.connect(house.data / "house.sqlite")
    try:
        return {name: db.execute(f"SELECT * FROM {name}").fetchall()
                for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def test_an_admin_link_works_once_and_its_key_opens_only_the_house_page(house):
    link = house_link(house)
    status, _, page = house.request("GET", urllib.parse.urlparse(link).path)
    assert status == 200 and "Bli administrator for huset" in page
    admin = Admin(house, link)
    status, _, page = admin.get("/hus")
    assert status == 200 and "Husets rom" in page
    # Used once: a second browser gets words, not a way in.
    status, _, page = house.request("POST", urllib.parse.urlparse(link).path, "label=Ola",
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 410 and "brukt eller for gammel" in page
    # Only the hash of the key is kept.
    key = admin.cookie.split("=", 1)[1]
    assert key.encode() not in (house.data / "house.sqlite").read_bytes()


def test_without_the_admin_key_every_house_address_answers_401_and_changes_nothing(house):
    room, _ = house.create_room(name="Torsdagsgruppa")
    before = tables(house)
    stranger = Admin(house)
    for path in ["/hus", f"/hus/rom/{room}", f"/hus/rom/{room}/slett", "/hus/tall.csv", "/hus/administratorer"]:
        status, _, page = stranger.get(path)
        assert status == 401 and "Bare for husets administratorer" in page, path
    for path, form in [("/hus/rom", {"name": "Snikrom", "kind": "group"}), (f"/hus/rom/{room}/slett", {}),
                       (f"/hus/rom/{room}/navn", {"name": "Nytt"}), (f"/hus/rom/{room}/vertslenke", {}),
                       (f"/hus/rom/{room}/trekk", {}), ("/hus/administratorer/lenke", {}), ("/hus/administratorer/fjern", {"id": "x"})]:
        status, _, _ = stranger.post(path, form)
        assert status == 401, path
    # A made-up key is no better than none.
    stranger.cookie = "rs_admin=" + "A" * 43
    assert stranger.get("/hus")[0] == 401
    after = tables(house)
    after.pop("cafeVisit", None), before.pop("cafeVisit", None)
    assert after == before


def test_a_change_from_another_site_is_refused_even_with_the_key(house):
    admin = Admin(house, house_link(house))
    status, _, page = admin.post("/hus/rom", {"name": "Fra en annen side", "kind": "group"},
                                 origin="https://evil.example", site="cross-site")
    assert status == 403 and "kom ikke fra husets egen side" in page
    status, _, page = admin.post("/hus/rom", {"name": "Null", "kind": "group"}, origin="null", site="cross-site")
    assert status == 403
    assert "Fra en annen side" not in admin.get("/hus")[2]


def test_a_room_made_on_the_page_gives_a_host_link_that_works_and_no_member_name_is_ever_shown(house):
    admin = Admin(house, house_link(house))
    status, _, page = admin.post("/hus/rom", {"name": "Pårørende mandag", "kind": "group", "minutes": "90", "breakMinutes": "10"})
    assert status == 200 and "Rommet er laget" in page
    host_link = re.search(r'id="host-link" class="copyable" readonly value="([^"]+)"', page).group(1)
    assert host_link.startswith(house.base + "/i/")
    rooms = json.loads(house.admin("rooms", "--json"))
    room = next(r["id"] for r in rooms if r["name"] == "Pårørende mandag")
    # The link makes a host, who invites a member: the house page shows numbers, never their names.
    house.redeem(host_link, "Igangsetter Ingrid")
    house.member(room, "Medlem Mona")
    for path in ["/hus", f"/hus/rom/{room}", "/hus/tall.csv", f"/hus/rom/{room}/slett"]:
        status, _, page = admin.get(path)
        assert status == 200, path
        assert "Ingrid" not in page and "Mona" not in page, path
    status, _, page = admin.get(f"/hus/rom/{room}")
    assert "Medlemmer: 2" in page
    # A plan that does not fit is refused with words, and what was typed is kept.
    status, _, page = admin.post("/hus/rom", {"name": "For lang pause", "kind": "group", "minutes": "30", "breakMinutes": "45"})
    assert status == 422 and "pausen fra 1 til 60 minutter" in page and 'value="For lang pause"' in page
    # Said under the meeting's length, which is marked; not under the name.
    assert re.search(r'id="plan-error" role="alert">Møtet må vare', page)
    assert 'aria-describedby="plan-error" aria-invalid="true" autofocus' in page
    assert 'id="name-error" role="alert"></span>' in page
    status, _, page = admin.post("/hus/rom", {"name": "Tall", "kind": "group", "minutes": "lenge"})
    assert status == 422 and "Møtet må vare" in page
    # Rename, a new host link, withdraw unused links.
    status, headers, _ = admin.post(f"/hus/rom/{room}/navn", {"name": "Pårørende tirsdag"})
    assert status == 303
    page = admin.get(headers["Location"])[2]
    assert "<h1>Pårørende tirsdag</h1>" in page and "Rommet har fått nytt navn." in page
    # A name that would not read back as typed is refused with words.
    for bad in ["\u202eevil", "Linje\nskift", "\u200b\u200b"]:
        status, _, page = admin.post(f"/hus/rom/{room}/navn", {"name": bad})
        assert status == 422 and ("tegn som ikke kan brukes" in page or "Skriv et navn" in page), repr(bad)
    status, _, page = admin.post(f"/hus/rom/{room}/vertslenke")
    assert status == 200 and "En ny vertslenke er laget" in page
    assert "Ubrukte vertslenker: 1." in admin.get(f"/hus/rom/{room}")[2]
    assert admin.post(f"/hus/rom/{room}/trekk")[0] == 303
    assert "Ubrukte vertslenker: 0. Ubrukte invitasjoner: 0." in admin.get(f"/hus/rom/{room}")[2]


def test_deleting_a_room_asks_first_closes_its_live_meeting_and_removes_its_rows(house):
    admin = Admin(house, house_link(house))

    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await ola.connect()
        await kari.expect("joined")
        status, _, page = admin.get(f"/hus/rom/{room}/slett")
        assert status == 200 and "Dette kan ikke angres" in page and "(nå 2)" in page
        assert admin.post(f"/hus/rom/{room}/slett")[0] == 303
        for member in (kari, ola):
            code = await member.closed_with()
            assert code == 4404
        return room

    room = run(scenario())
    # Nobody gets back in: the room is gone.
    assert house.request("GET", f"/r/{room}")[0] == 404
    left = tables(house)
    for table in ["membership", "invite", "meetingTally", "answerTally"]:
        assert not [row for row in left[table] if room in row], table
    assert room not in [r["id"] for r in json.loads(house.admin("rooms", "--json"))]
    assert "Rommet er slettet" in admin.get("/hus?melding=deleted")[2]


def test_administrators_make_links_for_each_other_and_remove_each_other(house):
    kari = Admin(house, house_link(house))
    status, _, page = kari.post("/hus/administratorer/lenke")
    assert status == 200
    link = re.search(r'id="admin-link" class="copyable" readonly value="([^"]+)"', page).group(1)
    ola = Admin(house, link)
    status, _, page = kari.get("/hus/administratorer")
    assert page.count('<span class="facts">sist her') == 2
    ola_id = re.findall(r'name="id" value="([^"]+)"', page)[0]
    assert kari.post("/hus/administratorer/fjern", {"id": ola_id})[0] == 303
    assert ola.get("/hus")[0] == 401
    # Signing out ends the session; the key then opens nothing.
    status, _, page = kari.post("/hus/administratorer/ut")
    assert status == 200 and "Du er logget ut" in page
    status, _, page = kari.get("/hus")
    assert status == 401 and "Økta er over" in page


def test_counts_for_funders_a_csv_of_meetings_sizes_and_cafe_visits(house):
    admin = Admin(house, house_link(house))

    async def meeting():
        room, (kari, ola, per) = members(house, 3)
        for member in (kari, ola):
            await member.connect()
        await kari.send({"t": "meeting.start"})
        await kari.expect("state")
        await per.connect()
        await per.close()
        await kari.send({"t": "meeting.end"})
        await kari.expect("state", timeout=10)
        return room

    room = run(meeting())
    # The count is written just after the meeting ends.
    for _ in range(50):
        status, headers, body = admin.get("/hus/tall.csv")
        if "Testgruppe" in body:
            break
        time.sleep(0.1)
    assert status == 200 and headers["Content-Type"].startswith("text/csv") and "attachment" in headers["Content-Disposition"]
    # For a Norwegian spreadsheet: a byte-order mark, and `;` between cells.
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    # Headings a coordinator reads without a key: what each column is, in the page's language.
    assert rows[0][:8] == [
        "Rom", "Slags rom", "Måned", "Møter holdt", "Til stede, alle møtene lagt sammen",
        "Hvor mange som var til stede på hvert møte", "Kafébesøk (gjester)", "Svar på evalueringen",
    ]
    assert rows[0][8] == "Svarte «Ja» på «Var møtet nyttig for deg?»"
    row = next(r for r in rows[1:] if r[0] == "Testgruppe")
    # One meeting, and everyone who was there at some time during it: three people. The month in words.
    now = time.gmtime()
    assert row[1:6] == ["Gruppe", f"{MONTHS[now.tm_mon - 1]} {now.tm_year}", "1", "3", "1 møte med 3 til stede"]
    assert not any(re.fullmatch(r"\d+:\d+( \d+:\d+)*", cell) for r in rows for cell in r)
    # A room with nothing yet is in the report too.
    assert any(r[0] == "Prøverom" and r[3] == "0" for r in rows[1:])
    page = admin.get(f"/hus/rom/{room}")[2]
    assert "Møter: 1. Til stede til sammen: 3." in page and "1 møte med 3 til stede." in page


def test_reloading_the_page_that_made_a_room_makes_nothing_twice(house):
    admin = Admin(house, house_link(house))
    form = {"name": "Bare én", "kind": "group", "once": "test-token-1"}
    assert admin.post("/hus/rom", form)[0] == 200
    status, _, page = admin.post("/hus/rom", form)
    assert status == 409 and "Ingenting ble laget to ganger" in page
    assert [r["name"] for r in json.loads(house.admin("rooms", "--json"))].count("Bare én") == 1


def test_an_admin_link_in_a_browser_that_knows_a_colleague_asks_who_it_is(house):
    kari = Admin(house, house_link(house))
    link = urllib.parse.urlparse(house_link(house)).path
    # Kari's browser, a new link: it asks whether it is Kari coming back.
    status, _, page = kari.get(link)
    assert status == 200 and "Denne nettleseren kjenner deg som Kari, LINK Oslo." in page
    # Bob at the same computer says he is someone else: he becomes himself, and Kari stays Kari.
    status, headers, _ = kari.post(link, {"label": "Bob"})
    assert status == 303
    kari.cookie = headers["Set-Cookie"].split(";")[0]
    page = kari.get("/hus/administratorer")[2]
    assert "Bob (deg)" in page and "Kari, LINK Oslo" in page
    # Coming back as the browser's administrator keeps one row.
    status, headers, _ = kari.post(urllib.parse.urlparse(house_link(house)).path, {"as": "returning"})
    assert status == 303
    kari.cookie = headers["Set-Cookie"].split(";")[0]
    page = kari.get("/hus/administratorer")[2]
    assert page.count('<span class="facts">sist her') == 2 and "Bob (deg)" in page


def test_a_cafe_room_page_shows_its_way_in_for_guests(house):
    room, _ = house.create_room(name="Kafé torsdag", kind="cafe")
    admin = Admin(house, house_link(house))
    page = admin.get(f"/hus/rom/{room}")[2]
    assert 'id="drop-in"' in page and "/c/" in page and "Romkode:" in page


def test_times_on_the_house_page_are_the_houses_own_in_words_never_utc(house):
    admin = Admin(house, house_link(house))
    status, _, page = admin.post("/hus/rom", {"name": "Klokkegruppa", "kind": "group", "once": "time-words-1"})
    assert status == 200
    hint = re.search(r'id="host-link-hint">([^<]+)<', page).group(1)
    # «Virker én gang, til 3. desember 2026 kl. 15:05.»: Oslo's time, the month a word, no zone to translate.
    found = re.search(r"til (\d{1,2})\. (\w+) (\d{4}) kl\. (\d\d):(\d\d)\.", hint)
    assert found and found.group(2) in MONTHS, hint
    expires = sqlite3.connect(house.data / "house.sqlite").execute(
        "SELECT max(expiresAt) FROM invite").fetchone()[0]
    oslo = _oslo(expires)
    assert (int(found.group(1)), found.group(2), int(found.group(4)), int(found.group(5))) == (
        oslo.day, MONTHS[oslo.month - 1], oslo.hour, oslo.minute), (hint, oslo)
    for path in ["/hus", "/hus/administratorer"]:
        text = admin.get(path)[2]
        assert "UTC" not in text and not re.search(r">[^<]*\b\d{4}-\d\d(-\d\d)?\b", text), path
    assert re.search(rf"sist her \d{{1,2}}\. ({'|'.join(MONTHS)}) \d{{4}}", admin.get("/hus/administratorer")[2])
    # In English too, with English month names.
    admin.cookie += "; lang=en"
    assert re.search(r"The numbers are for [A-Z][a-z]+ \d{4}\.", admin.get("/hus")[2])


def _oslo(stored):
    """A moment as the database keeps it, in Oslo's time (with summer time)."""
    import datetime
    import zoneinfo
    if isinstance(stored, (int, float)):
        moment = datetime.datetime.fromtimestamp(stored, datetime.timezone.utc)
    else:
        moment = datetime.datetime.fromisoformat(stored.replace(" ", "T")).replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(zoneinfo.ZoneInfo("Europe/Oslo"))
