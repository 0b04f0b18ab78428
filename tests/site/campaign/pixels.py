"""PNG pixels read with the standard library (zlib and struct): what a test
needs to look inside a social card without an imaging library."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {2: 3, 6: 4}  # truecolour, truecolour with alpha


@dataclass(frozen=True)
class Pixels:
    width: int
    height: int
    channels: int
    rows: tuple[bytes, ...]

    def region(self, left: int, top: int, right: int, bottom: int) -> tuple[bytes, ...]:
        c = self.channels
        return tuple(row[left * c : right * c] for row in self.rows[top:bottom])


def read_png(source: Path | bytes) -> Pixels:
    """8-bit, non-interlaced RGB or RGBA PNG (what Chromium writes)."""
    data = source.read_bytes() if isinstance(source, Path) else source
    assert data[:8] == SIGNATURE, "not a PNG"
    position, compressed, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            compressed.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in CHANNELS, header
    channels = CHANNELS[colour]
    raw = zlib.decompress(b"".join(compressed))
    stride = width * channels
    rows, previous = [], bytes(stride)
    for y in range(height):
        start = y * (stride + 1)
        line = unfilter(
            raw[start], bytearray(raw[start + 1 : start + 1 + stride]), previous, channels
        )
        rows.append(bytes(line))
        previous = line
    return Pixels(width, height, channels, tuple(rows))


def unfilter(kind: int, line: bytearray, previous: bytes, step: int) -> bytearray:
    """Undo one of PNG's five row filters (the specification's section 9)."""
    if kind == 1:  # Sub
        for i in range(step, len(line)):
            line[i] = (line[i] + line[i - step]) & 255
    elif kind == 2:  # Up
        line = bytearray(map(lambda a, b: (a + b) & 255, line, previous))
    elif kind == 3:  # Average
        for i in range(len(line)):
            left = line[i - step] if i >= step else 0
            line[i] = (line[i] + ((left + previous[i]) >> 1)) & 255
    elif kind == 4:  # Paeth
        for i in range(len(line)):
            a = line[i - step] if i >= step else 0
            b, c = previous[i], previous[i - step] if i >= step else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return line
