"""Make the site's icon: reviewapp/static/favicon.ico, drawn from the shapes of favicon.svg.

Three white bars rising left to right (a ranked list) on the app's blue rounded square.
Standard library only; run it after changing the shapes, and commit both files:

    .venv/bin/python tools/make_favicon.py

The .ico holds 16, 32 and 48 px PNG images (browsers ask for /favicon.ico on their own;
pages link the SVG too, which modern browsers prefer).
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "reviewapp" / "static" / "favicon.ico"
SIZES = (16, 32, 48)
SAMPLES = 4  # per pixel side, for smooth edges
BLUE = (0x2F, 0x6D, 0xB5)
WHITE = (0xFF, 0xFF, 0xFF)
# In the SVG's 32-unit square: the rounded tile, then the bars as (x, y, width, height).
TILE = (1.0, 1.0, 30.0, 30.0, 6.0)
BARS = ((7.0, 17.0, 5.0, 8.0), (13.5, 12.0, 5.0, 13.0), (20.0, 7.0, 5.0, 18.0))


def in_tile(x: float, y: float) -> bool:
    """Whether a point of the 32-unit square lies on the rounded tile."""
    left, top, width, height, radius = TILE
    if not (left <= x <= left + width and top <= y <= top + height):
        return False
    cx = min(max(x, left + radius), left + width - radius)
    cy = min(max(y, top + radius), top + height - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def colour_at(x: float, y: float) -> tuple[int, int, int, int]:
    """RGBA of one sample point: a bar, the tile, or transparent."""
    if any(bx <= x <= bx + bw and by <= y <= by + bh for bx, by, bw, bh in BARS):
        return (*WHITE, 255)
    return (*BLUE, 255) if in_tile(x, y) else (0, 0, 0, 0)


def pixels(size: int) -> bytes:
    """The image as PNG scanlines (filter byte 0, then RGBA), each pixel supersampled."""
    scale = 32 / size
    rows = []
    for py in range(size):
        row = bytearray(b"\x00")
        for px in range(size):
            samples = [colour_at((px + (sx + 0.5) / SAMPLES) * scale,
                                 (py + (sy + 0.5) / SAMPLES) * scale)
                       for sy in range(SAMPLES) for sx in range(SAMPLES)]
            alpha = sum(s[3] for s in samples)
            if alpha == 0:
                row += bytes(4)
                continue
            # Colour weighted by coverage, alpha by the share of samples covered.
            row += bytes(round(sum(s[c] * s[3] for s in samples) / alpha) for c in range(3))
            row.append(round(alpha / len(samples)))
        rows.append(bytes(row))
    return b"".join(rows)


def png(size: int) -> bytes:
    """One square RGBA PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(pixels(size), 9)) + chunk(b"IEND", b""))


def ico(sizes: tuple[int, ...] = SIZES) -> bytes:
    """An .ico file holding one PNG image per size."""
    images = [png(size) for size in sizes]
    offset = 6 + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image),
                               offset)
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + entries + b"".join(images)


def main() -> None:
    """Write the icon and say where."""
    TARGET.write_bytes(ico())
    print(f"{TARGET.relative_to(ROOT)}: {TARGET.stat().st_size} bytes")


if __name__ == "__main__":
    main()
