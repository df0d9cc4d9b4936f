"""An uploaded picture → the clean, resized WebP files the site serves.

Only the file's content decides what it is: Pillow must recognise it as a
PNG, a JPEG or a WebP whatever its name says, within the size and pixel
limits, and decode it whole. It is then re-encoded from its pixels alone:
the orientation its EXIF asks for is applied, colours are converted to
sRGB, and nothing else of the original survives (no EXIF, GPS, XMP or
camera data). Screenshots (PNG, or anything with transparency) are encoded
losslessly so that small text stays sharp; photos with quality 82.

No Django models here: ``process(data)`` takes bytes and returns the files.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 2_500_000  # under nginx's client_max_body_size 3m (README), with the form around it
MAX_SIDE = 8000
MAX_PIXELS = 24_000_000
MIN_SIDE = 16
WIDTHS = (480, 720, 960, 1440)  # the widest is enough for a 44rem column on a 2× screen
FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}
PHOTO_QUALITY = 82


class ImageRefused(ValueError):
    """The upload is not a picture the site takes; the message says why, in Japanese."""


@dataclass(frozen=True)
class Variant:
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Processed:
    """The re-encoded picture: one WebP per width, narrowest first."""

    variants: tuple[Variant, ...]
    digest: str  # of every file's bytes: a new picture gets new URLs
    source_format: str

    @property
    def width(self) -> int:
        return self.variants[-1].width

    @property
    def height(self) -> int:
        return self.variants[-1].height


def _refuse(message: str) -> ImageRefused:
    return ImageRefused(message)


def _open(data: bytes) -> Image.Image:
    if len(data) > MAX_BYTES:
        raise _refuse(
            _("ファイルが大きすぎます（%(size)sMB）。2.5MB以下の画像を選んでください。")
            % {"size": f"{len(data) / 1_000_000:.1f}"}
        )
    if not data:
        raise _refuse(_("ファイルが空です。PNG・JPEG・WebPの画像を選んでください。"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError):
        raise _refuse(
            _(
                "このファイルは画像として読み込めません。ファイル名が「.png」などでも、"
                "中身がPNG・JPEG・WebPの画像でないものは使えません。"
            )
        ) from None
    if image.format not in FORMATS:
        raise _refuse(
            _("%(format)s形式の画像は使えません。PNG・JPEG・WebPのどれかで保存し直してください。")
            % {"format": image.format or _("不明な")}
        )
    return image


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _refuse(
            _(
                "画像が大きすぎます（%(width)d×%(height)dピクセル）。長い辺を%(side)dピクセル以下にしてください。"
            )
            % {"width": width, "height": height, "side": MAX_SIDE}
        )
    if width < MIN_SIDE or height < MIN_SIDE:
        raise _refuse(
            _(
                "画像が小さすぎます（%(width)d×%(height)dピクセル）。縦横とも%(side)dピクセル以上の画像を選んでください。"
            )
            % {"width": width, "height": height, "side": MIN_SIDE}
        )
    if getattr(image, "n_frames", 1) > 1:
        raise _refuse(_("動く画像（アニメーション）は使えません。1枚の静止画を選んでください。"))


def _decode(data: bytes) -> tuple[Image.Image, str]:
    image = _open(data)
    _check_size(image)
    source_format = image.format
    try:
        image.verify()  # a truncated or corrupt file is refused here, not half-shown later
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise _refuse(
            _("画像のデータが壊れているため読み込めません。元の画像を保存し直してから選んでください。")
        ) from None
    return image, source_format


def _to_srgb(image: Image.Image) -> Image.Image:
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in {"RGB", "RGBA"}:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: the pixels as they are


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image with the same pixels and nothing else (no info, no EXIF)."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    converted = _to_srgb(converted) if image.mode in {"RGB", "RGBA"} else converted
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _widths(width: int) -> list[int]:
    widths = [w for w in WIDTHS if w < width]
    widths.append(min(width, WIDTHS[-1]))
    return sorted(set(widths))


def _encode(image: Image.Image, *, lossless: bool) -> bytes:
    out = io.BytesIO()
    if lossless:
        image.save(out, "WEBP", lossless=True, quality=80, method=4)
    else:
        image.save(out, "WEBP", quality=PHOTO_QUALITY, method=4)
    return out.getvalue()


def process(data: bytes) -> Processed:
    """The WebP files of an uploaded picture, or ``ImageRefused`` with the reason."""
    image, source_format = _decode(data)
    # The camera's orientation, applied to the pixels (an unreadable EXIF block: as stored).
    with contextlib.suppress(OSError, ValueError, SyntaxError):
        image = ImageOps.exif_transpose(image)
    lossless = source_format == "PNG" or image.mode in {"RGBA", "LA", "PA"}
    clean = _pixels_only(image)
    variants = []
    for width in _widths(clean.width):
        height = max(1, round(clean.height * width / clean.width))
        resized = clean if width == clean.width else clean.resize((width, height), Image.Resampling.LANCZOS)
        variants.append(Variant(width, height, _encode(resized, lossless=lossless)))
    digest = hashlib.sha256(b"".join(v.data for v in variants)).hexdigest()
    return Processed(variants=tuple(variants), digest=digest, source_format=FORMATS[source_format])
