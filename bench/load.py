"""The house under load, in five scenarios (chat, idle, slow, storm, burst: listed below SCALES), each
delivery timed at every other member by the load generator's one monotonic clock.

`make bench` runs the CI-sized set (SCALE=ci: 2,000 members); `make bench SCALE=full` the full one
(19,000, what this machine's open-file limit allows one process); SCALE=5000 and SCALE=10000 the steps
between. The house is made through its real
paths: `admin create-room` and `admin invite` for the links, the invite page's POST for every key. The
server runs on core 0 and the generator (`roomserver-load`, Swift, on the WebSocket client that
hummingbird-websocket ships) on core 1; the server's CPU time and peak RSS come from /proc.
"""

import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "Tests" / "e2e"))

from conftest import BINARY, ROOT, House  # noqa: E402
from rawsocket import process_rss_kib  # noqa: E402

# rooms, members per room, seconds of talk. "5000" and "10000" are the steps on the way to full.
SCALES = {"tiny": (10, 10, 20), "ci": (200, 10, 40), "5000": (500, 10, 60), "10000": (1000, 10, 60), "full": (1900, 10, 60)}
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


# Each scenario: how its rooms are made and what the generator is told.
#   chat   every member says one message every 10 s (the targets' load)
#   idle   the members only hold their sockets (a café evening of readers); longer, to span two pings
#   slow   chat, with one member who never reads in one room of every ten; their neighbours apart (one in
#          a hundred gave the neighbours only 8,000 deliveries, too few for a steady p99)
#   storm  idle members, and the server restarted under them: how long until all are back
#   burst  one room of 50, everyone saying a message at the same moment, every 10 s
SCENARIOS = ("chat", "idle", "slow", "storm", "burst")


def generator_arguments(scenario, seconds, scale):
    # At full size, idle runs long enough to span two pings of every quiet socket (one per 60 s).
    held = seconds * 2 if scale == "full" else seconds
    if scenario == "idle":
        return ["--interval", "0", "--seconds", str(held)]
    if scenario == "storm":
        return ["--interval", "0", "--storm", "--seconds", str(held)]
    if scenario == "slow":
        # One member who never reads in each of one room in ten: enough deliveries beside them (about
        # 80,000 at full size) to read a p99 from, in the same run as the rooms without.
        return ["--interval", str(INTERVAL), "--slow", str(max(1, SCALES[scale][0] // 10)), "--seconds", str(seconds)]
    if scenario == "burst":
        return ["--interval", str(INTERVAL), "--together", "--seconds", str(seconds)]
    return ["--interval", str(INTERVAL), "--seconds", str(seconds)]


PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")


@contextlib.contextmanager
def client_ports(needed):
    """Enough local ports for the generator. In a storm every member's old socket is still closing while its new
    one connects, all from 127.0.0.1 to one address: 38,000 ports at full size, where Linux gives 28,232 by
    default. A short range made the kernel search for a free port on every connect and held the generator, not
    the house, at 100 % of its core, while the house waited idle (docs/PERFORMANCE.md). The range is widened
    for the run when this runs as root, and put back after; otherwise the bench says so."""
    try:
        before = PORT_RANGE.read_text().split()
        low, high = int(before[0]), int(before[1])
    except OSError:
        yield
        return
    if high - low + 1 >= needed:
        yield
        return
    if os.geteuid() != 0:
        print(f"note: {high - low + 1} local ports, {needed} wanted: the generator may be the bottleneck (run as root to widen)",
              flush=True)
        yield
        return
    PORT_RANGE.write_text(f"{max(1024, 65535 - needed - 2000)} 65535")
    try:
        yield
    finally:
        PORT_RANGE.write_text(f"{low} {high}")


def main():
    scale = os.environ.get("SCALE", "ci")
    scenario = os.environ.get("SCENARIO", "all")
    if scenario not in SCENARIOS + ("all",):
        raise SystemExit(f"SCENARIO must be one of {', '.join(SCENARIOS)} or all")
    rooms, size, _ = SCALES[scale]
    with client_ports(2 * rooms * size + 1000):
        for each in SCENARIOS if scenario == "all" else (scenario,):
            print(f"\n== {each}, {scale} ==", flush=True)
            run(each, scale)


def run(scenario, scale):
    rooms, size, seconds = SCALES[scale]
    if scenario == "burst":
        rooms, size = 1, 50
    deflate = os.environ.get("DEFLATE", "off")
    limit = open_files()
    # KEEP=1 keeps the house's folder (its logs) for a look afterwards.
    folder = contextlib.nullcontext(tempfile.mkdtemp()) if os.environ.get("KEEP") else tempfile.TemporaryDirectory()
    with folder as work:
        if os.environ.get("KEEP"):
            print(f"work folder: {work}", flush=True)
        house = House(Path(work), ["--max-connections", str(limit - 100), "--compression", deflate],
                      log_level=os.environ.get("LOG_LEVEL", "warning"), open_files=limit)
        house.start()
        try:
            pin(house.process.pid)
            started = time.time()
            with ThreadPoolExecutor(max_workers=8) as pool:
                plan_rooms = list(pool.map(lambda i: make_room(house, i, size), range(rooms)))
            setup = time.time() - started
            plan = Path(work) / "plan.json"
            plan.write_text(json.dumps({"url": f"ws://127.0.0.1:{house.port}", "rooms": plan_rooms}))
            cpu_before = cpu_seconds(house.process.pid)
            rss_before = peak_rss_kib(house.process.pid)
            arguments = generator_arguments(scenario, seconds, scale)
            generator = subprocess.Popen(
                ["taskset", "-c", "1", str(GENERATOR), str(plan), "--deflate", deflate, *arguments],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit)),
            )
            # The steady part: from everyone in to the end of speaking, read off the generator's own words.
            marks = {}
            profiler = None
            storm = {}
            for line in generator.stderr:
                word = line.strip()
                if word in ("ready", "back", "done"):
                    marks[word] = (time.time(), cpu_seconds(house.process.pid), process_rss_kib(house.process.pid))
                if word == "ready" and scenario == "storm":
                    # The restart: every socket told 1001, the process gone, a new one on the same port and data.
                    time.sleep(5)
                    storm["RSS before, MiB"] = round(process_rss_kib(house.process.pid) / 1024, 1)
                    stopped = time.time()
                    print(f"storm: SIGTERM at {stopped:.3f}", flush=True)
                    house.stop()
                    storm["stop seconds"] = round(time.time() - stopped, 1)
                    house.start()
                    pin(house.process.pid)
                    storm["listening again after, seconds"] = round(time.time() - stopped, 1)
                    storm["pid"] = house.process.pid
                    if os.environ.get("PROFILE"):
                        # PROFILE=FILE in a storm: where the new server's time goes while everyone comes back.
                        profiler = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-g",
                                                     "-o", os.environ["PROFILE"], "-p", str(house.process.pid)],
                                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if word == "back" and scenario == "storm":
                    # The measure: from the signal to the last member welcomed again.
                    storm["all back after SIGTERM, seconds"] = round(time.time() - stopped, 1)
                    if profiler:
                        profiler.send_signal(2)
                        profiler.wait(timeout=120)
                        profiler = None
                    time.sleep(5)
                    storm["RSS after all back, MiB"] = round(process_rss_kib(house.process.pid) / 1024, 1)
                    storm["peak RSS of the new process, MiB"] = round(peak_rss_kib(house.process.pid) / 1024, 1)
                if word == "ready" and os.environ.get("PROFILE") and scenario != "storm":
                    # PROFILE=FILE: where the server's time goes in the steady part (perf's software clock;
                    # this machine has no hardware counters). `perf report -i FILE` reads it.
                    profiler = subprocess.Popen(["perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-g",
                                                 "-o", os.environ["PROFILE"], "-p", str(house.process.pid)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                if word == "done":
                    break
            if profiler:
                profiler.send_signal(2)
                profiler.wait(timeout=120)
            stdout, stderr = generator.communicate(timeout=seconds * 4 + 600)
            if generator.returncode != 0:
                raise SystemExit(f"the generator failed (exit {generator.returncode}): " + stderr[-2000:])
            result = json.loads(stdout.strip().splitlines()[-1])
            if "ready" in marks and "done" in marks and scenario != "storm":
                (t0, c0, r0), (t1, c1, r1) = marks["ready"], marks["done"]
                result["server CPU % of one core, steady"] = round(100 * (c1 - c0) / max(0.1, t1 - t0), 1)
                result["server KiB per connection, steady RSS"] = round((r1 - rss_before) / max(1, result["connected"]), 1)
            for key, value in storm.items():
                result[f"storm: {key}"] = value
            run_seconds = result["seconds"]
            if scenario != "storm":
                result["server CPU % of one core"] = round(100 * (cpu_seconds(house.process.pid) - cpu_before) / run_seconds, 1)
                result["server peak RSS MiB"] = round(peak_rss_kib(house.process.pid) / 1024, 1)
                result["server KiB per connection (peak growth)"] = round(
                    (peak_rss_kib(house.process.pid) - rss_before) / max(1, result["connected"]), 1)
            result.update({
                "scenario": scenario,
                "scale": scale,
                "deflate": deflate,
                "setup seconds": round(setup, 1),
                "generator CPU % of one core": round(100 * result["generator CPU seconds"] / run_seconds, 1),
                "binary": str(BINARY),
            })
            width = max(len(k) for k in result)
            for key in sorted(result):
                print(f"{key:<{width}}  {result[key]}")
            print(json.dumps(result, ensure_ascii=False, sort_keys=True))
        finally:
            house.stop()


def pin(pid):
    """The server on core 0, every thread of it (the generator runs on core 1)."""
    subprocess.run(["taskset", "-a", "-pc", "0", str(pid)], check=True, capture_output=True)


if __name__ == "__main__":
    main()
