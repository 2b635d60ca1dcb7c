"""The house behind Debian's real nginx, with the project's own site file (deploy/nginx/roomserver) and a
self-signed certificate on loopback: the whole way in over https and wss, and a restart of the server
behind nginx that the page comes back from by itself."""

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, ROOT, House, free_port
from test_browser import ERRORS, browser, enter, no_script_errors, write  # noqa: F401

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = pytest.mark.skipif(not os.path.exists(NGINX), reason="nginx is installed by make test-deps")


class Nginx:
    """nginx in the foreground, with the packaged site file changed only where a test machine must differ:
    the name, the certificate, loopback ports, and the upstream's port."""

    def __init__(self, workdir, upstream_port, read_timeout=None):
        self.dir = workdir / "nginx"
        self.dir.mkdir()
        self.https = free_port()
        self.http = free_port()
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                        "-keyout", str(self.dir / "key.pem"), "-out", str(self.dir / "cert.pem")],
                       check=True, capture_output=True)
        site = (ROOT / "deploy" / "nginx" / "roomserver").read_text()
        for old, new in [
            ("/etc/letsencrypt/live/hus.example.no/fullchain.pem", str(self.dir / "cert.pem")),
            ("/etc/letsencrypt/live/hus.example.no/privkey.pem", str(self.dir / "key.pem")),
            ("server_name hus.example.no;", "server_name localhost;"),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.https} ssl http2;"),
            ("listen [::]:443 ssl http2;\n", ""),
            ("listen 80;", f"listen 127.0.0.1:{self.http};"),
            ("listen [::]:80;\n", ""),
            ("proxy_pass http://127.0.0.1:8080;", f"proxy_pass http://127.0.0.1:{upstream_port};"),
            ("/var/log/nginx/roomserver.error.log", str(self.dir / "roomserver.error.log")),
            *([("proxy_read_timeout 120s;", f"proxy_read_timeout {read_timeout}s;")] if read_timeout else []),
        ]:
            assert old in site, old
            site = site.replace(old, new)
        (self.dir / "site.conf").write_text(site)
        temp = self.dir / "temp"
        temp.mkdir()
        # Debian's nginx.conf around the site, minus what needs the machine's own folders.
        (self.dir / "nginx.conf").write_text(f"""
            {"user root;" if os.geteuid() == 0 else ""}
            worker_processes 1;
            daemon off;
            pid {self.dir}/nginx.pid;
            error_log {self.dir}/error.log warn;
            events {{ worker_connections 256; }}
            http {{
                include /etc/nginx/mime.types;
                client_body_temp_path {temp}/body;
                proxy_temp_path {temp}/proxy;
                fastcgi_temp_path {temp}/fastcgi;
                uwsgi_temp_path {temp}/uwsgi;
                scgi_temp_path {temp}/scgi;
                access_log {self.dir}/main-access.log;
                include {self.dir}/site.conf;
            }}
        """)
        checked = subprocess.run([NGINX, "-t", "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.process = subprocess.Popen([NGINX, "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.https), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("nginx did not start: " + (self.dir / "error.log").read_text())

    @property
    def base(self):
        return f"https://localhost:{self.https}"

    def stop(self):
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


# A quiet socket gets a ping after 30 s of quiet, so at least every 60 s (two periods); nginx closes a
# connection that has been quiet for proxy_read_timeout. The test shrinks both, in the same proportion as
# shipped, to see it hold in seconds.
SHIPPED_PING_SECONDS = 30
TEST_PING_SECONDS = 2


def shipped_read_timeout():
    site = (ROOT / "deploy" / "nginx" / "roomserver").read_text()
    return int(site.split("proxy_read_timeout ")[1].split("s;")[0])


@pytest.fixture
def proxied(tmp_path):
    """A house that knows its public address is https, behind nginx."""
    upstream = free_port()
    ratio = shipped_read_timeout() / SHIPPED_PING_SECONDS
    assert ratio >= 4, "a quiet socket's pings (two periods apart at most) must keep it well inside nginx's read timeout"
    front = Nginx(tmp_path, upstream, read_timeout=round(TEST_PING_SECONDS * ratio))
    house = House(tmp_path / "house", ["--public-url", front.base, "--trust-proxy", "--ping-seconds", str(TEST_PING_SECONDS)])
    house.port = upstream
    house.base = f"http://127.0.0.1:{upstream}"
    house.start()
    yield house, front
    house.stop()
    front.stop()


def over_https(link, front):
    """A link the house printed, at the address people use."""
    return front.base + urllib.parse.urlparse(link).path


def insecure():
    """TLS that takes the test's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def fetch(url):
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=insecure()))
    return opener.open(url, timeout=10)


def test_the_whole_way_in_over_https_and_wss_through_nginx_and_back_after_a_restart(proxied, browser):  # noqa: F811
    house, front = proxied
    room, host_link = house.create_room(name="Pårørendegruppa")
    invite, kept = house.invite(room, count=2)

    # Plain http is sent to https; every answer carries one HSTS header, nginx's.
    redirect = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                               f"http://127.0.0.1:{front.http}/"], capture_output=True, text=True)
    if redirect.returncode == 0:
        assert redirect.stdout.startswith("301 https://")
    with fetch(front.base + "/") as answered:
        assert answered.status == 200
        assert answered.headers.get_all("Strict-Transport-Security") == ["max-age=31536000"]

    def phone():
        context = browser.new_context(viewport={"width": 320, "height": 568}, is_mobile=True, has_touch=True,
                                      locale="nb-NO", ignore_https_errors=True)
        page = context.new_page()
        page.on("pageerror", lambda error: ERRORS.append(str(error)))
        return context, page

    host_context, host = phone()
    enter(host, over_https(host_link, front), "Kari")
    member_context, member = phone()
    sockets = []
    member.on("websocket", lambda socket: sockets.append(socket.url))
    enter(member, over_https(invite, front), "Ola")
    assert sockets[0].startswith(f"wss://localhost:{front.https}/")
    assert host.url.startswith(front.base + "/r/")

    # The member's key went out as a Secure, HttpOnly cookie, over https.
    cookies = {c["name"]: c for c in member_context.cookies()}
    assert cookies["rs_member"]["secure"] and cookies["rs_member"]["httpOnly"]

    write(host, "Hei, alle sammen, gjennom nginx")
    expect(member.locator("#log")).to_contain_text("Hei, alle sammen, gjennom nginx")

    # An upgrade: the server restarts behind nginx. The pages are told, wait, and come back by themselves.
    house.stop()
    expect(member.locator("#status")).to_contain_text("Huset starter på nytt", timeout=15_000)
    house.start()
    for page in (host, member):
        # A new meeting (the one before lived only in memory): the page cleared what was said, then both are in.
        expect(page.locator("#log")).not_to_contain_text("Hei, alle sammen", timeout=60_000)
        expect(page.locator("#present")).to_contain_text("Kari", timeout=60_000)
        expect(page.locator("#present")).to_contain_text("Ola", timeout=60_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    member.screenshot(path=str(ARTIFACTS / "nginx-after-restart.png"))
    write(member, "Vi er tilbake")
    expect(host.locator("#log")).to_contain_text("Vi er tilbake")
    # The restart lost nothing that lasts: the room, both members and their keys (above), and a link
    # made before it and not yet used.
    connection = http.client.HTTPSConnection("127.0.0.1", front.https, timeout=10, context=insecure())
    connection.request("POST", urllib.parse.urlparse(kept).path, body="name=Per&pledge=yes",
                       headers={"Content-Type": "application/x-www-form-urlencoded", "Host": f"localhost:{front.https}"})
    answered = connection.getresponse()
    assert answered.status == 303 and "Secure" in answered.getheader("Set-Cookie")
    connection.close()

    # A quiet room stays open through nginx: its pings outlast the read timeout, with no new socket.
    opened = len(sockets)
    quiet = 1.5 * shipped_read_timeout() / SHIPPED_PING_SECONDS * TEST_PING_SECONDS
    member.wait_for_timeout(quiet * 1000)
    assert len(sockets) == opened
    write(host, "Fortsatt her")
    expect(member.locator("#log")).to_contain_text("Fortsatt her")

    # nginx wrote down nobody: no access log from the site, and nothing in its error log.
    assert not list(front.dir.glob("*access*.log")) or all(p.stat().st_size == 0 for p in front.dir.glob("*access*.log"))
    error_log = front.dir / "roomserver.error.log"
    assert not error_log.exists() or error_log.read_text() == ""
    host_context.close()
    member_context.close()
