"""A whole self-help meeting over real sockets: opening round, free word with the hand queue,
a break that resumes by itself (with a member reconnecting during it), closing round, the end."""

import asyncio
import time

from test_socket import members, run


def shape_of(frame):
    return frame["shape"]


async def state_until(member, predicate, timeout=20.0):
    """Reads `state` frames until one whose shape satisfies `predicate`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        frame = await member.expect("state", timeout=max(0.05, deadline - loop.time()))
        if predicate(frame["shape"]):
            return frame


def test_a_whole_meeting_runs_by_itself(fast_house):
    house = fast_house

    async def scenario():
        room, (host, kari, ola) = members(house, 3, names=("Vert", "Kari", "Ola"))
        for m in (host, kari, ola):
            await m.connect()
        ids = {m: m.frames[0]["you"]["id"] for m in (host, kari, ola)}

        # Only whoever runs the meeting starts it.
        await kari.send({"t": "meeting.start"})
        assert (await kari.expect("error"))["code"] == "not-allowed"
        await host.send({"t": "meeting.start"})
        started = await state_until(kari, lambda s: s["phase"] == "running")
        assert started["why"] == [{"e": "meeting-started"}]
        plan = started["shape"]
        assert plan["endsAt"] - plan["startedAt"] == 120 * 2 * 1000  # 120 "minutes" of 2 s

        # Opening round, in arrival order: only the speaker writes; pass and done move the turn.
        await host.send({"t": "round.start", "prompt": "how-am-i"})
        first = await state_until(ola, lambda s: s.get("round") is not None)
        assert first["shape"]["round"]["order"] == [ids[host], ids[kari], ids[ola]]
        assert first["shape"]["floor"] == ids[host]
        await kari.say("jeg vil si noe nå")
        assert (await kari.expect("error"))["code"] == "not-your-turn"
        await host.say("Jeg har det bra")
        await ola.expect("said", text="Jeg har det bra")
        await host.send({"t": "done"})
        await state_until(ola, lambda s: s.get("floor") == ids[kari])
        # Ola's page reloads in the middle of Kari's share: it shows the round and whose turn it is.
        await ola.close()
        rejoined = await ola.connect()
        assert rejoined["shape"]["round"]["speaker"] == ids[kari]
        assert rejoined["shape"]["round"]["prompt"] == "how-am-i"
        await kari.send({"t": "pass"})
        passed = await state_until(host, lambda s: s.get("floor") == ids[ola])
        assert {"e": "share-ended", "m": ids[kari], "end": "passed"} in passed["why"]
        # The speaker gets a private time cue after a "minute" (2 s); nobody else does.
        cue = await ola.expect("cue", timeout=15)
        assert cue == {"t": "cue"}
        await ola.say("Litt sliten")
        await ola.send({"t": "done"})
        ended = await state_until(kari, lambda s: s.get("round") is None)
        assert any(c["e"] == "round-ended" for c in ended["why"])
        assert not [f for f in host.frames + kari.frames if f.get("t") == "cue"]

        # Free word, one at a time with the hand queue.
        await host.send({"t": "free.one-at-a-time", "on": True})
        await state_until(kari, lambda s: s["free"]["oneAtATime"])
        await ola.send({"t": "hand.raise"})
        await state_until(kari, lambda s: s["free"]["queue"] == [ids[ola]])
        await kari.send({"t": "hand.raise"})
        queued = await state_until(host, lambda s: s["free"]["queue"] == [ids[ola], ids[kari]])
        assert queued["shape"]["floor"] == ids[ola]
        await kari.say("før min tur")
        assert (await kari.expect("error"))["code"] == "not-your-turn"
        await ola.say("Ordet er mitt")
        await ola.send({"t": "done"})
        await state_until(kari, lambda s: s.get("floor") == ids[kari])
        await kari.say("Nå er det meg")
        await host.expect("said", text="Nå er det meg")
        await kari.send({"t": "done"})
        await host.send({"t": "free.one-at-a-time", "on": False})
        await state_until(kari, lambda s: not s["free"]["oneAtATime"])

        # A one-"minute" break (2 s): nobody writes; a member reconnects in the middle of it and sees
        # the break and its end; the meeting resumes by itself.
        await host.send({"t": "break.start", "minutes": 1})
        on_break = await state_until(kari, lambda s: s["phase"] == "break")
        ends_at = on_break["shape"]["breakEndsAt"]
        await kari.say("kaffe?")
        assert (await kari.expect("error"))["code"] == "on-break"
        await ola.close()
        welcome = await ola.connect(resume=True)
        assert welcome["shape"]["phase"] == "break"
        assert welcome["shape"]["breakEndsAt"] == ends_at
        assert abs(welcome["now"] - time.time() * 1000) < 5000
        resumed = await state_until(kari, lambda s: s["phase"] == "running", timeout=20)
        assert any(c["e"] == "break-ended" for c in resumed["why"])
        assert resumed["now"] >= ends_at
        await state_until(ola, lambda s: s["phase"] == "running", timeout=20)

        # Closing round, then the end of the meeting: nobody writes after it.
        await host.send({"t": "round.start", "prompt": "closing", "shuffle": True})
        closing = await state_until(kari, lambda s: s.get("round") is not None)
        assert closing["shape"]["round"]["prompt"] == "closing"
        assert sorted(closing["shape"]["round"]["order"]) == sorted(ids.values())
        await host.send({"t": "meeting.end"})
        end = await state_until(kari, lambda s: s["phase"] == "ended")
        assert [c["e"] for c in end["why"]] == ["round-ended", "meeting-ended"]
        assert end["shape"].get("round") is None and end["shape"].get("floor") is None
        await kari.say("er det noen her?")
        assert (await kari.expect("error"))["code"] == "meeting-ended"

    run(scenario())
    assert house.alive()


def test_when_the_host_drops_off_the_others_can_move_the_meeting_on(house):
    async def scenario():
        room, (host, kari) = members(house, 2, names=("Vert", "Kari"))
        await host.connect()
        await kari.connect()
        await host.send({"t": "meeting.start"})
        await state_until(kari, lambda s: s["phase"] == "running")
        await host.close()
        freed = await state_until(kari, lambda s: s["anyoneRuns"])
        assert freed["shape"]["anyoneRuns"] is True
        await kari.send({"t": "break.start", "minutes": 5})
        await state_until(kari, lambda s: s["phase"] == "break")
        await kari.send({"t": "break.resume"})
        await state_until(kari, lambda s: s["phase"] == "running")

    run(scenario())
