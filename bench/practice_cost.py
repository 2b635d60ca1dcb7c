"""What a practice meeting costs the server: memory per meeting with its visitor connected and its three
pretend members acting, and the CPU it takes while they do. `make bench` runs it; the numbers go to
docs/PERFORMANCE.md and OPERATIONS.md ("Practice meetings").

A fresh server at the calm pace the house ships (a beat of 1.5 s). The house's cap (20) practice meetings
are started, each with its visitor on a real WebSocket reading every frame; after 40 s (hellos, and the
first round under way), the server's RSS and CPU time are compared with before any was started.
"""

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "e2e"))

import websockets  # noqa: E402

from conftest import House  # noqa: E402
from rawsocket import process_rss_kib  # noqa: E402
from test_practice import start  # noqa: E402

MEETINGS = 20
SECONDS = 40


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def visit(house, room, cookie, frames):
    async with websockets.connect(f"ws://127.0.0.1:{house.port}/r/{room}/ws", additional_headers={"Cookie": cookie},
                                  origin=f"http://127.0.0.1:{house.port}", compression=None) as ws:
        deadline = time.time() + SECONDS
        while time.time() < deadline:
            try:
                await asyncio.wait_for(ws.recv(), max(0.1, deadline - time.time()))
                frames.append(1)
            except asyncio.TimeoutError:
                break


def main():
    with tempfile.TemporaryDirectory() as work:
        # Each start comes from its own address in the pacing's eyes (X-Real-IP, trusted here).
        house = House(Path(work), ["--trust-proxy"], log_level="warning").start()
        try:
            pid = house.process.pid
            time.sleep(1)
            rss_before, cpu_before = process_rss_kib(pid), cpu_seconds(pid)
            opened = []
            for i in range(MEETINGS):
                status, room, cookie = start(house, client=f"10.0.0.{i + 1}")
                assert status == 303, (status, room)
                opened.append((room, cookie))
            frames = []

            async def everyone():
                await asyncio.gather(*(visit(house, room, cookie, frames) for room, cookie in opened))

            asyncio.run(everyone())
            rss_after, cpu_after = process_rss_kib(pid), cpu_seconds(pid)
            print(json.dumps({
                "practice meetings": MEETINGS,
                "seconds": SECONDS,
                "frames to visitors": len(frames),
                "KiB per practice meeting": round((rss_after - rss_before) / MEETINGS, 1),
                "CPU % of one core, all meetings": round(100 * (cpu_after - cpu_before) / SECONDS, 1),
            }, ensure_ascii=False))
        finally:
            house.stop()


if __name__ == "__main__":
    main()
