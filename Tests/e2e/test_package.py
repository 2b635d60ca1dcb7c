"""The Debian package (`make deb`): what it holds, its program run from another folder with the packaged
configuration, and, where the tests run as root, a real `dpkg -i`: the house's own user, a practice room
whose host link only root can read, `sudo roomserver admin …` leaving every file the house's, and a purge
that takes the house away."""

import http.client
import os
import pwd
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BINARY, ROOT, free_port

UNITS = ["roomserver.service", "roomserver-backup.service", "roomserver-backup.timer"]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    """The package, built by the same script as `make deb`, from the binary the tests run."""
    out = tmp_path_factory.mktemp("dist")
    made = subprocess.run([str(ROOT / "tools" / "make-deb.sh"), str(BINARY), str(out), "0.0.0~test"],
                          capture_output=True, text=True, timeout=900)
    assert made.returncode == 0, made.stderr
    return Path(made.stdout.strip().splitlines()[-1])


def wait_for(url, timeout=30, process=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError("the server stopped: " + process.stderr.read().decode(errors="replace")[-2000:])
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


def test_the_package_holds_the_program_its_client_the_services_and_one_configuration(package, tmp_path):
    assert re.fullmatch(r"roomserver_0\.0\.0~test_[a-z0-9]+\.deb", package.name)
    contents = subprocess.run(["dpkg-deb", "--contents", str(package)], capture_output=True, text=True, check=True).stdout
    for path in ["./usr/bin/roomserver", "./usr/share/roomserver/public/app/room.js", "./usr/share/roomserver/public/app/style.css",
                 "./usr/share/roomserver/public/locales/nb.json", "./usr/share/roomserver/public/locales/nn.json",
                 "./usr/share/roomserver/public/locales/en.json", "./etc/roomserver/roomserver.conf",
                 "./usr/share/roomserver/nginx/roomserver", "./usr/share/doc/roomserver/DEPLOY.md",
                 "./usr/share/doc/roomserver/OPERATIONS.md", *[f"./lib/systemd/system/{unit}" for unit in UNITS]]:
        assert re.search(rf"^\S+ root/root .* {re.escape(path)}$", contents, re.M), path
    assert re.search(r"^-rwxr-xr-x root/root .* \./usr/bin/roomserver$", contents, re.M)

    fields = subprocess.run(["dpkg-deb", "--field", str(package), "Package", "Version", "Depends"],
                            capture_output=True, text=True, check=True).stdout
    assert "Package: roomserver" in fields and "Version: 0.0.0~test" in fields
    depends = re.search(r"^Depends: (.*)$", fields, re.M).group(1)
    for needed in ["libc6", "libsqlite3-0", "adduser"]:
        assert needed in depends, depends
    scripts = tmp_path / "control"
    subprocess.run(["dpkg-deb", "--control", str(package), str(scripts)], check=True)
    assert (scripts / "conffiles").read_text().split() == ["/etc/roomserver/roomserver.conf"]
    for script in ["postinst", "prerm", "postrm"]:
        assert os.access(scripts / script, os.X_OK)
        assert subprocess.run(["sh", "-n", str(scripts / script)]).returncode == 0

    # The service is hardened as docs/DEPLOY.md says, and systemd reads every unit without a complaint.
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(package), str(root)], check=True)
    unit = (root / "lib/systemd/system/roomserver.service").read_text()
    for line in ["User=roomserver", "ProtectSystem=strict", "NoNewPrivileges=true", "PrivateTmp=true", "StateDirectory=roomserver",
                 "Restart=on-failure", "ExecStart=/usr/bin/roomserver serve --config /etc/roomserver/roomserver.conf"]:
        assert line in unit.splitlines(), line
    if shutil.which("systemd-analyze"):
        checked = subprocess.run(["systemd-analyze", "verify", "--man=no", *[str(root / "lib/systemd/system" / u) for u in UNITS]],
                                 capture_output=True, text=True)
        # Only the program itself is missing, as it is not installed on this machine.
        complaints = [line for line in checked.stderr.splitlines() if line and "/usr/bin/roomserver is not executable" not in line]
        assert complaints == [], checked.stderr


def test_the_installed_program_runs_from_another_folder_with_the_packaged_configuration(package, tmp_path):
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(package), str(root)], check=True)
    config = root / "etc/roomserver/roomserver.conf"
    packaged = config.read_text()
    # Only where the data lives and the port change; everything else is as packaged.
    port = free_port()
    assert "data = /var/lib/roomserver\n" in packaged and "port = 8080\n" in packaged
    config.write_text(packaged.replace("data = /var/lib/roomserver", f"data = {tmp_path / 'state'}")
                      .replace("port = 8080", f"port = {port}"))
    program = root / "usr/bin/roomserver"
    # A folder with no house is refused, and nothing is made in it...
    refused = subprocess.run([str(program), "serve", "--config", str(config)], cwd="/", capture_output=True, text=True, timeout=60)
    assert refused.returncode != 0 and str(tmp_path / "state" / "house.sqlite") in refused.stderr, refused.stderr
    assert not (tmp_path / "state").exists()
    # ...until the first start is told to make one (the package's own first start is its postinst's `admin --create`).
    server = subprocess.Popen([str(program), "serve", "--config", str(config), "--create"], cwd="/",
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/", process=server)
        assert "Skriv inn romkode" in page and "Akutt hjelp" in page
        # The first start made the practice room. Its host link went to a file only the house may read,
        # not to the output (a journal, under systemd), which only says where it is.
        first = tmp_path / "state" / "first-host-link.txt"
        assert first.stat().st_mode & 0o777 == 0o600
        host_link = re.search(r"http://127\.0\.0\.1:\d+(/i/\S+)", first.read_text()).group(1)
        output = b""
        deadline = time.time() + 10
        while b"first-host-link.txt" not in output and time.time() < deadline:
            output += server.stdout.read1(4096)
        assert str(first).encode() in output and b"/i/" not in output, output
        assert (tmp_path / "state" / "house.sqlite").stat().st_mode & 0o777 == 0o600
        invite_page = wait_for(f"http://127.0.0.1:{port}{host_link}")
        assert "Prøverom" in invite_page
        # The client's files come from the package's share folder, under their content-hashed names.
        style = re.search(r'href="(/app/style\.[0-9a-f]+\.css)"', page).group(1)
        assert "body" in wait_for(f"http://127.0.0.1:{port}{style}")
        # An admin command finds the same house through the same file, from any folder.
        rooms = subprocess.run([str(program), "admin", "rooms", "--config", str(config)], cwd="/",
                               capture_output=True, text=True, timeout=60)
        assert rooms.returncode == 0 and "Prøverom" in rooms.stdout, rooms.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def installable():
    if os.geteuid() != 0 or not shutil.which("runuser"):
        return "a real install needs root"
    if subprocess.run(["dpkg", "-s", "roomserver"], capture_output=True).returncode == 0 or Path("/var/lib/roomserver").exists():
        return "a house is installed on this machine; it is left alone"
    return None


@pytest.mark.skipif(installable() is not None, reason=installable() or "")
def test_installed_with_dpkg_the_house_is_its_own_users_and_purge_takes_it_away(package):
    installed = subprocess.run(["dpkg", "-i", str(package)], capture_output=True, text=True, timeout=300)
    try:
        assert installed.returncode == 0, installed.stdout + installed.stderr
        assert "/var/lib/roomserver/first-host-link.txt" in installed.stdout
        assert "/i/" not in installed.stdout, "the host link must not go to apt's output"
        # Enabled for the next boot, whether or not systemd runs here.
        assert Path("/etc/systemd/system/multi-user.target.wants/roomserver.service").is_symlink()
        assert Path("/etc/systemd/system/timers.target.wants/roomserver-backup.timer").is_symlink()
        user = pwd.getpwnam("roomserver")
        assert user.pw_uid != 0 and user.pw_shell == "/usr/sbin/nologin"
        state = Path("/var/lib/roomserver")
        assert state.stat().st_uid == user.pw_uid and state.stat().st_mode & 0o777 == 0o750
        assert (state / "house.sqlite").stat().st_uid == user.pw_uid
        first = state / "first-host-link.txt"
        assert first.stat().st_uid == 0 and first.stat().st_mode & 0o777 == 0o600
        host_path = re.search(r"Host link: http://127\.0\.0\.1:8080(/i/\S+)", first.read_text()).group(1)
        room = re.search(r"Room:\s+(\S+)", first.read_text()).group(1)

        # Started as the unit starts it: its user, its configuration, from /.
        port = free_port()
        server = subprocess.Popen(["runuser", "-u", "roomserver", "--", "/usr/bin/roomserver", "serve",
                                   "--config", "/etc/roomserver/roomserver.conf", "--port", str(port)],
                                  cwd="/", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            assert "Prøverom" in wait_for(f"http://127.0.0.1:{port}{host_path}", process=server)
            # What an operator types, as root: the command becomes the house's user before it opens a file.
            invited = subprocess.run(["/usr/bin/roomserver", "admin", "invite", "--room", room, "--public-url",
                                      "https://hus.example.no"], capture_output=True, text=True, cwd="/", timeout=60)
            assert invited.returncode == 0 and "https://hus.example.no/i/" in invited.stdout, invited.stderr
            backed = subprocess.run(["/usr/bin/roomserver", "admin", "backup"], capture_output=True, text=True, cwd="/", timeout=60)
            assert backed.returncode == 0, backed.stderr
            copies = list((state / "backups").glob("house-*.sqlite"))
            assert len(copies) == 1 and copies[0].stat().st_mode & 0o777 == 0o600
            # A copy where the house's user may not write is refused with the place and the user named.
            refused = subprocess.run(["/usr/bin/roomserver", "admin", "backup", "--to", "/root/house.sqlite"],
                                     capture_output=True, text=True, cwd="/", timeout=60)
            assert refused.returncode != 0 and "Cannot write a copy to /root/house.sqlite" in refused.stderr, refused.stderr
            for path in state.rglob("*"):
                if path != first:
                    assert path.stat().st_uid == user.pw_uid, f"{path} is not the house's"
            # The server still writes its own database after all that: the invite is accepted, a member stored.
            invite_path = re.search(r"https://hus\.example\.no(/i/\S+)", invited.stdout).group(1)
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("POST", invite_path, body="name=Kari&pledge=yes",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            answered = connection.getresponse()
            assert answered.status == 303 and "rs_member" in (answered.getheader("Set-Cookie") or "")
            connection.close()
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)
    finally:
        purged = subprocess.run(["dpkg", "--purge", "roomserver"], capture_output=True, text=True, timeout=300)
    assert purged.returncode == 0, purged.stdout + purged.stderr
    assert not Path("/usr/bin/roomserver").exists()
    assert not Path("/etc/roomserver/roomserver.conf").exists()
    assert not Path("/var/lib/roomserver").exists()
    assert not Path("/etc/systemd/system/multi-user.target.wants/roomserver.service").exists()
    assert not Path("/etc/systemd/system/roomserver.service").exists()
    with pytest.raises(KeyError):
        pwd.getpwnam("roomserver")
