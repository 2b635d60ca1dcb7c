"""Bytes on the wire per chat message, and the server's memory per connection, with permessage-deflate off
and per message (no context takeover). `make bench` runs it; the numbers go to docs/PERFORMANCE.md, and the
house ships the setting they favour. (Context takeover, browsers' default offer, was measured here too: 200
KiB per connection for 13 bytes a message. The house no longer offers it.)

Each setting gets a fresh server. 90 café guests connect offering deflate as Chromium does; one guest
says 200 realistic messages; a counting proxy in front of one listener measures the bytes the server sent
it per message (frame headers and all). Memory is the server's RSS after everyone has received messages,
minus before anyone connected, divided by the connections.
"""

import asyncio
import json
import sys
import tempfile
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "e2e"))

import websockets  # noqa: E402

from conftest import House  # noqa: E402
from rawsocket import process_rss_kib  # noqa: E402
from test_cafe import guest, make_cafe  # noqa: E402

# A room holds at most 100 connections (docs/PROTOCOL.md): ninety guests fill most of one.
GUESTS = 90
MESSAGES = 200
LINES = [
    "Hei alle sammen, så fint å se dere igjen denne uka.",
    "Jeg har hatt en tung uke, men det hjelper å være her.",
    "Takk for at du delte det, det kjenner jeg meg igjen i.",
    "Har noen tips til hvordan man sover bedre når tankene kverner?",
    "Jeg prøvde å gå en tur hver dag, og det hjalp faktisk litt.",
    "Det er helt greit å bare lytte i dag, du trenger ikke si noe.",
    "Legen min sa at det kan ta tid, så jeg prøver å være tålmodig.",
    "Godt å høre at det gikk bedre med samtalen med sønnen din!",
]


class CountingProxy:
    """Forwards one TCP connection to the server and counts what the server sends back."""

    def __init__(self, target_port):
        self.target_port = target_port
        self.down = 0

    async def start(self):
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0)
        return self.server.sockets[0].getsockname()[1]

    async def handle(self, reader, writer):
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)

        async def pipe(src, dst, count):
            while data := await src.read(65536):
                if count:
                    self.down += len(data)
                dst.write(data)
                await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True), return_exceptions=True)


async def connect(house, room, port, pass_, compression):
    return await websockets.connect(
        f"ws://127.0.0.1:{port}/r/{room}/ws", additional_headers={"Cookie": f"rs_guest_{room}={pass_}"},
        origin=house.base, max_size=None, compression=compression,
    )


async def measure(house, setting):
    room, host_link, link, _ = make_cafe(house, name=f"Kafé {setting}")
    # Five passes per address at once is the house's pace: the guests come from many loopback addresses.
    passes = [guest(house, link, f"Gjest {n}", source=f"127.0.1.{n // 5 + 1}") for n in range(GUESTS)]
    pid = house.process.pid
    rss_before = process_rss_kib(pid)
    proxy = CountingProxy(house.port)
    proxy_port = await proxy.start()
    listener = await connect(house, room, proxy_port, passes[0], "deflate")
    sender = await connect(house, room, house.port, passes[1], "deflate")
    others = []
    for pass_ in passes[2:]:
        others.append(await connect(house, room, house.port, pass_, "deflate"))
    negotiated = listener.response.headers.get("Sec-WebSocket-Extensions", "")

    async def drain(ws):
        try:
            while True:
                await ws.recv()
        except websockets.ConnectionClosed:
            pass

    drains = [asyncio.create_task(drain(ws)) for ws in others + [sender]]
    await asyncio.sleep(1.0)
    # Everyone's arrival is over; count only the messages from here.
    start_bytes = proxy.down
    got = 0
    for i in range(MESSAGES):
        await sender.send(json.dumps({"t": "say", "text": LINES[i % len(LINES)] + f" ({i})", "ref": f"r{i}"}))
        while True:
            try:
                frame = json.loads(await asyncio.wait_for(listener.recv(), 10))
            except asyncio.TimeoutError:
                raise SystemExit(f"{setting}: message {i} never reached the listener ({got} did)")
            if frame.get("t") == "said":
                got += 1
                break
            if frame.get("t") == "error":
                raise SystemExit(f"{setting}: the sender was refused: {frame}")
        await asyncio.sleep(0.21)  # within a connection's pace (5 frames a second)
    per_message = (proxy.down - start_bytes) / got
    await asyncio.sleep(0.5)
    rss_after = process_rss_kib(pid)
    for ws in others + [sender, listener]:
        await ws.close()
    for task in drains:
        task.cancel()
    return {
        "setting": setting, "negotiated": negotiated or "none", "bytes per message": round(per_message, 1),
        "KiB per connection": round((rss_after - rss_before) / GUESTS, 1),
    }


def main():
    results = []
    for setting in ("off", "message"):
        with tempfile.TemporaryDirectory() as scratch:
            house = House(Path(scratch), ["--compression", setting], log_level="warning").start()
            try:
                results.append(asyncio.run(measure(house, setting)))
            finally:
                house.stop()
    print(f"wire: {MESSAGES} messages to each of {GUESTS} café guests, offering deflate as a browser does")
    for r in results:
        print(f"  {r['setting']:<8} {r['bytes per message']:>6} bytes per message received   "
              f"{r['KiB per connection']:>6} KiB per connection   ({r['negotiated']})")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
