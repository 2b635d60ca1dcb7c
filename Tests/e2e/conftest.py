"""A real house for the end-to-end tests: the built binary, a fresh data directory, a free port on 127.0.0.1."""

import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("ROOMSERVER_BIN", ROOT / ".build" / "debug" / "roomserver"))
ARTIFACTS = ROOT / "Tests" / "e2e" / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class House:
    """One running `roomserver serve`, logging (at debug level unless told) into files the tests can search."""

    def __init__(self, workdir: Path, extra=(), log_level="debug", open_files=None):
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.extra = list(extra)
        self.log_level = log_level
        # A low open-file limit for the server process only, to show what happens when it runs out.
        self.open_files = open_files
        self.data = workdir / "data"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.stdout_path = workdir / "stdout.log"
        self.stderr_path = workdir / "stderr.log"
        self.process = None

    def start(self):
        # A new house the first time, as `make run` does; a restart (or a restored copy) opens the one there.
        create = [] if (self.data / "house.sqlite").exists() else ["--create"]
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--data", str(self.data), "--port", str(self.port),
             "--public-dir", str(ROOT / "Public"), "--log-level", self.log_level, *create, *self.extra],
            stdout=open(self.stdout_path, "wb"), stderr=open(self.stderr_path, "wb"),
            preexec_fn=self._limit_files if self.open_files else None,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                status, _, _ = self.request("GET", "/healthz")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start: " + self.stderr_path.read_text(errors="replace")[-2000:])

    def _limit_files(self):
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, self.open_files))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def alive(self) -> bool:
        return self.process.poll() is None and self.request("GET", "/healthz")[0] == 200

    # HTTP

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    # Admin command line

    def admin(self, *args):
        out = subprocess.run(
            [str(BINARY), "admin", *args, "--data", str(self.data)],
            check=True, capture_output=True, text=True, timeout=60,
        )
        return out.stdout

    def create_room(self, name="Testgruppe", kind="group"):
        made = json.loads(self.admin("create-room", "--name", name, "--kind", kind, "--public-url", self.base, "--json"))
        return made["room"], made["hostLink"]

    def invite(self, room, count=1):
        links = json.loads(self.admin("invite", f"--room={room}", "--count", str(count), "--public-url", self.base, "--json"))
        return [entry["link"] for entry in links]

    def redeem(self, link, name):
        """Accepts an invite the way the form does; returns the member key from the cookie."""
        path = urllib.parse.urlparse(link).path
        body = urllib.parse.urlencode({"name": name, "pledge": "yes"})
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
            response = conn.getresponse()
            response.read()
        finally:
            conn.close()
        assert response.status == 303, response.status
        # The key's cookie, among the others (`rs_rooms`, for «Mine rom»).
        cookie = next(c for c in response.msg.get_all("Set-Cookie") if c.startswith("rs_member="))
        return cookie.split(";")[0].split("=", 1)[1]

    def member(self, room, name):
        """A new member of `room` with a key, made through a real invite."""
        return self.redeem(self.invite(room)[0], name)

    def logs(self) -> bytes:
        return self.stdout_path.read_bytes() + self.stderr_path.read_bytes()


@pytest.fixture
def house(tmp_path):
    house = House(tmp_path).start()
    yield house
    house.stop()


@pytest.fixture
def fast_house(tmp_path):
    """A house whose meeting minutes last two seconds, so a break ends within a test."""
    house = House(tmp_path, ["--minute-seconds", "2"]).start()
    yield house
    house.stop()


@pytest.fixture(scope="session", autouse=True)
def binary_exists():
    if not BINARY.exists():
        pytest.exit(f"{BINARY} is missing: run `swift build` first (make test does)", returncode=2)
