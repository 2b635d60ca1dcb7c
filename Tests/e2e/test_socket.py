"""Several members in one room over real sockets against the real server binary."""

import asyncio
import base64
import json
import os
import socket
import sqlite3
import struct

import pytest
import websockets

from rawsocket import client_text_frame
from wsclient import Member, run


def members(house, count, names=("Kari", "Ola", "Per", "Siri")):
    room, host_link = house.create_room()
    keys = [house.redeem(host_link, names[0])] + [house.member(room, name) for name in names[1:count]]
    return room, [Member(house, room, key) for key in keys]


def test_messages_typing_join_and_leave_reach_everyone_present(house):
    async def scenario():
        room, (kari, ola, per) = members(house, 3)
        await kari.connect()
        await ola.connect()
        await kari.expect("joined", m={"id": ola.frames[0]["you"]["id"], "name": "Ola", "role": "member"})
        await per.connect()
        for m in (kari, ola):
            await m.expect("joined")

        await ola.send({"t": "typing"})
        typing = await kari.expect("typing")
        assert typing["m"] == ola.frames[0]["you"]["id"]

        await ola.say("Hei, jeg heter Ola", ref="o1")
        for m in (kari, ola, per):
            said = await m.expect("said")
            assert said["text"] == "Hei, jeg heter Ola"
            assert said["ref"] == "o1"

        await kari.say("Velkommen")
        seqs = [(await m.expect("said"))["s"] for m in (kari, ola, per)]
        assert len(set(seqs)) == 1

        await per.close()
        left = await kari.expect("left")
        assert left["m"] == per.frames[0]["you"]["id"]
        await ola.expect("left")
        await kari.close()
        await ola.close()

    run(scenario())


def test_a_late_joiner_sees_nothing_said_before_they_came(house):
    async def scenario():
        room, (kari, ola, per) = members(house, 3)
        await kari.connect()
        await ola.connect()
        await kari.say("Dette ble sagt før Per kom")
        await ola.expect("said")
        welcome = await per.connect()
        assert welcome["resumed"] is False
        early = await per.quiet(0.5)
        assert not [f for f in per.frames + early if f.get("t") == "said"]
        await kari.say("Nå er Per her")
        said = await per.expect("said")
        assert said["text"] == "Nå er Per her"

    run(scenario())


def test_a_member_who_drops_off_resumes_and_gets_what_they_missed(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await ola.connect()
        await kari.say("før bruddet")
        await ola.expect("said")
        # The connection drops without a goodbye: Ola keeps his place for a grace, so nobody is told he left.
        before_drop = (await kari.expect("said", text="før bruddet"))["s"]
        ola.ws.transport.abort()
        await asyncio.sleep(0.3)
        await kari.say("mens Ola var borte")
        welcome = await ola.connect(resume=True)
        assert welcome["resumed"] is True
        missed = await ola.expect("said")
        assert missed["text"] == "mens Ola var borte"
        await kari.say("velkommen tilbake")
        await kari.expect("said", text="velkommen tilbake")
        assert [f["t"] for f in kari.frames if f["t"] in ("left", "joined") and f["s"] > before_drop] == []

    run(scenario())


def test_bad_input_gets_a_clear_error_and_the_room_goes_on(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await ola.connect()

        await kari.ws.send("dette er ikke JSON")
        assert (await kari.expect("error"))["code"] == "bad-json"
        await kari.send({"t": "dans"})
        assert (await kari.expect("error"))["code"] == "unknown-type"
        await kari.say("x" * 2001, ref="lang")
        error = await kari.expect("error")
        assert error == {"t": "error", "code": "too-long", "ref": "lang"}
        await kari.say("   ")
        assert (await kari.expect("error"))["code"] == "empty"
        await kari.ws.send(b"\x00\x01binary")
        assert (await kari.expect("error"))["code"] == "binary"
        await kari.send({"t": "invite.create"})  # Kari is the host: allowed
        await kari.expect("invites")
        await ola.send({"t": "invite.create"})  # Ola is not
        assert (await ola.expect("error"))["code"] == "not-allowed"

        # Nothing of that reached Ola, and the room still works.
        await kari.say("fortsatt her")
        assert (await ola.expect("said"))["text"] == "fortsatt her"
        assert not [f for f in ola.frames if f.get("t") == "error" and f.get("code") != "not-allowed"]

    run(scenario())


def test_a_frame_over_the_size_limit_closes_with_1009_and_the_others_carry_on(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await ola.connect()
        await ola.ws.send(json.dumps({"t": "say", "text": "å" * 20000}))
        assert await ola.closed_with() == 1009
        await kari.say("rommet lever")
        assert (await kari.expect("said"))["text"] == "rommet lever"

    run(scenario())
    assert house.alive()


def test_invalid_utf8_closes_with_1007_and_the_server_stays_up(house):
    room, host_link = house.create_room()
    key = house.redeem(host_link, "Kari")
    with socket.create_connection(("127.0.0.1", house.port), timeout=5) as s:
        nonce = base64.b64encode(os.urandom(16)).decode()
        s.sendall(
            (f"GET /r/{room}/ws HTTP/1.1\r\nHost: 127.0.0.1:{house.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             f"Sec-WebSocket-Key: {nonce}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{house.port}\r\n"
             f"Cookie: rs_member={key}\r\n\r\n").encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            data += s.recv(4096)
        assert data.startswith(b"HTTP/1.1 101")
        s.sendall(client_text_frame(b'{"t":"say","text":"\xff\xfe"}'))
        received = data.split(b"\r\n\r\n", 1)[1]
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            received += chunk
            close_at = received.find(b"\x88")
            if close_at >= 0 and len(received) >= close_at + 4:
                break
        close_at = received.find(b"\x88")
        assert close_at >= 0, received
        code = struct.unpack("!H", received[close_at + 2: close_at + 4])[0]
        assert code == 1007
    assert house.alive()


def test_a_burst_over_the_rate_limit_is_refused_then_a_flood_is_closed(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await ola.connect()
        for i in range(60):
            await ola.say(f"melding {i}")
        errors = [f for f in await ola.quiet(1.5) if f.get("t") == "error"]
        assert errors and errors[0]["code"] == "rate-limited"
        # Kari got the burst that passed, not the refused ones.
        got = [f for f in await kari.quiet(1.5) if f.get("t") == "said"]
        assert 20 <= len(got) < 60

        for i in range(200):
            try:
                await ola.send({"t": "typing"})
            except websockets.ConnectionClosed:
                break
        assert await ola.closed_with() == 1008
        await kari.say("fortsatt her")
        assert (await kari.expect("said"))["text"] == "fortsatt her"

    run(scenario())
    assert house.alive()


def test_an_unknown_or_removed_key_and_a_foreign_origin_are_refused(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        # A made-up key.
        stranger = Member(house, room, "A" * 43)
        with pytest.raises(websockets.ConnectionClosed) as refused:
            await stranger.connect()
        assert refused.value.rcvd.code == 4401
        # A removed membership's key stops working.
        with sqlite3.connect(house.data / "house.sqlite") as db:
            db.execute("PRAGMA busy_timeout = 5000")
            db.execute("DELETE FROM membership WHERE displayName = 'Ola'")
        with pytest.raises(websockets.ConnectionClosed) as removed:
            await ola.connect()
        assert removed.value.rcvd.code == 4401
        # Another site's page cannot open the room with this browser's key.
        with pytest.raises(websockets.InvalidStatus):
            await kari.connect(origin="https://evil.example")
        # An unknown room.
        lost = Member(house, "AAAAAAAAAAAAAAAA", kari.key)
        with pytest.raises(websockets.ConnectionClosed) as unknown:
            await lost.connect()
        assert unknown.value.rcvd.code == 4404

    run(scenario())


def test_the_host_makes_lists_and_revokes_links_from_inside_the_room(house):
    async def scenario():
        room, (kari, ola) = members(house, 2)
        await kari.connect()
        await kari.send({"t": "invite.list"})
        before = len((await kari.expect("invites"))["unused"])
        await kari.send({"t": "invite.create"})
        created = (await kari.expect("invites"))
        assert len(created["unused"]) == before + 1
        path = created["created"]["path"]
        assert house.request("GET", path)[0] == 200
        await kari.send({"t": "invite.revoke", "id": created["created"]["id"]})
        after = await kari.expect("invites")
        assert len(after["unused"]) == before
        assert "created" not in after or after["created"] is None
        status, _, page = house.request("GET", path)
        assert status == 410 and "trukket tilbake" in page
        await kari.send({"t": "invite.revoke", "id": "no-such-invite"})
        assert (await kari.expect("error"))["code"] == "bad-field"

    run(scenario())
