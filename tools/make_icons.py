"""Draws the house icon as the PNGs a phone's home screen wants (Public/app/icon-192.png, icon-512.png).

The house is the one in Public/app/icon.svg, on the page's paper colour. It sits inside the middle 80 %
circle, so a phone may also cut the picture round ("maskable" in the room's manifest).
Run after changing the icon, and commit the PNGs: `python3 tools/make_icons.py` (needs Pillow).
"""

from pathlib import Path

from PIL import Image, ImageDraw

PUBLIC_APP = Path(__file__).resolve().parents[1] / "Public" / "app"
# The outline of icon.svg's path "M4 15 16 4l12 11v13H19v-8h-6v8H4z" on its 32 × 32 grid.
HOUSE = [(4, 15), (16, 4), (28, 15), (28, 28), (19, 28), (19, 20), (13, 20), (13, 28), (4, 28)]
ACCENT = "#0b5394"  # style.css --accent
PAPER = "#fdfdfb"  # style.css --paper
# Of the icon's width, the share the svg's 32-unit grid takes: its farthest corner then stays inside
# the safe circle (radius 40 %) of a maskable icon.
SCALE = 0.72
# Drawn this many times larger, then scaled down, for smooth edges.
OVERSAMPLE = 4


def draw(size: int) -> Image.Image:
    big = size * OVERSAMPLE
    image = Image.new("RGB", (big, big), PAPER)
    unit = big * SCALE / 32
    offset = big / 2 - 16 * unit
    ImageDraw.Draw(image).polygon([(offset + x * unit, offset + y * unit) for x, y in HOUSE], fill=ACCENT)
    # A few shades of blue for the edges are all it needs: a small palette keeps the file small.
    return image.resize((size, size), Image.LANCZOS).quantize(colors=16)


if __name__ == "__main__":
    for size in (192, 512):
        path = PUBLIC_APP / f"icon-{size}.png"
        draw(size).save(path, optimize=True)
        print(f"{path}: {path.stat().st_size} bytes")
