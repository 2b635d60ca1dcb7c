"""A scripted member on a real WebSocket."""

import asyncio
import json

import websockets


OPEN = []


async def close_all():
    """Closes every member's socket the test left open, so the server sees them leave."""
    while OPEN:
        member = OPEN.pop()
        if member.ws is not None:
            await member.close()


def run(coro):
    """Runs a test's scenario, then closes every socket it left open, whatever happened."""
    async def and_close():
        try:
            return await coro
        finally:
            await close_all()

    return asyncio.run(and_close())


class Member:
    def __init__(self, house, room, key):
        self.house, self.room, self.key = house, room, key
        OPEN.append(self)
        self.ws = None
        self.frames = []
        self.meeting = None
        self.seq = 0

    async def connect(self, resume=False, origin=None):
        url = f"ws://127.0.0.1:{self.house.port}/r/{self.room}/ws"
        if resume and self.meeting:
            url += f"?meeting={self.meeting}&since={self.seq}"
        headers = {"Cookie": f"rs_member={self.key}"}
        self.ws = await websockets.connect(
            url, additional_headers=headers, origin=origin or f"http://127.0.0.1:{self.house.port}",
            max_size=None, compression=None,
        )
        return await self.expect("welcome")

    async def send(self, frame):
        await self.ws.send(json.dumps(frame))

    async def say(self, text, ref=None):
        await self.send({"t": "say", "text": text, **({"ref": ref} if ref else {})})

    async def next(self, timeout=15.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        frame = json.loads(raw)
        self.frames.append(frame)
        if frame.get("t") == "welcome":
            self.meeting = frame["meeting"]
        if "s" in frame:
            self.seq = frame["s"]
        return frame

    async def expect(self, kind, timeout=15.0, **fields):
        """Reads frames until one of `kind` with the given fields arrives."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            frame = await self.next(max(0.01, deadline - loop.time()))
            if frame.get("t") == kind and all(frame.get(k) == v for k, v in fields.items()):
                return frame

    async def quiet(self, seconds=0.5):
        """Everything that arrives within `seconds`."""
        got = []
        try:
            while True:
                got.append(await self.next(seconds))
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            return got

    async def closed_with(self, timeout=15.0):
        """Reads until the server closes; returns the close code."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    async def close(self):
        """Leaves as the page does: a goodbye, then the close."""
        try:
            await self.send({"t": "leave"})
        except websockets.ConnectionClosed:
            pass
        await self.ws.close()
