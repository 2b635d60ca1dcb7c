"""The confidentiality canary: nothing said in a room is ever written anywhere.

A meeting runs over real sockets with the server logging at debug level. Several messages carry
a unique canary string. After the server has stopped, every byte under its data directory
(database, -wal, -shm, anything else) and all of its log output is searched for the canary.
"""

import asyncio
import uuid
from pathlib import Path

from wsclient import Member, close_all


def occurrences(needle: str, paths) -> list:
    """Every file (or log) among `paths` whose bytes contain `needle`, in UTF-8 or UTF-16."""
    forms = [needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("utf-16-be")]
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


def test_nothing_said_in_a_meeting_is_stored_or_logged(house):
    canary = f"KANARI-{uuid.uuid4()}"
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
        finally:
            await close_all()

    asyncio.run(meeting())
    house.stop()

    assert house.process.returncode == 0
    logs = [house.stdout_path, house.stderr_path]
    assert house.logs(), "the server logged nothing at debug level: the log search would prove nothing"
    assert occurrences(canary, [house.data] + logs) == []
    # Names live in the database (members see them), never in the logs.
    assert occurrences(secret_name, logs) == []
    assert occurrences(secret_name, [house.data]) != []
