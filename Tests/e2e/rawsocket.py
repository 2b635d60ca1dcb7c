"""Raw TCP clients that misbehave on purpose: idle, half-sent, unparseable, not reading, not answering pings."""

import base64
import os
import socket
import time


def open_tcp(house, rcvbuf=None, timeout=10.0) -> socket.socket:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.connect(("127.0.0.1", house.port))
    return s


def send_quietly(s: socket.socket, data: bytes):
    """Sends what it can: the server may answer and close before a huge request is all sent."""
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError, socket.timeout):
        pass


def read_until_closed(s: socket.socket, timeout=15.0) -> tuple[bytes, bool]:
    """Everything the server sends until it closes; and whether it closed within `timeout`."""
    s.settimeout(0.5)
    got = b""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return got, True
        if not chunk:
            return got, True
        got += chunk
    return got, False


def status_line(response: bytes) -> str:
    return response.split(b"\r\n", 1)[0].decode("latin-1")


def websocket_handshake(house, room: str, key: str, rcvbuf=None) -> socket.socket:
    """A WebSocket opened by hand, so the test decides what (not) to read and answer."""
    s = open_tcp(house, rcvbuf=rcvbuf)
    nonce = base64.b64encode(os.urandom(16)).decode()
    s.sendall(
        (
            f"GET /r/{room}/ws HTTP/1.1\r\nHost: 127.0.0.1:{house.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {nonce}\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{house.port}\r\nCookie: rs_member={key}\r\n\r\n"
        ).encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        assert chunk, "closed during the handshake"
        head += chunk
    assert head.startswith(b"HTTP/1.1 101"), head
    return s


def process_rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def process_open_sockets(pid: int) -> int:
    """The process's open sockets (not its database files: SQLite's reader pool grows to a bound with load)."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass  # closed while we looked
    return count
