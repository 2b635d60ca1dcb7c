"""«Prøv et møte først»: a practice meeting for one visitor with pretend members, on the real engine, at a
fast pace for the tests. It goes by and ends whatever the visitor does, answers what they do, stores
nothing, and is bounded in number and pace."""

import asyncio
import http.client
import json
import time
import uuid

import pytest
import websockets

from conftest import House
from test_confidentiality import occurrences

FAST = ["--practice-beat-ms", "60"]


@pytest.fixture
def practice_house(tmp_path):
    house = House(tmp_path, FAST, log_level="trace").start()
    yield house
    house.stop()


def start(house, back=None, client="127.0.0.1"):
    """Presses «Prøv et møte først»: returns (status, room, pass) as the browser would get them."""
    conn = http.client.HTTPConnection("127.0.0.1", house.port, timeout=10)
    body = f"back={back}" if back else ""
    conn.request("POST", "/ov", body=body, headers={"Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded",
                                                    "X-Real-IP": client})
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    if response.status != 303:
        return response.status, text, dict(response.getheaders())
    room = response.getheader("Location").split("/r/")[1]
    cookie = response.getheader("Set-Cookie").split(";")[0]
    return response.status, room, cookie


class Visitor:
    def __init__(self, house, room, cookie):
        self.house, self.room, self.cookie = house, room, cookie
        self.frames = []
        self.me = None

    async def connect(self):
        self.ws = await websockets.connect(
            f"ws://127.0.0.1:{self.house.port}/r/{self.room}/ws", additional_headers={"Cookie": self.cookie},
            origin=f"http://127.0.0.1:{self.house.port}", max_size=None, compression=None)
        welcome = await self.next()
        assert welcome["t"] == "welcome", welcome
        self.me = welcome["you"]["id"]
        return welcome

    async def next(self, timeout=30):
        frame = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.frames.append(frame)
        return frame

    async def until(self, test, timeout=60):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = await self.next(max(0.01, deadline - loop.time()))
            if test(frame):
                return frame

    async def send(self, frame):
        await self.ws.send(json.dumps(frame))

    def changes(self):
        return [c["e"] for f in self.frames if f.get("t") == "state" for c in f["why"]]

    def said(self):
        return [f["text"] for f in self.frames if f.get("t") == "said"]

    def guides(self):
        return [f["step"] for f in self.frames if f.get("t") == "guide"]


def test_a_visitor_who_does_nothing_still_sees_the_whole_meeting_go_by_and_end(practice_house):
    house = practice_house
    status, room, cookie = start(house)
    assert status == 303

    async def watch():
        visitor = Visitor(house, room, cookie)
        welcome = await visitor.connect()
        assert welcome["room"]["name"] == "Øvemøte" and welcome["you"]["name"] == "Du"
        assert [p["name"] for p in welcome["present"] if p["id"] != visitor.me] == ["Øvedeltaker Kari"]
        try:
            while True:
                await visitor.next(timeout=60)
        except websockets.ConnectionClosed as closed:
            return visitor, closed.rcvd.code if closed.rcvd else None

    visitor, code = asyncio.run(watch())
    # The practice meeting ends by itself, and says so.
    assert code == 4412
    joined = [f["m"]["name"] for f in visitor.frames if f.get("t") == "joined" and f["m"]["id"] != visitor.me]
    assert joined == ["Øvedeltaker Anne", "Øvedeltaker Per"]
    changes = visitor.changes()
    for step in ["meeting-started", "round-started", "turn", "share-ended", "one-at-a-time", "queue", "break-started", "break-ended", "meeting-ended"]:
        assert step in changes, step
    # Two rounds; the visitor's turn in each moved on gently when they did nothing.
    assert changes.count("round-started") == 2
    assert sum(1 for f in visitor.frames if f.get("t") == "state" for c in f["why"] if c["e"] == "share-ended" and c.get("end") == "skipped") == 2
    assert visitor.guides().count("skipped") == 2
    assert any(c.get("end") == "passed" for f in visitor.frames if f.get("t") == "state" for c in f["why"] if c["e"] == "share-ended")
    assert visitor.guides()[:2] == ["welcome", "write"]
    for step in ["round-wait", "round-turn", "hand", "break", "closing-wait", "closing-turn", "ended"]:
        assert step in visitor.guides(), step
    # Pretend members act through the same frames as people: typing, then what they say.
    assert any(f.get("t") == "typing" for f in visitor.frames)


def test_a_visitor_who_writes_passes_and_raises_a_hand_is_answered_as_in_a_meeting(practice_house):
    house = practice_house
    _, room, cookie = start(house)

    async def take_part():
        visitor = Visitor(house, room, cookie)
        await visitor.connect()
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "write")
        await visitor.send({"t": "say", "text": "hei"})
        await visitor.until(lambda f: f.get("t") == "said" and f["text"] == "Så fint å høre fra deg!")
        # Their turn in the first round: they pass.
        await visitor.until(lambda f: f.get("t") == "state" and (f["shape"].get("round") or {}).get("speaker") == visitor.me)
        await visitor.send({"t": "pass"})
        await visitor.until(lambda f: f.get("t") == "state" and any(c["e"] == "share-ended" and c["m"] == visitor.me and c["end"] == "passed" for c in f["why"]))
        # The hand queue: they raise a hand, get the word, write, and are done.
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "hand")
        await visitor.until(lambda f: f.get("t") == "said" and f["text"].startswith("Jeg ville bare si"))
        await visitor.send({"t": "hand.raise"})
        await visitor.until(lambda f: f.get("t") == "state" and f["shape"].get("floor") == visitor.me)
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "floor")
        await visitor.send({"t": "say", "text": "Jeg øver meg"})
        await visitor.send({"t": "done"})
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "break")
        # Their closing turn: a few words and Ferdig.
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "closing-turn")
        await visitor.send({"t": "say", "text": "Takk"})
        await visitor.send({"t": "done"})
        await visitor.until(lambda f: f.get("t") == "state" and any(c["e"] == "meeting-ended" for c in f["why"]))
        # The end clears the screen; the questions can be tried, and are not counted.
        await visitor.send({"t": "evaluate", "answers": {"useful": "yes"}})
        await visitor.until(lambda f: f.get("t") == "evaluated")
        # Leaving ends the practice meeting.
        await visitor.send({"t": "leave"})
        await visitor.ws.close()
        return visitor

    visitor = asyncio.run(take_part())
    assert "Jeg øver meg" in visitor.said() and "Takk" in visitor.said()
    assert "skipped" not in visitor.guides()
    # Gone from memory: the practice meeting ended, and its page says so.
    for _ in range(100):
        if b"practice meeting ended" in house.logs():
            break
        asyncio.run(asyncio.sleep(0.1))
    assert b"practice.count=0" in house.logs()
    status, headers, page = house.request("GET", f"/r/{room}", headers={"Cookie": cookie})
    assert status == 410 and "Øvemøtet er over" in page


def test_a_practice_meeting_leaves_nothing_in_the_database_or_the_logs(practice_house):
    house = practice_house
    canary = f"KANARI-øving-{uuid.uuid4().hex[:12]} æ"
    _, room, cookie = start(house, back="/i/" + "A" * 43)

    async def write():
        visitor = Visitor(house, room, cookie)
        await visitor.connect()
        await visitor.send({"t": "say", "text": canary})
        await visitor.until(lambda f: f.get("t") == "said" and f["text"] == canary)
        await visitor.send({"t": "leave"})
        await visitor.ws.close()

    asyncio.run(write())
    house.stop()
    assert occurrences(canary, [house.data, house.stdout_path, house.stderr_path]) == []
    # No row of it anywhere, and not even its id in a log: the practice room is in no file at all.
    assert occurrences(room, [house.data, house.stdout_path, house.stderr_path]) == []
    assert house.logs(), "nothing was logged at trace: the search proves nothing"


def test_the_number_at_once_and_the_pace_per_visitor_are_bounded_with_words(tmp_path):
    house = House(tmp_path, [*FAST, "--practice-meetings", "1"]).start()
    try:
        assert start(house)[0] == 303
        status, page, _ = start(house)
        assert status == 503 and "Øvemøtene er fulle" in page
    finally:
        house.stop()
    house = House(tmp_path / "paced", FAST).start()
    try:
        for _ in range(3):
            assert start(house)[0] in (303, 503)
        status, page, headers = start(house)
        assert status == 429 and "Du har startet flere øvemøter på kort tid. Vent 2 minutter" in page
        assert headers["Retry-After"] == "120"
    finally:
        house.stop()


def test_a_cross_site_page_cannot_start_one_and_a_stranger_cannot_join_one(practice_house):
    house = practice_house
    conn = http.client.HTTPConnection("127.0.0.1", house.port, timeout=10)
    conn.request("POST", "/ov", headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
    assert conn.getresponse().status == 403
    conn.close()
    _, room, cookie = start(house)
    # Without the pass, the room is not there; with a made-up one, nor.
    assert house.request("GET", f"/r/{room}")[0] == 404
    status, _, page = house.request("GET", f"/r/{room}", headers={"Cookie": "rs_practice=" + "B" * 43})
    assert status == 410

    async def knock():
        async with websockets.connect(f"ws://127.0.0.1:{house.port}/r/{room}/ws", origin=f"http://127.0.0.1:{house.port}") as ws:
            try:
                await asyncio.wait_for(ws.recv(), 10)
            except websockets.ConnectionClosed as closed:
                return closed.rcvd.code

    assert asyncio.run(knock()) == 4404


def test_a_hand_raised_before_anne_gets_the_floor_and_a_reload_is_told_where_the_meeting_is(practice_house):
    house = practice_house
    _, room, cookie = start(house)

    async def early():
        visitor = Visitor(house, room, cookie)
        await visitor.connect()
        # «Jeg har det ikke bra» in a practice meeting: the guide says nobody real was told, and where help is.
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "write")
        await visitor.send({"t": "not-well"})
        # Not "the hosts were told": pretend hosts are nobody, and the page says so in the practice's own words.
        sent = await visitor.until(lambda f: f.get("t") == "signal" and f["e"] == "not-well-sent")
        assert sent["to"] == "practice"
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "not-well")
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "hand", timeout=120)
        await visitor.send({"t": "hand.raise"})
        await visitor.until(lambda f: f.get("t") == "guide" and f["step"] == "floor")
        # A reload: the new page is told the step the meeting is at.
        await visitor.ws.close()
        again = Visitor(house, room, cookie)
        await again.connect()
        await again.until(lambda f: f.get("t") == "guide" and f["step"] == "floor", timeout=10)
        await again.send({"t": "say", "text": "Jeg var først"})
        await again.send({"t": "done"})
        # Anne still has her turn after the visitor's.
        await again.until(lambda f: f.get("t") == "said" and f["text"].startswith("Jeg ville bare si"), timeout=60)
        await again.send({"t": "leave"})
        await again.ws.close()

    asyncio.run(early())


def test_a_burst_of_starts_never_passes_the_cap(tmp_path):
    house = House(tmp_path, [*FAST, "--practice-meetings", "3", "--trust-proxy"]).start()
    try:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(lambda i: start(house, client=f"10.1.0.{i}")[0], range(20)))
        assert statuses.count(303) == 3 and statuses.count(503) == 17, statuses
    finally:
        house.stop()


def test_a_practice_meeting_offers_no_leaving_the_group_and_a_goodbye_right_away_frees_its_place(tmp_path):
    house = House(tmp_path, [*FAST, "--practice-meetings", "1"]).start()
    try:
        _, room, cookie = start(house)

        async def come_and_go():
            visitor = Visitor(house, room, cookie)
            welcome = await visitor.connect()
            you = await visitor.until(lambda f: f.get("t") == "you")
            # No group to leave for good: the page is told so and draws no such button; asked anyway, refused.
            assert you["why"]["stepOut"] == "not-allowed"
            await visitor.send({"t": "group.step-out"})
            refused = await visitor.until(lambda f: f.get("t") == "error")
            assert refused["code"] == "not-allowed"
            # «Gå ut» right after coming in: the only place is free again at once, not half a minute later.
            await visitor.send({"t": "leave"})
            await visitor.ws.close()
            return welcome

        asyncio.run(come_and_go())
        started = time.time()
        while time.time() - started < 10 and start(house)[0] != 303:
            time.sleep(0.2)
        assert time.time() - started < 3, "the practice place was held after a goodbye"
    finally:
        house.stop()
