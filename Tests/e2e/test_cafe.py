"""Café drop-ins over real HTTP and sockets: the reusable link, the room code and its guessing limits,
guests without membership (told apart, reloading, sent out), the cap, and nothing of a guest stored."""

import asyncio
import http.client
import json
import sqlite3
import urllib.parse

from conftest import House
from test_roles import change, you
from wsclient import Member, run


def make_cafe(house, name="Torsdagskafé"):
    made = json.loads(house.admin("create-room", "--name", name, "--kind", "cafe", "--public-url", house.base, "--json"))
    return made["room"], made["hostLink"], urllib.parse.urlparse(made["dropInLink"]).path, made["code"]


def post_form(house, path, fields, source="127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", house.port, timeout=10, source_address=(source, 0))
    try:
        conn.request("POST", path, body=urllib.parse.urlencode(fields),
                     headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": house.base})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def guest(house, link_path, name, source="127.0.0.1"):
    """A guest through the café's form: returns their pass from the cookie."""
    status, headers, _ = post_form(house, link_path, {"name": name, "pledge": "yes"}, source=source)
    assert status == 303, status
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("rs_guest_") and "HttpOnly" in cookie and "Max-Age" not in cookie, cookie
    return cookie.split(";")[0].split("=", 1)[1]


class Guest(Member):
    """A member of the test's cast who comes in with a guest's pass instead of a key."""

    async def connect(self, resume=False, origin=None):
        import websockets
        url = f"ws://127.0.0.1:{self.house.port}/r/{self.room}/ws"
        if resume and self.meeting:
            url += f"?meeting={self.meeting}&since={self.seq}"
        self.ws = await websockets.connect(
            url, additional_headers={"Cookie": f"rs_guest_{self.room}={self.key}"},
            origin=origin or f"http://127.0.0.1:{self.house.port}", max_size=None, compression=None,
        )
        return await self.expect("welcome")


def test_a_guest_comes_in_by_the_link_or_the_code_and_leaves_nothing_behind(house):
    room, host_link, link, code = make_cafe(house)
    assert len(code) == 9 and code.isdigit()
    status, _, page = house.request("GET", link)
    assert status == 200 and "Husreglene i kafeen" in page and 'name="pledge"' in page
    # The code, typed with spaces as it is read aloud, leads to the same page.
    status, headers, _ = post_form(house, "/kode", {"code": f"{code[:3]} {code[3:6]} {code[6:]}"})
    assert status == 303 and headers["Location"] == link
    # Without ticking the house rules: the form again, with why.
    status, _, page = post_form(house, link, {"name": "Anne"})
    assert status == 400 and "Kryss av for husreglene" in page

    async def scenario():
        host = Member(house, room, house.redeem(host_link, "Vert"))
        anne = Guest(house, room, guest(house, link, "Anne"))
        anne2 = Guest(house, room, guest(house, link, "anne"))
        await host.connect()
        welcome = await anne.connect()
        assert welcome["you"]["role"] == "guest" and welcome["you"]["name"] == "Anne"
        mine = await you(anne)
        assert mine["may"]["invite"] is False and mine["may"]["run"] is False and mine["may"]["write"] is True
        # Two guests who both say Anne are told apart.
        assert (await anne2.connect())["you"]["name"] == "anne 2"
        await anne.say("KAFEKANARI hei fra gjest")
        await host.expect("said", text="KAFEKANARI hei fra gjest")
        # A reload keeps the name and the place.
        first_id = welcome["you"]["id"]
        await anne.ws.close()
        again = await anne.connect()
        assert again["you"]["id"] == first_id
        # A guest cannot run the meeting, even with no host present.
        await host.close()
        await anne.send({"t": "meeting.start"})
        assert (await anne.expect("error"))["code"] == "not-allowed"

    run(scenario())
    house.stop()
    data = b"".join(p.read_bytes() for p in house.data.rglob("*") if p.is_file())
    assert b"KAFEKANARI" not in data and b"Anne" not in data, "a guest left something in the database"
    with sqlite3.connect(house.data / "house.sqlite") as conn:
        assert conn.execute("SELECT COUNT(*) FROM membership WHERE roomId = ?", (room,)).fetchone() == (1,)
        # The two guests, each once (Anne's reload is the same visit); the host who runs the café is no visitor.
        assert conn.execute("SELECT SUM(visits) FROM cafeVisit WHERE roomId = ?", (room,)).fetchone() == (2,)
    # The house sees a number per day, never who.
    visits = json.loads(house.admin("visits", f"--room={room}", "--json"))
    assert len(visits) == 1 and visits[0]["visits"] == 2 and len(visits[0]["day"]) == 10


def test_wrong_codes_are_answered_and_guessing_is_limited_per_client_and_across_the_house(house):
    room, _, link, code = make_cafe(house)
    wrong = str((int(code) + 1) % 10**9).zfill(9)
    status, _, page = post_form(house, "/kode", {"code": wrong})
    assert status == 404 and "Fant ingen kafé med den koden" in page
    status, _, page = post_form(house, "/kode", {"code": "12345"})
    assert status == 400 and "ni sifre" in page
    # Five tries at once from one client, then a wait, said in words with how long; the right code waits
    # too, but no longer than one try's time (12 s), and Retry-After says so.
    for _ in range(4):
        post_form(house, "/kode", {"code": wrong})
    status, headers, page = post_form(house, "/kode", {"code": code})
    assert status == 429 and "Vent 12 sekunder" in page
    assert headers["Retry-After"] == "12"
    # Across the house: sixty wrong codes from many clients, then every code waits a little.
    for n in range(2, 15):
        for _ in range(5):
            post_form(house, "/kode", {"code": wrong}, source=f"127.0.0.{n}")
    status, headers, page = post_form(house, "/kode", {"code": code}, source="127.0.0.99")
    assert status == 429 and "veldig mange feil koder" in page
    assert 1 <= int(headers["Retry-After"]) <= 2
    # The reusable link keeps working meanwhile.
    assert house.request("GET", link)[0] == 200


def test_the_host_renews_the_link_and_code_caps_the_room_and_sends_a_guest_out(house):
    room, host_link, link, code = make_cafe(house)

    async def scenario():
        host = Member(house, room, house.redeem(host_link, "Vert"))
        await host.connect()
        await host.send({"t": "cafe.entry"})
        entry = await host.expect("cafe")
        assert entry["path"] == link and entry["code"].replace(" ", "") == code
        ola = Guest(house, room, guest(house, link, "Ola"))
        per = Guest(house, room, guest(house, link, "Per"))
        siri = Guest(house, room, guest(house, link, "Siri"))
        await ola.connect()
        ola_id = ola.frames[0]["you"]["id"]
        # A cap of two: the third is told the café is full.
        await host.send({"t": "room.cap", "cap": 2})
        assert (await change(ola, "capped"))["cap"] == 2
        try:
            await per.connect()
        except Exception:
            pass
        assert await per.closed_with() == 4430
        await host.send({"t": "room.cap"})
        await change(ola, "capped")
        await siri.connect()
        # Sent out: closed, and the pass no longer works in this sitting.
        await host.send({"t": "member.remove", "m": ola_id})
        sent = await change(siri, "sent-out")
        assert sent["name"] == "Ola"
        assert await ola.closed_with() == 4410
        again = Guest(house, room, ola.key)
        try:
            await again.connect()
        except Exception:
            pass
        assert await again.closed_with() == 4401
        # A new link and code: the old ones stop working.
        await host.send({"t": "cafe.renew"})
        renewed = await host.expect("cafe")
        assert renewed["path"] != link
        assert house.request("GET", link)[0] == 404
        status, _, _ = post_form(house, "/kode", {"code": code}, source="127.0.0.50")
        assert status == 404
        assert house.request("GET", renewed["path"])[0] == 200

    run(scenario())


def test_a_guessing_storm_from_many_clients_at_once_gets_no_more_than_the_house_allows(house):
    from concurrent.futures import ThreadPoolExecutor

    room, _, link, code = make_cafe(house)
    wrong = str((int(code) + 1) % 10**9).zfill(9)
    # Seventy wrong tries at the same moment from fourteen addresses: only the house's sixty are looked up.
    with ThreadPoolExecutor(max_workers=35) as pool:
        answers = list(pool.map(lambda n: post_form(house, "/kode", {"code": wrong}, source=f"127.0.2.{n // 5 + 1}")[0], range(70)))
    assert answers.count(404) <= 61, answers
    assert answers.count(429) >= 9, answers


def test_back_to_the_link_returns_a_guest_to_the_cafe_and_a_sent_out_guest_is_told(house):
    room, host_link, link, _ = make_cafe(house)
    pass_ = guest(house, link, "Solveig")
    cookie = {"Cookie": f"rs_guest_{room}={pass_}"}
    # Back, or the link opened again: the same guest, not "Solveig 2".
    status, headers, _ = house.request("GET", link, headers=cookie)
    assert status == 303 and headers["Location"] == f"/r/{room}"
    # A script making guests from one address is slowed after five.
    for n in range(4):
        guest(house, link, f"Gjest {n}")
    status, headers, page = post_form(house, link, {"name": "En til", "pledge": "yes"})
    assert status == 429 and "Vent 20 sekunder" in page and headers["Retry-After"] == "20"

    async def scenario():
        host = Member(house, room, house.redeem(host_link, "Vert"))
        solveig = Guest(house, room, pass_)
        await host.connect()
        await solveig.connect()
        await host.send({"t": "member.remove", "m": solveig.frames[0]["you"]["id"]})
        assert await solveig.closed_with() == 4410

    run(scenario())
    status, _, page = house.request("GET", link, headers=cookie)
    assert status == 403 and "sendt ut av kafeen" in page


def test_on_a_dual_stack_listener_each_ipv4_client_is_paced_apart(tmp_path):
    """With --host ::, IPv4 clients arrive as ::ffff:a.b.c.d. Five wrong codes from one of them must not make
    another wait (they were once keyed as one shared /64)."""
    house = House(tmp_path, ["--host", "::"]).start()
    try:
        room, _, link, code = make_cafe(house)
        wrong = str((int(code) + 1) % 10**9).zfill(9)
        for _ in range(6):
            post_form(house, "/kode", {"code": wrong}, source="127.0.0.1")
        assert post_form(house, "/kode", {"code": wrong}, source="127.0.0.1")[0] == 429
        status, headers, _ = post_form(house, "/kode", {"code": code}, source="127.0.0.2")
        assert status == 303 and headers["Location"] == link
    finally:
        house.stop()
