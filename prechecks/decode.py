"""Safe decoding: the type from the content (magic bytes), never from the name; limits before work.

An image's pixel count is read from its header and refused above `MAX_PIXELS` before a single pixel
is decoded; a truncated or corrupt image is refused, not half-read. PDFs go to `pdf.py`. EXIF is
dropped from what comes out (the pixels are copied into a fresh image), and whether the file carried
location or camera data is reported so the citizen can be told it was removed.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import Literal

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Refusal
from .pdf import render_first_page

MAX_BYTES = 20 * 1024 * 1024  # what a citizen's photo or scan of a material needs, with room to spare
MAX_PIXELS = 64_000_000  # a 64-megapixel photo passes; a decompression bomb is far above
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard agrees with ours (it raises above twice this)

FileType = Literal["jpeg", "png", "gif", "bmp", "webp", "tiff", "pdf"]
IMAGE_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "bmp": "BMP", "webp": "WEBP", "tiff": "TIFF"}

# EXIF tags that say where or with what a photo was taken (GPSInfo, Make, Model, DateTimeOriginal,
# BodySerialNumber, LensModel, LensMake) and the IFDs that hold them.
REVEALING_TAGS = {0x8825, 0x010F, 0x0110, 0x9003, 0xA431, 0xA434, 0xA433}
GPS_IFD, EXIF_IFD = 0x8825, 0x8769


@dataclass(frozen=True)
class Decoded:
    image: Image.Image  # RGB, upright (EXIF orientation applied), no metadata
    file_type: FileType
    had_private_metadata: bool  # location or camera data was present and is not in `image`


def sniff(data: bytes) -> FileType | None:
    """The file's type from its first bytes; None for anything that is neither an image nor a PDF."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data.startswith(b"BM") and len(data) > 14:
        return "bmp"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if b"%PDF-" in data[:1024]:  # the header may follow a little junk, as readers allow
        return "pdf"
    return None


def decode(data: bytes) -> Decoded:
    """Bytes → a safe RGB image of the document (page 1 of a PDF), or a Refusal."""
    if not data.strip(b" \t\r\n\x00"):
        raise Refusal("refuse_empty", "no content")
    if len(data) > MAX_BYTES:
        raise Refusal("refuse_bomb", f"{len(data)} bytes is over the cap of {MAX_BYTES}")
    file_type = sniff(data)
    if file_type is None:
        raise Refusal("refuse_type", "neither an image nor a PDF by its content")
    if file_type == "pdf":
        return Decoded(render_first_page(data), "pdf", False)
    return _decode_image(data, file_type)


def _decode_image(data: bytes, file_type: FileType) -> Decoded:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[IMAGE_FORMATS[file_type]])
            width, height = image.size  # from the header: nothing decoded yet
            if width <= 0 or height <= 0:
                raise Refusal("refuse_corrupt", "no pixels")
            if width * height > MAX_PIXELS:
                raise Refusal("refuse_bomb", f"{width}x{height} pixels is over {MAX_PIXELS}")
            private = _has_private_metadata(image)
            image.load()  # a truncated file raises here
            upright = ImageOps.exif_transpose(image)
            rgb = _to_rgb(upright)
    except Refusal:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise Refusal("refuse_bomb", str(exc)) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError,
            TypeError, ZeroDivisionError, struct.error) as exc:
        raise Refusal("refuse_corrupt", f"{type(exc).__name__}: {exc}") from exc
    return Decoded(rgb, file_type, private)


def _has_private_metadata(image: Image.Image) -> bool:
    try:
        exif = image.getexif()
    except (OSError, ValueError, SyntaxError, KeyError, TypeError):
        return True  # unreadable metadata is dropped all the same; say so
    if any(tag in exif for tag in REVEALING_TAGS):
        return True
    for ifd in (GPS_IFD, EXIF_IFD):
        try:
            inner = exif.get_ifd(ifd)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if ifd == GPS_IFD and inner:
            return True
        if any(tag in inner for tag in REVEALING_TAGS):
            return True
    return "xmp" in image.info and b"exif:GPS" in _as_bytes(image.info["xmp"])


def _as_bytes(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def _to_rgb(image: Image.Image) -> Image.Image:
    """A fresh RGB copy with no metadata; transparency flattened onto white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return Image.frombytes("RGB", image.size, image.convert("RGB").tobytes())
