"""The server starts only on a house that is there and whole: a missing, empty or damaged `house.sqlite` is
refused with words that name the file and say what to do, and nothing is made or changed in the folder.
`--create` makes a new house where there is none; it never writes over a damaged one."""

import hashlib
import os
import shutil
import sqlite3
import subprocess

from conftest import BINARY, ROOT, House, free_port


def serve(data, *extra):
    """`roomserver serve` on `data`, expected to refuse: returns the finished process."""
    return subprocess.run(
        [str(BINARY), "serve", "--data", str(data), "--port", str(free_port()), "--public-dir", str(ROOT / "Public"), *extra],
        capture_output=True, text=True, timeout=60,
    )


def listing(folder):
    """Every file in the folder, with its size and a hash of its bytes."""
    return {p.name: (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(folder.iterdir())}


def test_a_folder_without_a_house_is_refused_and_nothing_is_made(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    refused = serve(data)
    assert refused.returncode != 0
    assert str(data / "house.sqlite") in refused.stderr and "--create" in refused.stderr, refused.stderr
    assert listing(data) == {}
    # Nor is a folder that is not there made.
    missing = tmp_path / "nowhere"
    refused = serve(missing)
    assert refused.returncode != 0 and str(missing / "house.sqlite") in refused.stderr
    assert not missing.exists()


def test_an_empty_file_is_refused_and_left_as_it_is(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "house.sqlite").write_bytes(b"")
    refused = serve(data)
    assert refused.returncode != 0
    assert f"{data / 'house.sqlite'} is empty" in refused.stderr and "backup" in refused.stderr, refused.stderr
    assert listing(data) == {"house.sqlite": (0, hashlib.sha256(b"").hexdigest())}


def damaged_house(tmp_path):
    """A house with rooms in it, made and stopped as usual, then a page in the middle of its file overwritten."""
    house = House(tmp_path / "made").start()
    for number in range(30):
        house.create_room(name=f"Gruppe {number}")
    house.stop()
    data = house.data
    assert not (data / "house.sqlite-wal").exists() or (data / "house.sqlite-wal").stat().st_size == 0
    file = data / "house.sqlite"
    with sqlite3.connect(file) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    pages = file.stat().st_size // page_size
    assert pages >= 10
    with open(file, "r+b") as raw:
        raw.seek((pages // 2) * page_size)
        raw.write(os.urandom(page_size))
    # SQLite itself finds the damage (in a copy, so the folder is as the server will find it): the test damaged
    # what it meant to.
    probe = tmp_path / "probe.sqlite"
    shutil.copy(file, probe)
    conn = sqlite3.connect(probe)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError as error:
        assert "malformed" in str(error) or "not a database" in str(error), error
    finally:
        conn.close()
    return data


def test_a_damaged_file_is_refused_and_left_as_it_is(tmp_path):
    data = damaged_house(tmp_path)
    before = listing(data)
    for extra in ([], ["--create"]):
        refused = serve(data, *extra)
        assert refused.returncode != 0
        assert f"{data / 'house.sqlite'} is damaged" in refused.stderr and "backup" in refused.stderr, refused.stderr
        after = listing(data)
        # The database is as it was, and nothing was made. (SQLite may tidy away an empty -wal and the -shm
        # beside it, which only a running house needs.)
        assert after["house.sqlite"] == before["house.sqlite"]
        assert set(after) <= set(before), after


def test_create_makes_a_new_house_where_there_is_none_or_an_empty_file(tmp_path):
    for name, prepare in [("missing", lambda data: None), ("empty", lambda data: (data / "house.sqlite").write_bytes(b""))]:
        house = House(tmp_path / name)
        house.data.mkdir()
        prepare(house.data)
        # Where the file is missing, the tests' House passes --create by itself, as `make run` does.
        house.extra = ["--create"] if name == "empty" else []
        house.start()
        try:
            assert house.request("GET", "/healthz")[0] == 200
            assert (house.data / "first-host-link.txt").exists()
        finally:
            house.stop()
        assert house.process.returncode == 0
        # The next start needs no --create: the house is there.
        house.extra = []
        house.start()
        try:
            assert house.request("GET", "/healthz")[0] == 200
        finally:
            house.stop()


def test_the_help_says_what_create_does_and_what_compression_takes():
    shown = " ".join(subprocess.run([str(BINARY), "serve", "--help"], capture_output=True, text=True, timeout=30).stdout.split())
    assert "--create" in shown and "missing, empty or damaged" in shown
    assert "off or message" in shown and "context" not in shown
