"""Photo files built for the tests and bench/photo_memory.py: what phones send, and worse."""

import io
import math
import struct

from PIL import Image


def png(size, mode="L"):
    """A flat PNG: a few kilobytes however many pixels (6300×6300 grey: 38 KB)."""
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="PNG", optimize=True)
    return out.getvalue()


def webp(size, mode="RGBA"):
    out = io.BytesIO()
    Image.new(mode, size).save(out, format="WEBP", lossless=True)
    return out.getvalue()


def jpeg(size, colour=(120, 160, 90), **options):
    """A JPEG as a phone's camera writes it (baseline) unless ``options`` say otherwise."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", **options)
    return out.getvalue()


def _segment(marker, body):
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def split_scan_jpeg(width, height):
    """A flat grey baseline JPEG whose three components come in three scans.

    Legal, and small (two bits a block), but libjpeg keeps every DCT coefficient
    of the full-size image until the last scan, whatever scale it decodes at:
    2 bytes a sample, 6 bytes a pixel.
    """
    one_code = bytes([1] + [0] * 15)  # Huffman tables of a single one-bit code
    parts = [
        b"\xff\xd8",
        _segment(0xDB, b"\x00" + b"\x01" * 64),
        _segment(
            0xC0,
            struct.pack(">BHHB", 8, height, width, 3)
            + b"".join(bytes([c, 0x11, 0]) for c in (1, 2, 3)),
        ),
        _segment(0xC4, b"\x00" + one_code + b"\x00" + b"\x10" + one_code + b"\x00"),
    ]
    # Every block: DC difference 0, then end of block.
    whole, rest = divmod(math.ceil(width / 8) * math.ceil(height / 8) * 2, 8)
    data = b"\x00" * whole + (bytes([(1 << (8 - rest)) - 1]) if rest else b"")
    for component in (1, 2, 3):
        parts += [_segment(0xDA, bytes([1, component, 0]) + b"\x00\x3f\x00"), data]
    return b"".join([*parts, b"\xff\xd9"])
