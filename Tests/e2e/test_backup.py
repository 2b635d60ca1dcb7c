"""A backup taken while a meeting runs restores to a working house: its rooms, members and keys."""

import json
import shutil

from conftest import House
from test_socket import members
from wsclient import Member, run


def test_a_backup_taken_during_a_meeting_restores_to_a_working_house(house, tmp_path):
    backup = tmp_path / "backups" / "house-2026-11-26.sqlite"
    backup.parent.mkdir()

    async def meeting():
        room, (kari, ola) = members(house, 2, names=("Kari", "Ola"))
        await kari.connect()
        await ola.connect()
        await kari.say("før kopien")
        await ola.expect("said")
        # Taken while the room is live and someone is writing.
        out = house.admin("backup", "--to", str(backup))
        assert "Backed up" in out
        await ola.say("etter kopien")
        await kari.expect("said")
        return room, kari.key, ola.key

    room, kari_key, ola_key = run(meeting())
    house.stop()
    assert not backup.with_suffix(".sqlite.partial").exists()

    # Restore: the copy put back as house.sqlite of a fresh house.
    restored_dir = tmp_path / "restored"
    (restored_dir / "data").mkdir(parents=True)
    shutil.copy(backup, restored_dir / "data" / "house.sqlite")
    restored = House(restored_dir).start()
    try:
        rooms = json.loads(restored.admin("rooms", "--json"))
        assert room in [r["id"] for r in rooms]
        assert next(r for r in rooms if r["id"] == room)["members"] == "2"

        async def back_in():
            for key in (kari_key, ola_key):
                welcome = await Member(restored, room, key).connect()
                assert welcome["room"]["id"] == room

        run(back_in())
        # Nothing said is in the copy.
        data = backup.read_bytes()
        assert b"kopien" not in data
    finally:
        restored.stop()
