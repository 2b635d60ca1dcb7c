"""Issue 21, item 4, over real sockets: the two-member rule must not fall to one person. A member of a
self-organised group who could make invite links alone could open them in other browsers and have the
puppets agree to remove members or make a host. So there a link needs two members too (docs/ROLES.md,
"Why two"): one alone gets no link, links made before stop working, a café's guest has no voice, and with
a second member agreeing the link is made and handed to whoever asked."""

import asyncio
import json
import sqlite3
import urllib.parse

from test_cafe import Guest, guest, make_cafe
from test_roles import change, ids, you
from test_socket import members
from wsclient import Member, run


def unused_links(house, room):
    with sqlite3.connect(house.data / "house.sqlite") as conn:
        return conn.execute(
            "SELECT COUNT(*) FROM invite WHERE roomId = ? AND usedAt IS NULL AND revokedAt IS NULL", (room,)
        ).fetchone()[0]


async def no_unused_links(house, room, timeout=10.0):
    """The room has no usable link (the house stores a change just after the room announces it)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while unused_links(house, room) != 0:
        assert loop.time() < deadline, "unused links still work"
        await asyncio.sleep(0.05)


def redeem_status(house, link, name):
    path = urllib.parse.urlparse(link).path
    body = urllib.parse.urlencode({"name": name, "pledge": "yes"})
    status, _, _ = house.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
    return status


def signals(frames):
    return [f for f in frames if f.get("t") == "signal"]


def test_the_puppet_attack_fails_one_member_alone_gets_no_link_and_removes_nobody(house):
    room, (vert, kari, ola, per) = members(house, 4, names=("Vert", "Kari", "Ola", "Per"))
    # Links made before the group runs itself: a member link the host still holds, and a host link from the house.
    old_member_link = house.invite(room)[0]
    old_host_link = json.loads(house.admin("host-link", f"--room={room}", "--public-url", house.base, "--json"))["hostLink"]

    async def scenario():
        for m in (vert, kari, ola, per):
            await m.connect()
        kari_id, ola_id, per_id = ids(kari, ola, per)
        await vert.send({"t": "room.self-organise"})
        await change(kari, "self-organised")
        # Every link not yet used stopped working with it, in the same transaction.
        await no_unused_links(house, room)
        told = await you(kari, invite=True)
        assert told["why"]["invite"] == "two"

        # Kari asks for a link: she is told one more must agree, and gets no link.
        await kari.send({"t": "invite.create", "label": "Kari 2"})
        asked = await kari.expect("signal", e="invite-asked")
        assert asked == {"t": "signal", "e": "invite-asked", "m": kari_id, "label": "Kari 2"}
        mine = await you(kari)
        while mine["mine"]["invite"] == []:
            mine = await you(kari)
        assert mine["mine"]["invite"] == [{"m": kari_id, "label": "Kari 2"}]
        assert unused_links(house, room) == 0, "no link exists while only one member asked"
        # Asking again, or agreeing to her own ask, is still one member.
        await kari.send({"t": "invite.create"})
        assert (await kari.expect("error"))["code"] == "already-asked"
        await kari.send({"t": "invite.agree", "m": kari_id})
        assert (await kari.expect("error"))["code"] == "not-yourself"
        assert not [f for f in await kari.quiet(0.3) if f.get("t") == "invites" and f.get("created")]
        assert unused_links(house, room) == 0

        # The others were asked, privately.
        assert (await ola.expect("signal", e="invite-asked"))["m"] == kari_id
        await per.expect("signal", e="invite-asked")

        # Alone, she cannot remove Per either.
        await kari.send({"t": "member.remove", "m": per_id})
        await ola.expect("signal", e="removal-asked")
        await kari.send({"t": "member.remove", "m": per_id})
        assert (await kari.expect("error"))["code"] == "already-asked"

        # When she leaves, her asks lapse: nobody can agree to them any more.
        await kari.close()
        lapsed = await you(ola)
        while lapsed["asks"]["invite"]:
            lapsed = await you(ola)
        await ola.send({"t": "invite.agree", "m": kari_id})
        assert (await ola.expect("error"))["code"] == "no-ask"
        with sqlite3.connect(house.data / "house.sqlite") as conn:
            assert conn.execute("SELECT COUNT(*) FROM membership WHERE id = ?", (per_id,)).fetchone() == (1,)
        assert unused_links(house, room) == 0

    run(scenario())
    # Neither old link makes a second voice now.
    assert redeem_status(house, old_member_link, "Kari 3") != 303
    assert redeem_status(house, old_host_link, "Kari 4") != 303


def test_with_a_second_member_agreeing_the_link_is_made_and_handed_to_whoever_asked(house):
    room, (vert, kari, ola, per) = members(house, 4, names=("Vert", "Kari", "Ola", "Per"))

    async def scenario():
        for m in (vert, kari, ola, per):
            await m.connect()
        tab = Member(house, room, kari.key)  # Kari's second page
        await tab.connect()
        kari_id, ola_id = ids(kari, ola)
        await vert.send({"t": "room.self-organise"})
        await change(kari, "self-organised")
        await kari.send({"t": "invite.create", "label": "Siri"})
        await ola.expect("signal", e="invite-asked", m=kari_id)
        agreeable = await you(ola)
        while not agreeable["asks"]["invite"]:
            agreeable = await you(ola)
        assert agreeable["asks"]["invite"] == [{"m": kari_id, "label": "Siri"}]

        await ola.send({"t": "invite.agree", "m": kari_id})
        # The link goes to whoever asked, on each of her pages, as a link made alone is shown.
        made = await kari.expect("invites")
        assert made["created"]["label"] == "Siri" and made["created"]["path"].startswith("/i/")
        assert (await tab.expect("invites"))["created"]["path"] == made["created"]["path"]
        assert (await kari.expect("signal", e="invite-made")) == {
            "t": "signal", "e": "invite-made", "m": kari_id, "by": ola_id, "label": "Siri",
        }
        # Whoever agreed is told it was made, and sees one more unused link, never the link itself.
        await ola.expect("signal", e="invite-made", m=kari_id, by=ola_id)
        listed = await ola.expect("invites")
        assert listed.get("created") is None and [i["label"] for i in listed["unused"]] == ["Siri"]
        assert not [s for s in signals(await per.quiet(0.3)) if s["e"] == "invite-made"], "only the two are told"
        # One agreement makes one link.
        await per.send({"t": "invite.agree", "m": kari_id})
        assert (await per.expect("error"))["code"] == "no-ask"

        # The link lets Siri in, as a member of a group that still runs itself.
        siri = Member(house, room, house.redeem(house.base + made["created"]["path"], "Siri"))
        welcome = await siri.connect()
        assert welcome["you"]["role"] == "member"
        assert (await you(siri, invite=True))["why"]["invite"] == "two"

        # A removal still needs two: one asks, another agrees.
        per_id = ids(per)[0]
        await kari.send({"t": "member.remove", "m": per_id})
        await ola.expect("signal", e="removal-asked")
        await ola.send({"t": "member.remove", "m": per_id})
        assert (await change(vert, "removed"))["by"] == ola_id

    run(scenario())
    # The room's words (the label, the names) never reach the logs: opaque ids only.
    assert b"Siri" not in house.logs()


def test_a_cafes_guests_never_ask_agree_or_hear_of_an_ask(house):
    room, host_link, link, _ = make_cafe(house)

    async def scenario():
        vert = Member(house, room, house.redeem(host_link, "Vert"))
        kari = Member(house, room, house.member(room, "Kari"))
        gjest = Guest(house, room, guest(house, link, "Gjest"))
        for m in (vert, kari, gjest):
            await m.connect()
        # A café is no group: it never runs itself, so no member's ask could wait for a guest's agreement.
        host = await you(vert)
        assert host["may"]["organise"] is False and host["may"]["members"] is False and host["may"]["stepOut"] is False
        await vert.send({"t": "room.self-organise"})
        assert (await vert.expect("error"))["code"] == "not-allowed"
        # Nor does it make members by invitation: its guests come by its link and code.
        await vert.send({"t": "invite.create"})
        assert (await vert.expect("error"))["code"] == "not-allowed"
        await vert.send({"t": "members.list"})
        assert (await vert.expect("error"))["code"] == "not-allowed"
        mine = await you(gjest)
        assert mine["may"]["invite"] is False
        await gjest.send({"t": "invite.agree", "m": ids(kari)[0]})
        assert (await gjest.expect("error"))["code"] == "not-allowed"
        await gjest.send({"t": "invite.create"})
        assert (await gjest.expect("error"))["code"] == "not-allowed"
        heard = await gjest.quiet(0.3)
        assert not signals(gjest.frames + heard), "a guest is never told of an ask"
        assert all(f["asks"]["invite"] == [] for f in gjest.frames + heard if f.get("t") == "you")

    run(scenario())
