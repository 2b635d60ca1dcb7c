"""A backup taken while a meeting runs restores to a working house: its rooms, members and keys."""

import json
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

from conftest import BINARY, House
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
        assert next(r for r in rooms if r["id"] == room)["members"] == 2

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


def test_the_nightly_backup_keeps_the_newest_copies_and_nothing_else_is_touched(house, tmp_path):
    """What the timer runs: `admin backup` into the backup folder, then all but the newest `--keep` deleted."""
    shelf = house.data / "backups"
    shelf.mkdir()
    for old in ["house-2026-01-01T033000Z.sqlite", "house-2026-01-02T033000Z.sqlite", "house-2026-01-03T033000Z.sqlite"]:
        (shelf / old).write_bytes(b"an old copy")
    (shelf / "notes.txt").write_text("the operator's own file")
    (shelf / "house-important.sqlite").write_text("not a name the backup gives")

    out = house.admin("backup", "--keep", "2")
    assert "Kept the newest 2; deleted 2 older." in out
    copies = sorted(p.name for p in shelf.glob("house-20*.sqlite"))
    assert len(copies) == 2 and copies[0] == "house-2026-01-03T033000Z.sqlite"
    assert (shelf / "notes.txt").exists() and (shelf / "house-important.sqlite").exists()
    # The new copy is a whole house.
    newest = shelf / copies[1]
    assert newest.read_bytes().startswith(b"SQLite format 3\x00")

    # The folder and the number kept come from the configuration; a folder it makes, and every copy, are
    # the house user's alone (a copy holds every name and key). A nonsense number is refused with words.
    elsewhere = tmp_path / "elsewhere" / "backups"
    config = tmp_path / "roomserver.conf"
    config.write_text(f"data = {house.data}\nbackup-dir = {elsewhere}\nbackup-keep = 1\n")
    for _ in range(2):
        out = subprocess.run([str(BINARY), "admin", "backup", "--config", str(config)], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "Kept the newest 1" in out.stdout, out.stderr
    copies = list(elsewhere.glob("house-20*.sqlite"))
    assert len(copies) == 1
    assert elsewhere.stat().st_mode & 0o777 == 0o700 and copies[0].stat().st_mode & 0o777 == 0o600
    config.write_text(f"data = {house.data}\nbackup-keep = none\n")
    out = subprocess.run([str(BINARY), "admin", "backup", "--config", str(config)], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and "backup-keep must be a number" in out.stderr


def test_the_next_backup_clears_what_a_backup_cut_short_left_and_nothing_else(house):
    shelf = house.data / "backups"
    shelf.mkdir()
    # What a backup killed mid-copy leaves: the unfinished copy and SQLite's journal beside it (names, keys).
    left = [shelf / "house-2026-01-01T033000Z.sqlite.partial", shelf / "house-2026-01-01T033000Z.sqlite.partial-journal"]
    for file in left:
        file.write_bytes(b"half a copy")
    kept = [shelf / "notes.partial", shelf / "house-important.sqlite.partial", shelf / "house-2026-01-02T033000Z.sqlite"]
    for file in kept:
        file.write_bytes(b"the operator's own")
    out = house.admin("backup")
    assert "Removed 2 unfinished copy file(s)" in out and "Backed up" in out
    assert not any(file.exists() for file in left)
    assert all(file.exists() for file in kept)


@pytest.fixture(scope="module")
def big_house(tmp_path_factory):
    """A house whose database takes a few seconds to copy: a signal can reach a backup in the middle of it."""
    data = tmp_path_factory.mktemp("big") / "data"
    made = subprocess.run([str(BINARY), "admin", "rooms", "--data", str(data), "--create"], capture_output=True, timeout=60)
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(data / "house.sqlite")
    conn.execute("CREATE TABLE ballast (bytes BLOB)")
    conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600) "
                 "INSERT INTO ballast SELECT randomblob(1048576) FROM n")
    conn.commit()
    conn.close()
    return data


def backup_until_partial(data, target):
    """Starts `admin backup --to target` and returns it once its unfinished copy is on disk."""
    process = subprocess.Popen([str(BINARY), "admin", "backup", "--to", str(target), "--data", str(data)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    partial = target.with_name(target.name + ".partial")
    deadline = time.time() + 30
    while not (partial.exists() and partial.stat().st_size > 0):
        assert process.poll() is None, "the backup ended before a signal could reach it: " + process.stderr.read().decode()
        assert time.time() < deadline
        time.sleep(0.005)
    return process, partial


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_backup_stopped_by_a_signal_removes_its_unfinished_copy(big_house, tmp_path, stop):
    target = tmp_path / "copy.sqlite"
    process, partial = backup_until_partial(big_house, target)
    process.send_signal(stop)
    assert process.wait(timeout=30) == 128 + stop
    assert sorted(p.name for p in tmp_path.iterdir()) == [], "no copy, whole or partial, and no journal"


def test_a_killed_backup_leaves_a_partial_that_the_next_backup_to_that_file_replaces(big_house, tmp_path):
    target = tmp_path / "copy.sqlite"
    process, partial = backup_until_partial(big_house, target)
    process.kill()
    process.wait(timeout=30)
    # SIGKILL cannot be caught: this is what the next backup has to clear.
    assert partial.exists()
    out = subprocess.run([str(BINARY), "admin", "backup", "--to", str(target), "--data", str(big_house)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.sqlite"]
