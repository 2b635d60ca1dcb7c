"""Who holds control, over real sockets: giving the host role, a self-organised meeting, the host
dropping off, removing a member (and the two-member rule), stepping out, and the quiet signals
(docs/ROLES.md)."""

import asyncio
import sqlite3

from test_socket import members
from wsclient import Member, run


def db(house):
    return sqlite3.connect(house.data / "house.sqlite")


async def you(member, timeout=15.0, **may):
    """Reads until a `you` frame whose `may` has these values."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await member.expect("you", timeout=max(0.05, deadline - loop.time()))
        if all(frame["may"].get(k) == v for k, v in may.items()):
            return frame


async def change(member, e, timeout=15.0):
    """Reads `state` frames until one says `e` changed; returns that change."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await member.expect("state", timeout=max(0.05, deadline - loop.time()))
        for c in frame["why"]:
            if c["e"] == e:
                return c


def ids(*people):
    return [p.frames[0]["you"]["id"] for p in people]


def test_control_is_offered_declined_and_accepted_and_stored(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (vert, kari, ola):
            await m.connect()
        vert_id, kari_id, ola_id = ids(vert, kari, ola)
        mine = await you(kari)
        assert mine["role"] == "member" and mine["may"]["invite"] is False and mine["may"]["run"] is False

        # A member cannot hand out control.
        await ola.send({"t": "host.offer", "m": kari_id})
        assert (await ola.expect("error"))["code"] == "not-allowed"

        # Declined: the host hears it; nothing changes.
        await vert.send({"t": "host.offer", "m": kari_id})
        assert (await kari.expect("signal", e="host-offered"))["by"] == vert_id
        assert (await you(kari))["offer"] == vert_id
        await kari.send({"t": "host.decline"})
        await vert.expect("signal", e="host-declined", m=kari_id)
        assert not [f for f in await ola.quiet(0.3) if f.get("t") == "signal"], "others never see an offer"

        # Accepted: everyone sees it, Kari may invite, and the role is stored.
        await vert.send({"t": "host.offer", "m": kari_id})
        await kari.expect("signal", e="host-offered")
        await kari.send({"t": "host.accept"})
        assert (await change(ola, "role")) == {"e": "role", "m": kari_id, "role": "host"}
        await you(kari, invite=True, run=True)
        await kari.send({"t": "invite.create"})
        assert (await kari.expect("invites"))["created"]["path"].startswith("/i/")
        with db(house) as conn:
            assert conn.execute("SELECT role FROM membership WHERE id = ?", (kari_id,)).fetchone() == ("host",)

        # The igangsetter steps down and stays; the last host could not.
        await vert.send({"t": "host.step-down"})
        await change(ola, "role")
        await kari.send({"t": "host.step-down"})
        assert (await kari.expect("error"))["code"] == "last-host"

    run(scenario())


def test_a_self_organised_meeting_is_run_by_two_members(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (vert, kari, ola):
            await m.connect()
        await vert.send({"t": "room.self-organise"})
        organised = await change(kari, "self-organised")
        assert organised["by"] == ids(vert)[0]
        state = await you(ola, run=True, invite=True, moderate=True)
        assert state["role"] == "member"
        await kari.send({"t": "meeting.start"})
        await change(ola, "meeting-started")
        await ola.send({"t": "break.start", "minutes": 5})
        await change(kari, "break-started")
        await kari.send({"t": "break.resume"})
        await change(vert, "break-ended")
        # A link needs two here as well: Ola asks, Kari agrees, and the link is Ola's (test_two_members.py has more).
        await ola.send({"t": "invite.create", "label": "Per"})
        await kari.expect("signal", e="invite-asked", m=ids(ola)[0])
        await kari.send({"t": "invite.agree", "m": ids(ola)[0]})
        assert (await ola.expect("invites"))["created"]["label"] == "Per"
        with db(house) as conn:
            assert conn.execute("SELECT selfOrganised FROM room WHERE id = ?", (room,)).fetchone() == (1,)
            assert conn.execute("SELECT COUNT(*) FROM membership WHERE roomId = ? AND role = 'host'", (room,)).fetchone() == (0,)
        # Asked by the group (two members agree) to hold the role again, one member takes it; the room has a host.
        await kari.send({"t": "host.offer", "m": ids(ola)[0]})
        assert (await vert.expect("signal", e="host-asked"))["by"] == ids(kari)[0]
        assert (await you(vert))["asks"]["give"] == [ids(ola)[0]]
        await vert.send({"t": "host.offer", "m": ids(ola)[0]})
        await ola.expect("signal", e="host-offered")
        await ola.send({"t": "host.accept"})
        await change(vert, "hosted")
        await you(kari, invite=False, run=False)

    run(scenario())


def test_when_the_host_drops_off_anyone_runs_the_meeting_but_nothing_that_lasts(house):
    async def scenario():
        room, (vert, kari) = members(house, 2, names=("Vert", "Kari"))
        await vert.connect()
        await kari.connect()
        await you(kari, run=False)
        await vert.close()  # a goodbye: no grace
        gone = await you(kari, run=True)
        assert gone["may"]["invite"] is False and gone["may"]["moderate"] is False
        await kari.send({"t": "meeting.start"})
        await change(kari, "meeting-started")
        await kari.send({"t": "invite.create"})
        assert (await kari.expect("error"))["code"] == "not-allowed"
        # The host comes back and runs the meeting again.
        await vert.connect()
        await you(kari, run=False)

    run(scenario())


def test_removal_closes_the_connections_and_the_key_stops_working(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (vert, kari, ola):
            await m.connect()
        tab = Member(house, room, ola.key)  # a second tab
        await tab.connect()
        ola_id = ids(ola)[0]
        await kari.send({"t": "member.remove", "m": ola_id})
        assert (await kari.expect("error"))["code"] == "not-allowed"
        await vert.send({"t": "member.remove", "m": ola_id})
        removed = await change(kari, "removed")
        assert removed == {"e": "removed", "m": ola_id, "by": ids(vert)[0], "name": "Ola"}
        assert await ola.closed_with() == 4410
        assert await tab.closed_with() == 4410
        with db(house) as conn:
            assert conn.execute("SELECT COUNT(*) FROM membership WHERE id = ?", (ola_id,)).fetchone() == (0,)
        # Reconnecting: no key any more.
        again = Member(house, room, ola.key)
        try:
            await again.connect()
            raise AssertionError("a removed key was let in")
        except Exception:
            pass
        # The room page no longer renews the key's cookie: it clears it.
        status, headers, _ = house.request("GET", f"/r/{room}", headers={"Cookie": f"rs_member={ola.key}"})
        assert status == 200 and headers["Set-Cookie"].startswith("rs_member=;") and "Max-Age=0" in headers["Set-Cookie"]

    run(scenario())


def test_in_a_self_organised_room_removal_needs_two_members(house):
    async def scenario():
        room, (vert, kari, ola, per) = members(house, 4, names=("Vert", "Kari", "Ola", "Per"))
        for m in (vert, kari, ola, per):
            await m.connect()
        await vert.send({"t": "room.self-organise"})
        await change(per, "self-organised")
        per_id = ids(per)[0]
        await kari.send({"t": "member.remove", "m": per_id})
        asked = await ola.expect("signal", e="removal-asked")
        assert asked["by"] == ids(kari)[0] and asked["name"] == "Per"
        assert not [f for f in await per.quiet(0.3) if f.get("t") == "signal"], "the person it is about is not told of the ask"
        await kari.send({"t": "member.remove", "m": per_id})
        assert (await kari.expect("error"))["code"] == "already-asked"
        await ola.send({"t": "member.remove", "m": per_id})
        assert (await change(vert, "removed"))["by"] == ids(ola)[0]
        assert await per.closed_with() == 4410

    run(scenario())


def test_a_removal_from_the_command_line_reaches_the_live_room(house):
    async def scenario():
        room, (vert, kari) = members(house, 2, names=("Vert", "Kari"))
        await vert.connect()
        await kari.connect()
        house.admin("remove-member", f"--room={room}", "--name", "KARI")
        removed = await change(vert, "removed", timeout=20)
        assert removed["name"] == "Kari" and "by" not in removed
        assert await kari.closed_with(timeout=20) == 4410

    run(scenario())


def test_stepping_out_deletes_the_membership_and_the_group_goes_on(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (vert, kari, ola):
            await m.connect()
        # The last host is stopped, and told why.
        await vert.send({"t": "group.step-out"})
        assert (await vert.expect("error"))["code"] == "last-host"
        assert [f for f in vert.frames if f.get("t") == "you"][-1]["why"]["stepOut"] == "last-host"
        kari_id = ids(kari)[0]
        await kari.send({"t": "group.step-out"})
        assert (await change(ola, "stepped-out")) == {"e": "stepped-out", "m": kari_id, "name": "Kari"}
        assert await kari.closed_with() == 4411
        with db(house) as conn:
            assert conn.execute("SELECT COUNT(*) FROM membership WHERE id = ?", (kari_id,)).fetchone() == (0,)
        # The name is free again in the group.
        house.member(room, "Kari")
        await ola.say("vi fortsetter")
        await vert.expect("said", text="vi fortsetter")

    run(scenario())


def test_quiet_signals_reach_only_whom_they_should(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (vert, kari, ola):
            await m.connect()
        kari_id = ids(kari)[0]
        # "Not well" goes to the host only; Kari is told who heard it.
        await kari.send({"t": "not-well"})
        assert (await vert.expect("signal", e="not-well"))["m"] == kari_id
        assert (await kari.expect("signal", e="not-well-sent"))["to"] == "hosts"
        assert not [f for f in await ola.quiet(0.3) if f.get("t") == "signal"]
        # A pause is for everyone to see.
        await kari.send({"t": "pause", "on": True})
        paused = await change(ola, "paused")
        assert paused["m"] == kari_id
        # Said once; again at once is not news, and cannot flood the room.
        await kari.send({"t": "not-well"})
        assert (await kari.expect("error"))["code"] == "already-said"
        # With no host present, "not well" goes to everyone present.
        await vert.close()
        await ola.send({"t": "not-well"})
        await kari.expect("signal", e="not-well")
        assert (await ola.expect("signal", e="not-well-sent"))["to"] == "everyone"

    run(scenario())


def test_a_locked_room_refuses_newcomers_and_lets_its_own_back(house):
    async def scenario():
        room, (vert, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        await vert.connect()
        await kari.connect()
        await vert.send({"t": "room.lock", "on": True})
        await change(kari, "locked")
        try:
            await ola.connect()
        except Exception:
            pass
        assert await ola.closed_with() == 4423
        await kari.ws.close()  # drops off without a goodbye
        await asyncio.sleep(0.2)
        again = Member(house, room, kari.key)
        await again.connect()  # someone already in this meeting comes back

    run(scenario())


def test_a_lost_key_whoever_holds_control_sees_the_members_by_month_and_removes_the_old_one(house):
    async def scenario():
        room, (vert, kari) = members(house, 2, names=("Vert", "Kari"))
        # Kari's old phone: a membership nobody is using now.
        old_key = house.member(room, "Kari gammel")
        await vert.connect()
        await kari.connect()
        await kari.send({"t": "members.list"})
        assert (await kari.expect("error"))["code"] == "not-allowed"
        await vert.send({"t": "members.list"})
        listed = (await vert.expect("members"))["members"]
        assert [m["name"] for m in listed] == ["Vert", "Kari", "Kari gammel"]
        assert all(len(m["seen"]) == 7 and m["seen"][4] == "-" for m in listed), "the month, never a finer date"
        old = next(m for m in listed if m["name"] == "Kari gammel")
        await vert.send({"t": "member.remove", "m": old["id"]})
        removed = await change(kari, "removed")
        assert removed["name"] == "Kari gammel"
        # The others are told as the room decides; the house writes it a moment later (the one removed is closed
        # only once it is written): wait for the row to go, up to five seconds.
        for _ in range(50):
            with db(house) as conn:
                left = conn.execute("SELECT COUNT(*) FROM membership WHERE id = ?", (old["id"],)).fetchone()
            if left == (0,):
                break
            await asyncio.sleep(0.1)
        assert left == (0,)
        lost = Member(house, room, old_key)
        try:
            await lost.connect()
        except Exception:
            pass
        assert await lost.closed_with() == 4401
        # A made-up id, or one of another room, is not a member here.
        await vert.send({"t": "member.remove", "m": "x" * 16})
        assert (await vert.expect("error"))["code"] == "unknown-member"

    run(scenario())
