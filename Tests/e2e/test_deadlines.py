"""The second hardening round's connection attacks, byte for byte, against the real binary: a head that
begins with blank lines, a body nobody reads trickled after the answer, the cap filled with either, and
SIGTERM with thousands of them open. Each connection must be closed by its deadline, the cap must stay
open to members, and a stop must end with exit 0 within the promised 10 s.
"""

import resource
import signal
import socket
import time

import pytest

from conftest import House
from rawsocket import open_tcp, read_until_closed, status_line
from wsclient import Member, run


def trickle_until_closed(s, first, then, every, limit=40.0):
    """Sends `first`, then one byte of `then` every `every` seconds; returns the seconds until the server
    closed the connection (or None if it did not within `limit`)."""
    started = time.time()
    s.sendall(first)
    s.settimeout(every)
    index = 0
    while time.time() - started < limit:
        try:
            if not s.recv(65536):
                return time.time() - started
        except socket.timeout:
            pass
        except (ConnectionResetError, BrokenPipeError):
            return time.time() - started
        try:
            s.sendall(then[index % len(then):index % len(then) + 1])
        except (ConnectionResetError, BrokenPipeError):
            return time.time() - started
        index += 1
    return None


LEADING_BLANK_LINES = (b"\r\n\r\nGET / HTTP/1.1\r\n", b"Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaa")


def unread_body(method):
    return (f"{method} /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n".encode(), b"x" * 1000)


def test_a_head_that_begins_with_blank_lines_is_closed_at_the_first_request_deadline(house):
    took = trickle_until_closed(open_tcp(house), *LEADING_BLANK_LINES, every=2)
    assert took is not None and 9 < took < 13, took  # the first head's deadline is 10 s, whatever came first


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_body_nobody_reads_trickled_after_the_answer_is_closed_at_the_body_deadline(house, method):
    s = open_tcp(house)
    first, then = unread_body(method)
    s.sendall(first)
    answer = s.recv(65536)
    # Answered (200, or 404 for a POST) without anyone reading the body.
    assert status_line(answer) in ("HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"), answer[:100]
    took = trickle_until_closed(s, b"", then, every=2)
    assert took is not None and took < 15, took  # the body's time is 10 s (and 2 more for a handler's own 408)


def test_a_second_head_on_a_kept_alive_connection_has_the_idle_time_however_it_trickles(house):
    s = open_tcp(house)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert status_line(s.recv(65536)) == "HTTP/1.1 200 OK"
    took = trickle_until_closed(s, b"GET / HTTP/1.1\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaa", every=2)
    assert took is not None and took < 18, took  # 15 s from the answer to the whole next head


def upgrade_head(house, room, extra):
    return (
        f"GET /r/{room}/ws HTTP/1.1\r\nHost: 127.0.0.1:{house.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Origin: http://127.0.0.1:{house.port}\r\n{extra}\r\n"
    ).encode()


def test_an_upgrade_head_whose_announced_body_never_comes_is_closed_at_the_first_request_deadline(house):
    """NIO's upgrader waits for the request's end before it answers: without a deadline until then, a
    body announced and never sent held the connection for ever."""
    room, host_link = house.create_room()
    key = house.redeem(host_link, "Kari")
    extra = f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nCookie: rs_member={key}\r\nContent-Length: 1\r\n"
    took = trickle_until_closed(open_tcp(house), upgrade_head(house, room, extra), b" ", every=30)
    assert took is not None and 9 < took < 13, took


def test_an_upgrade_that_is_not_made_leaves_an_http_connection_with_its_deadlines(house):
    """`Upgrade: websocket` without the key the upgrade needs is refused (the library closes it), or, if it
    is ever answered as a plain request, the connection then has the idle time for its next head, however
    that trickles. Either way nothing holds it open."""
    room, _ = house.create_room()
    s = open_tcp(house)
    s.sendall(upgrade_head(house, room, ""))
    started = time.time()
    answer = s.recv(65536)
    if not answer:
        assert time.time() - started < 2  # closed at once
        return
    assert status_line(answer).startswith("HTTP/1.1 4"), answer[:100]
    took = trickle_until_closed(s, b"GET / HTTP/1.1\r\n", b"X-Slow: aaaaaaaaaaaaaaaaaaaaaaaa", every=2)
    assert took is not None and took < 18, took


@pytest.fixture
def capped_house(tmp_path):
    house = House(tmp_path, ["--max-connections", "100"]).start()
    yield house
    house.stop()


def test_trickling_connections_cannot_fill_the_cap(capped_house):
    """100 connections, the cap, half trickling a head after blank lines and half an unread body after the
    answer: the house still answers every /healthz at once, and a member still gets into their room."""
    house = capped_house
    room, host_link = house.create_room()
    key = house.redeem(host_link, "Kari")
    attackers = []
    for n in range(100):
        s = open_tcp(house)
        if n % 2:
            s.sendall(LEADING_BLANK_LINES[0])
        else:
            s.sendall(unread_body("GET")[0])
        attackers.append(s)
    time.sleep(0.5)
    for _ in range(5):
        started = time.time()
        assert house.request("GET", "/healthz")[0] == 200
        assert time.time() - started < 2
        time.sleep(1)

    async def member_comes_in():
        kari = Member(house, room, key)
        return await kari.connect()

    assert run(member_comes_in())["t"] == "welcome"
    for s in attackers:
        s.close()
    assert house.alive()


def test_sigterm_with_thousands_of_trickling_connections_exits_0_within_10_s_and_refuses_newcomers_at_once(tmp_path):
    """The stop that used to crash (SIGILL after 15 s with one such connection; still running after 20 s with
    19,744): a member, and 19,000 connections of both kinds that never finish their request (fewer if this
    machine's open-file limit is lower)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    house = House(tmp_path).start()
    attackers = []
    try:
        room, host_link = house.create_room()
        key = house.redeem(host_link, "Kari")

        async def scenario():
            kari = Member(house, room, key)
            await kari.connect()
            for n in range(min(19000, hard - 500)):
                # A debug build on two cores takes in under a thousand connections a second, fewer while it closes
                # the first ones at their deadlines, so the kernel's queue fills and drops handshakes; TCP retries
                # them after 1, 3, 7 and 15 s. A stall of 7 s was seen here, so wait past the fourth retry.
                s = open_tcp(house, timeout=40)
                s.sendall(LEADING_BLANK_LINES[0] if n % 2 else unread_body("POST")[0])
                attackers.append(s)
            started = time.time()
            house.process.send_signal(signal.SIGTERM)
            code = await kari.closed_with(timeout=10)
            # A page knocking during the stop is refused or answered at once, never left waiting.
            knocked = time.time()
            try:
                late = socket.create_connection(("127.0.0.1", house.port), timeout=5)
                late.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                late.settimeout(5)
                answer = late.recv(65536)
                late.close()
            except (ConnectionRefusedError, ConnectionResetError):
                answer = b"refused"
            knock_took = time.time() - knocked
            house.process.wait(timeout=15)
            return code, time.time() - started, answer, knock_took

        code, took, answer, knock_took = run(scenario())
        assert code == 1001
        assert house.process.returncode == 0, house.stderr_path.read_text()[-2000:]
        assert took < 10, took
        assert answer == b"refused" or answer.startswith(b"HTTP/1.1 503"), answer[:100]
        assert knock_took < 2, knock_took
        assert b"Fatal error" not in house.logs()
    finally:
        for s in attackers:
            s.close()
        house.stop()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
