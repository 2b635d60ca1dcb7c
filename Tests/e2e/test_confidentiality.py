"""The confidentiality canary: nothing said in a room is ever written anywhere.

A meeting runs over real sockets with the server logging at its most verbose level (trace). Several
messages carry a unique canary string. After the server has stopped, every byte under its data
directory (database, -wal, -shm, anything else) and all of its log output is searched for the canary,
as text and in the encodings a library might log bytes in: hex (spaced or not, either case), base64
(at each of the three alignments), percent-encoding and JSON escapes.
"""

import asyncio
import base64
import json
import random
import time
import urllib.parse
import uuid
from pathlib import Path

import pytest

from conftest import House
from test_house_page import Admin, house_link
from test_socket import members
from wsclient import Member, close_all, run


def encodings(needle: str) -> list:
    """`needle` as bytes in every form a log line could carry it."""
    # The text itself, and as it travels in a client's JSON frame (non-ASCII escaped as \\u00e6).
    spellings = {needle.encode("utf-8"), json.dumps(needle)[1:-1].encode()}
    forms = {needle.encode("utf-16-le"), needle.encode("utf-16-be")}
    forms |= {urllib.parse.quote(needle).encode(), urllib.parse.quote_plus(needle).encode()}
    for raw in spellings:
        forms.add(raw)
        for separator in ("", " ", ":"):
            text = raw.hex(separator) if separator else raw.hex()
            forms |= {text.encode(), text.upper().encode()}
        # Base64 of a longer stream: the needle starts at one of three alignments. Keep only the characters
        # that depend on the needle alone (drop the group the prefix touches and the last, partial one).
        for offset in range(3):
            for encode in (base64.b64encode, base64.urlsafe_b64encode):
                encoded = encode(b"\0" * offset + raw)
                forms.add(encoded[4 if offset else 0 : len(encoded) - 4])
    return [form for form in forms if len(form) >= 8]


def test_every_encoding_of_a_canary_is_looked_for():
    needle = "KANARI-æ 42"
    forms = encodings(needle)
    frame = json.dumps({"t": "say", "text": needle}).encode()
    # What a library might print: a hex dump of the frame as it came in, in either case, spaced or not;
    # base64 of it; the text percent-encoded.
    logged = [
        frame.hex(" ").encode(), frame.hex().upper().encode(), base64.b64encode(frame),
        base64.b64encode(b"x" + frame), base64.b64encode(b"xy" + frame), b"q=KANARI-%C3%A6%2042",
    ]
    for line in logged:
        assert any(form in line for form in forms), line


def occurrences(needle: str, paths) -> list:
    """Every file (or log) among `paths` whose bytes contain `needle` in any of its encodings."""
    forms = encodings(needle)
    found = []
    for path in paths:
        files = [p for p in Path(path).rglob("*") if p.is_file()] if Path(path).is_dir() else [Path(path)]
        for file in files:
            data = file.read_bytes()
            if any(form in data for form in forms):
                found.append(str(file))
    return found


def test_the_search_finds_a_canary_written_on_purpose(tmp_path):
    canary = f"KANARI-{uuid.uuid4()}"
    scratch = tmp_path / "scratch"
    (scratch / "nested").mkdir(parents=True)
    (scratch / "nested" / "file.bin").write_bytes(b"\x00before " + canary.encode() + b" after\xff")
    assert occurrences(canary, [scratch]) == [str(scratch / "nested" / "file.bin")]
    assert occurrences(f"KANARI-{uuid.uuid4()}", [scratch]) == []


@pytest.fixture
def tracing_house(tmp_path):
    house = House(tmp_path, log_level="trace").start()
    yield house
    house.stop()


def test_nothing_said_in_a_meeting_is_stored_or_logged(tracing_house):
    house = tracing_house
    # Not plain ASCII, so percent-encoding and JSON escapes differ from the text itself.
    canary = f"KANARI-æ-{uuid.uuid4().hex[:12]} ø"
    secret_name = f"Navn{uuid.uuid4().hex[:8]}"

    async def meeting():
        room, host_link = house.create_room(name="Kanarigruppe")
        kari = Member(house, room, house.redeem(host_link, "Kari"))
        ola = Member(house, room, house.member(room, secret_name))
        per = Member(house, room, house.member(room, "Per"))
        try:
            for m in (kari, ola, per):
                await m.connect()
            for i, speaker in enumerate((kari, ola, per, kari, ola)):
                await speaker.send({"t": "typing"})
                await speaker.say(f"{canary} melding {i} som ingen skal lagre", ref=f"r{i}")
                for m in (kari, ola, per):
                    await m.expect("said", text=f"{canary} melding {i} som ingen skal lagre")
            # Refused messages carry the canary too: errors must not echo them.
            await ola.say(canary + "x" * 2001)
            await ola.expect("error", code="too-long")
            await ola.ws.send("{ikke json " + canary)
            await ola.expect("error", code="bad-json")
            # A drop and a resume go through the in-memory window.
            per.ws.transport.abort()
            await kari.say(f"{canary} mens Per var borte")
            await per.connect(resume=True)
            await per.expect("said", text=f"{canary} mens Per var borte")
            await kari.send({"t": "invite.create"})
            await kari.expect("invites")
            # The quiet signals and the care of the group. They carry no words, and a reason a page sends
            # along anyway is dropped: none of it is stored or logged.
            per_id = per.frames[0]["you"]["id"]
            await per.send({"t": "not-well", "text": canary})
            await kari.expect("signal", e="not-well")
            await per.send({"t": "pause", "on": True, "text": canary})
            await kari.expect("state")
            await kari.send({"t": "member.hold", "m": per_id, "minutes": 5, "text": canary})
            await kari.send({"t": "room.lock", "on": True, "reason": canary})
            await kari.send({"t": "member.remove", "m": per_id, "text": canary, "reason": canary})
            assert await per.closed_with() == 4410
            # The evaluation when the meeting ends: a canary as an answer is refused, a reason sent along dropped.
            await kari.send({"t": "meeting.start"})
            await kari.send({"t": "meeting.end"})
            await ola.expect("state", timeout=10)
            await ola.send({"t": "evaluate", "answers": {"useful": canary}})
            await ola.expect("error")
            await ola.send({"t": "evaluate", "answers": {"useful": "yes"}, "text": canary})
            await ola.expect("evaluated")
            return room
        finally:
            await close_all()

    room = asyncio.run(meeting())
    # The house page shows numbers, never a word said or a member's name; its administrator's name is not logged.
    admin = Admin(house, house_link(house))
    for path in ["/hus", f"/hus/rom/{room}", "/hus/tall.csv", f"/hus/rom/{room}/slett", "/hus/administratorer"]:
        status, _, page = admin.get(path)
        assert status == 200 and canary not in page and secret_name not in page, path
    house.stop()
    assert b"LINK Oslo" not in house.logs()

    assert house.process.returncode == 0
    logs = [house.stdout_path, house.stderr_path]
    assert house.logs(), "the server logged nothing at trace level: the log search would prove nothing"
    assert occurrences(canary, [house.data] + logs) == []
    # Names live in the database (members see them), never in the logs.
    assert occurrences(secret_name, logs) == []
    # Nor does a log say who felt unwell, paused or was held back: not even the frame's type.
    logged = house.logs()
    for word in (b"not-well", b"notWell", b"paused", b"held-back", b"heldBack"):
        assert word not in logged, word
    assert occurrences(secret_name, [house.data]) != []


def test_nothing_said_in_a_cafe_sitting_with_guests_is_stored_or_logged(tracing_house):
    from test_cafe import Guest, guest, make_cafe

    house = tracing_house
    canary = f"KANARI-kafé-{uuid.uuid4().hex[:12]} ø"
    guest_name = f"Gjest{uuid.uuid4().hex[:8]}"

    async def sitting():
        room, host_link, link, _ = make_cafe(house)
        host = Member(house, room, house.redeem(host_link, "Vert"))
        visitor = Guest(house, room, guest(house, link, guest_name))
        try:
            await host.connect()
            await visitor.connect()
            await visitor.say(f"{canary} fra en gjest")
            await host.expect("said", text=f"{canary} fra en gjest")
            await host.say(f"{canary} til gjesten")
            await visitor.expect("said", text=f"{canary} til gjesten")
            # A drop and a resume, as a guest.
            visitor.ws.transport.abort()
            await host.say(f"{canary} mens gjesten var borte")
            await visitor.connect(resume=True)
            await visitor.expect("said", text=f"{canary} mens gjesten var borte")
            await visitor.send({"t": "not-well", "text": canary})
            await host.expect("signal", e="not-well")
            await host.send({"t": "member.remove", "m": visitor.frames[0]["you"]["id"], "reason": canary})
            assert await visitor.closed_with() == 4410
        finally:
            await close_all()

    asyncio.run(sitting())
    house.stop()
    logs = [house.stdout_path, house.stderr_path]
    assert occurrences(canary, [house.data] + logs) == []
    # A guest's name is in neither the database nor the logs: a guest leaves nothing.
    assert occurrences(guest_name, [house.data] + logs) == []


def name_canary(prefix):
    """A name whose look-alike key is the name in lower case (no letter or digit of it has a prototype of its own,
    as m, l, 0 and 1 do), so that searching for the name and its lower case finds the key as well."""
    return prefix + "".join(random.choice("abcdefghjknpqrstuvwxyz23456789") for _ in range(10))


def wait_until_gone(names, folder, seconds=5.0):
    """The names still found somewhere under `folder` once `seconds` have passed (none, as soon as none is)."""
    deadline = time.time() + seconds
    while True:
        found = {name: occurrences(name, [folder]) + occurrences(name.lower(), [folder]) for name in names}
        found = {name: files for name, files in found.items() if files}
        if not found or time.time() > deadline:
            return found
        time.sleep(0.1)


def test_a_removed_member_s_name_leaves_every_file_within_seconds_while_the_house_runs_and_after_a_stop(house):
    """PRIVACY.md: a membership is deleted at once when its member steps out or is removed. Deleted rows are
    overwritten, and the write-ahead log, which still holds the pages as they were, is emptied after it."""
    removed, stepped_out, by_command, staying = (name_canary(p) for p in ("Fjernet", "Gikk", "Kommando", "Blir"))

    async def meeting():
        room, (vert, gone, leaving, named, stays) = members(house, 5, names=("Vert", removed, stepped_out, by_command, staying))
        for person in (vert, gone, leaving, stays):
            await person.connect()
        # The search works: every name is on disk while its membership lasts.
        for name in (removed, stepped_out, by_command, staying):
            assert occurrences(name, [house.data]), name
        await vert.send({"t": "member.remove", "m": gone.frames[0]["you"]["id"]})
        assert await gone.closed_with() == 4410
        await leaving.send({"t": "group.step-out"})
        assert await leaving.closed_with() == 4411
        out = house.admin("remove-member", "--room", room, "--name", by_command)
        assert "Removed" in out
        await stays.say("vi fortsetter")
        await vert.expect("said", text="vi fortsetter")

    run(meeting())
    assert wait_until_gone([removed, stepped_out, by_command], house.data) == {}
    assert house.alive()
    # Those who stay are still there: the search would find a name that is on disk.
    assert occurrences(staying, [house.data])
    house.stop()
    assert house.process.returncode == 0
    assert wait_until_gone([removed, stepped_out, by_command], house.data, seconds=0) == {}
    assert occurrences(staying, [house.data])
