"""Raw TCP clients that misbehave on purpose: idle, half-sent, unparseable, not reading, not answering pings."""

import base64
import os
import socket
import struct
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


def client_text_frame(payload: bytes) -> bytes:
    """One masked text frame, as a browser sends it (payloads under 64 KiB)."""
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    if len(payload) < 126:
        return struct.pack("!BB", 0x81, 0x80 | len(payload)) + mask + masked
    return struct.pack("!BBH", 0x81, 0xFE, len(payload)) + mask + masked


def server_frames(data: bytes) -> list[tuple[int, bytes]]:
    """The (opcode, payload) of each whole unmasked frame in what a server sent, in order."""
    frames, at = [], 0
    while at + 2 <= len(data):
        opcode, length = data[at] & 0x0F, data[at + 1] & 0x7F
        at += 2
        if length == 126:
            (length,) = struct.unpack("!H", data[at:at + 2])
            at += 2
        elif length == 127:
            (length,) = struct.unpack("!Q", data[at:at + 8])
            at += 8
        if at + length > len(data):
            break
        frames.append((opcode, data[at:at + length]))
        at += length
    return frames


def close_code(frames: list[tuple[int, bytes]]):
    """The code of the close frame among `frames`, or None if the server sent none."""
    for opcode, payload in frames:
        if opcode == 0x8 and len(payload) >= 2:
            return struct.unpack("!H", payload[:2])[0]
    return None


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
