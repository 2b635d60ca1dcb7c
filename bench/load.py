"""Steady chat under load: R rooms of M members, every member saying one message every S seconds (random
phase), each delivery timed at every other member by the load generator's one monotonic clock.

`make bench` runs the CI-sized set (SCALE=ci: 2,000 members); `make bench SCALE=full` the full one
(19,000, what this machine's open-file limit allows one process). The house is made through its real
paths: `admin create-room` and `admin invite` for the links, the invite page's POST for every key. The
server runs on core 0 and the generator (`roomserver-load`, Swift, on the WebSocket client that
hummingbird-websocket ships) on core 1; the server's CPU time and peak RSS come from /proc.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "e2e"))

from conftest import BINARY, ROOT, House  # noqa: E402
from rawsocket import process_rss_kib  # noqa: E402

SCALES = {"tiny": (10, 10, 20), "ci": (200, 10, 60), "full": (1900, 10, 60)}
INTERVAL = 10
GENERATOR = Path(os.environ.get("ROOMSERVER_LOAD", ROOT / ".build" / os.environ.get("CONFIG", "debug") / "roomserver-load"))


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def open_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return hard


def make_room(house, index, size):
    """One room and its members' keys, through the admin command and the invite page."""
    made = json.loads(house.admin("create-room", "--name", f"Last {index}", "--public-url", house.base, "--json"))
    links = [made["hostLink"]] + [entry["link"] for entry in json.loads(house.admin(
        "invite", f"--room={made['room']}", "--count", str(size - 1), "--public-url", house.base, "--json"))]
    keys = [house.redeem(link, f"M{index}x{n}") for n, link in enumerate(links)]
    return {"id": made["room"], "keys": keys}


def main():
    scale = os.environ.get("SCALE", "ci")
    rooms, size, seconds = SCALES[scale]
    deflate = os.environ.get("DEFLATE", "off")
    # SCENARIO=idle: the members only hold their sockets (a café evening of readers).
    idle = os.environ.get("SCENARIO", "chat") == "idle"
    limit = open_files()
    with tempfile.TemporaryDirectory() as work:
        house = House(Path(work), ["--max-connections", str(limit - 100), "--compression", deflate if deflate != "off" else "off"],
                      log_level="warning", open_files=limit)
        house.start()
        try:
            pid = house.process.pid
            subprocess.run(["taskset", "-pc", "0", str(pid)], check=True, capture_output=True)
            started = time.time()
            with ThreadPoolExecutor(max_workers=8) as pool:
                plan_rooms = list(pool.map(lambda i: make_room(house, i, size), range(rooms)))
            setup = time.time() - started
            plan = Path(work) / "plan.json"
            plan.write_text(json.dumps({"url": f"ws://127.0.0.1:{house.port}", "rooms": plan_rooms}))
            cpu_before = cpu_seconds(pid)
            rss_before = peak_rss_kib(pid)
            generator = subprocess.Popen(
                ["taskset", "-c", "1", str(GENERATOR), str(plan), "--seconds", str(seconds),
                 "--interval", "0" if idle else str(INTERVAL), "--deflate", deflate],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit)),
            )
            # The steady part: from everyone in to the end of speaking, read off the generator's own words.
            marks = {}
            for line in generator.stderr:
                if line.strip() in ("ready", "done"):
                    marks[line.strip()] = (time.time(), cpu_seconds(pid), process_rss_kib(pid))
                if line.strip() == "done":
                    break
            stdout, stderr = generator.communicate(timeout=seconds * 4 + 600)
            if generator.returncode != 0:
                raise SystemExit("the generator failed: " + stderr[-2000:])
            result = json.loads(stdout.strip().splitlines()[-1])
            if "ready" in marks and "done" in marks:
                (t0, c0, r0), (t1, c1, r1) = marks["ready"], marks["done"]
                result["server CPU % of one core, steady"] = round(100 * (c1 - c0) / max(0.1, t1 - t0), 1)
                result["server KiB per connection, steady RSS"] = round((r1 - rss_before) / max(1, result["connected"]), 1)
            run_seconds = result["seconds"]
            result.update({
                "scenario": "idle" if idle else "chat",
                "scale": scale,
                "deflate": deflate,
                "setup seconds": round(setup, 1),
                "server CPU % of one core": round(100 * (cpu_seconds(pid) - cpu_before) / run_seconds, 1),
                "server peak RSS MiB": round(peak_rss_kib(pid) / 1024, 1),
                "server KiB per connection (peak growth)": round((peak_rss_kib(pid) - rss_before) / max(1, result["connected"]), 1),
                "generator CPU % of one core": round(100 * result["generator CPU seconds"] / run_seconds, 1),
                "binary": str(BINARY),
            })
            width = max(len(k) for k in result)
            for key in sorted(result):
                print(f"{key:<{width}}  {result[key]}")
            print(json.dumps(result, ensure_ascii=False, sort_keys=True))
        finally:
            house.stop()


if __name__ == "__main__":
    main()
