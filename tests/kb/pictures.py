"""Pictures made in the tests with Pillow (never a copied file)."""

from __future__ import annotations

import functools
import io

from PIL import Image, ImageDraw

from kb.image_processing import Processed, process

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(width: int = 1600, height: int = 1000, *, orientation: int | None = None) -> bytes:
    """A JPEG as a phone camera writes it: EXIF with the camera, a GPS position
    (Nagoya) and optionally an orientation."""
    image = Image.new("RGB", (width, height), (11, 92, 173))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width // 3, height // 4), fill=(255, 244, 214))  # top-left marker
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif[0x0110] = "Model X"  # Model
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (35.0, 10.0, 12.5)
    gps[3] = "E"
    gps[4] = (136.0, 54.0, 23.1)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def screenshot_png(width: int = 1200, height: int = 800) -> bytes:
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, width - 40, 120), outline=(31, 35, 40), width=3)
    draw.text((60, 70), "Account settings", fill=(31, 35, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@functools.cache
def processed_screenshot() -> Processed:
    """``process(screenshot_png())``, worked out once per test process: a
    pure function of the same bytes, and its WebP encoding is the slow part of
    any test that only needs a stored picture (tests about the processing
    itself call ``process``)."""
    return process(screenshot_png())


def has_metadata(data: bytes) -> list[str]:
    """What in a served file could carry the camera's data (empty: nothing)."""
    found = []
    image = Image.open(io.BytesIO(data))
    if image.getexif():
        found.append("EXIF")
    for key in ("exif", "xmp", "icc_profile"):
        if image.info.get(key):
            found.append(key)
    found += [name for name in webp_chunks(data) if name in {"EXIF", "XMP ", "ICCP"}]
    if b"TestCamera" in data:
        found.append("camera name")
    return found


def webp_chunks(data: bytes) -> list[str]:
    """The names of a WebP file's RIFF chunks (VP8, VP8L, VP8X, EXIF, XMP, ICCP…)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP file"
    names, position = [], 12
    while position + 8 <= len(data):
        name = data[position : position + 4].decode("latin-1")
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        names.append(name)
        position += 8 + size + (size & 1)
    return names
