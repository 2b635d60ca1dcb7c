"""One configuration for the house: read by `serve` and every `admin` command, overridden by the
environment and by flags; printed links use the public address; `admin` never quietly makes a new
house in the wrong folder; `serve` works from any folder."""

import json
import os
import subprocess
import time
import urllib.request

from conftest import BINARY, free_port


def admin(*args, cwd=None, env=None):
    return subprocess.run([str(BINARY), "admin", *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, **(env or {})})


def test_admin_refuses_a_folder_without_a_house_unless_told_to_create_one(tmp_path):
    empty = tmp_path / "somewhere-else"
    out = admin("create-room", "--name", "Rom", "--data", str(empty))
    assert out.returncode != 0
    assert "No house in" in out.stderr and "--create" in out.stderr
    assert not (empty / "house.sqlite").exists()
    out = admin("create-room", "--name", "Rom", "--data", str(empty), "--create", "--json")
    assert out.returncode == 0, out.stderr
    assert (empty / "house.sqlite").exists()


def test_one_file_sets_the_house_and_the_environment_and_flags_win(tmp_path):
    config = tmp_path / "roomserver.conf"
    config.write_text(
        "# A house's settings\n"
        f"data = {tmp_path / 'data'}\n"
        "public-url = https://hus.example.no/\n"
        "port = 9999\n"
    )
    made = json.loads(admin("create-room", "--name", "Rom", "--config", str(config), "--create", "--json").stdout)
    assert made["hostLink"].startswith("https://hus.example.no/i/")
    assert (tmp_path / "data" / "house.sqlite").exists()
    room = made["room"]
    # The environment wins over the file, and a flag over both.
    out = admin("invite", f"--room={room}", "--config", str(config), "--json", env={"ROOMSERVER_PUBLIC_URL": "https://annen.example.no"})
    assert json.loads(out.stdout)[0]["link"].startswith("https://annen.example.no/i/")
    out = admin("invite", f"--room={room}", "--config", str(config), "--json", "--public-url", "https://flagg.example.no",
                env={"ROOMSERVER_PUBLIC_URL": "https://annen.example.no"})
    assert json.loads(out.stdout)[0]["link"].startswith("https://flagg.example.no/i/")
    # ROOMSERVER_CONFIG points at the file too.
    out = admin("rooms", "--json", env={"ROOMSERVER_CONFIG": str(config)})
    assert [r["id"] for r in json.loads(out.stdout)] == [room]
    # A mistyped setting is named, not ignored.
    config.write_text("publik-url = https://hus.example.no\n")
    out = admin("rooms", "--config", str(config))
    assert out.returncode != 0 and "unknown setting `publik-url`" in out.stderr


def test_serve_runs_from_any_folder_with_the_configuration(tmp_path):
    port = free_port()
    config = tmp_path / "roomserver.conf"
    config.write_text(
        f"data = {tmp_path / 'data'}\nport = {port}\nlog-level = warning\n"
        "# The house's own acute-help line, in every language but English.\n"
        "help-line = Akutt hjelp: ring [113]. Husets vakttelefon: [+47 22 00 00 00].\n"
        "help-line-en = Emergency: call [113]. Our duty phone: [+47 22 00 00 00].\n"
    )
    # From a folder with no Public/ in it: the client is found beside the program.
    server = subprocess.Popen([str(BINARY), "serve", "--config", str(config), "--create"], cwd=str(tmp_path),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not start: " + server.stderr.read1().decode(errors="replace"))
        assert "Skriv inn romkode" in page
        # The footer carries the house's own number, as a link a phone can call, in each language.
        assert 'Husets vakttelefon: <a href="tel:+4722000000">+47 22 00 00 00</a>' in page
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=nn", timeout=2) as response:
            assert "Husets vakttelefon" in response.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=2) as response:
            assert "Our duty phone" in response.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/locales/nb.json", timeout=2) as response:
            assert response.status == 200
        assert (tmp_path / "data" / "house.sqlite").exists()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_admin_json_gives_counts_as_numbers(tmp_path):
    data = str(tmp_path / "data")
    made = json.loads(admin("create-room", "--name", "Kafé", "--kind", "cafe", "--data", data, "--create", "--json").stdout)
    rooms = json.loads(admin("rooms", "--data", data, "--json").stdout)
    assert rooms == [{"id": made["room"], "name": "Kafé", "kind": "cafe", "members": 0}]
    plan = json.loads(admin("plan", "--room", made["room"], "--minutes", "90", "--data", data, "--json").stdout)
    assert plan == {"minutes": 90, "breakMinutes": 15, "cueMinutes": 3, "talkDuringBreak": False}
    assert json.loads(admin("visits", "--room", made["room"], "--data", data, "--json").stdout) == []
