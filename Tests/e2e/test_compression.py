"""permessage-deflate as the house offers it (`--compression message`): every message compressed on its own,
from zlib streams the whole house shares (Sources/Web/SharedDeflate.swift), so a quiet connection holds
none. Tried with the Python client and with Chromium, which both negotiate it as browsers do."""

import asyncio
import json

import pytest
import websockets
from playwright.sync_api import expect

from conftest import House
from test_browser import browser, enter, no_script_errors, write  # noqa: F401
from wsclient import run

TEXTS = ["Hei alle sammen 🌱", "Blåbær og rømme, takk.", "ø" * 1500, "x", "Æ Ø Å æ ø å – «sitat» …"]


@pytest.fixture
def message_house(tmp_path):
    house = House(tmp_path, ["--compression", "message"]).start()
    yield house
    house.stop()


def group(house, names):
    room, host_link = house.create_room()
    keys = [house.redeem(host_link, names[0])] + [house.member(room, name) for name in names[1:]]
    return room, keys


def test_the_house_resets_both_ways_and_every_message_arrives_whole(message_house):
    """Three members, two of them compressing and one not, all talking at once across many messages: the
    pooled streams are lent to one message at a time, and nothing is garbled or lost."""
    house = message_house

    async def scenario():
        room, keys = group(house, ["Kari", "Per", "Anne"])
        sockets = []
        for key, deflate in zip(keys, ["deflate", "deflate", None]):
            ws = await websockets.connect(
                f"ws://127.0.0.1:{house.port}/r/{room}/ws", additional_headers={"Cookie": f"rs_member={key}"},
                origin=f"http://127.0.0.1:{house.port}", max_size=None,
                compression=deflate,  # the client's offer: permessage-deflate; client_max_window_bits
            )
            # In the room before anyone speaks: there is no replay for someone who came in later.
            while json.loads(await ws.recv()).get("t") != "welcome":
                pass
            sockets.append(ws)
        negotiated = [ws.response.headers.get("Sec-WebSocket-Extensions") for ws in sockets]
        said = [f"{n} {text}" for n in range(12) for text in TEXTS]

        async def talk(ws, offset):
            for n, text in enumerate(said):
                if n % 3 == offset:
                    await ws.send(json.dumps({"t": "say", "text": text}))
                    await asyncio.sleep(0.25)  # within the rate a member may send

        async def listen(ws):
            heard = []
            while len(heard) < len(said):
                try:
                    frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
                except TimeoutError:
                    raise AssertionError(f"heard {len(heard)} of {len(said)}; missing {[s[:20] for s in said if s not in heard]}")
                assert frame.get("t") != "error", frame
                if frame.get("t") == "said":
                    heard.append(frame["text"])
            return heard

        listeners = [asyncio.create_task(listen(ws)) for ws in sockets]
        await asyncio.gather(*(talk(ws, i) for i, ws in enumerate(sockets)))
        heard = await asyncio.gather(*listeners)
        for ws in sockets:
            await ws.close()
        return negotiated, said, heard

    negotiated, said, heard = run(scenario())
    assert negotiated[0] == "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    assert negotiated[1] == negotiated[0] and negotiated[2] is None
    for got in heard:
        assert sorted(got) == sorted(said)
    assert house.alive()


def test_a_client_that_asks_for_a_smaller_window_gets_it_and_one_of_8_is_declined(message_house):
    house = message_house

    async def negotiate(offer):
        room, keys = group(house, ["Kari"])
        reader, writer = await asyncio.open_connection("127.0.0.1", house.port)
        writer.write((
            f"GET /r/{room}/ws HTTP/1.1\r\nHost: 127.0.0.1:{house.port}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            f"Origin: http://127.0.0.1:{house.port}\r\nCookie: rs_member={keys[0]}\r\n"
            f"Sec-WebSocket-Extensions: {offer}\r\n\r\n"
        ).encode())
        head = await reader.readuntil(b"\r\n\r\n")
        writer.close()
        lines = head.decode().split("\r\n")
        return next((line.split(": ", 1)[1] for line in lines if line.lower().startswith("sec-websocket-extensions")), None)

    async def scenario():
        return (await negotiate("permessage-deflate; server_max_window_bits=10"),
                await negotiate("permessage-deflate; server_max_window_bits=8"))

    smaller, eight = run(scenario())
    assert smaller == "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10"
    assert eight is None
    assert house.alive()


def test_chromium_negotiates_it_and_the_conversation_reads_as_written(message_house, browser):
    house = message_house
    room, host_link = house.create_room()
    links = house.invite(room, 1)
    pages = []
    for link, name in ((host_link, "Kari"), (links[0], "Per")):
        page = browser.new_context(viewport={"width": 320, "height": 568}, locale="nb-NO").new_page()
        enter(page, link, name)
        pages.append(page)
    for n, text in enumerate(TEXTS[:2] + TEXTS[4:]):
        write(pages[n % 2], text)
        for page in pages:
            expect(page.locator("#log")).to_contain_text(text)
    # What the browser agreed to, asked of a socket of its own to the same room.
    extensions = pages[1].evaluate("""() => new Promise(done => {
        const socket = new WebSocket(location.href.replace(/^http/, 'ws').replace(/[?#].*$/, '') + '/ws');
        socket.onopen = () => { done(socket.extensions); socket.close(); };
        socket.onerror = () => done('error');
    })""")
    assert extensions == "permessage-deflate; server_no_context_takeover; client_no_context_takeover"
    for page in pages:
        page.context.close()
