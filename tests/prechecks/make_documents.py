"""Test documents, made here: card-like layouts rendered with Pillow and a CJK font from Debian.

`make_all(folder)` writes every document the tests use and returns {name: path}. Good ones and bad
ones: blurred, dark, cropped, expired, expiring, wrong checksum, wrong type behind a misleading name,
empty, truncated, an image decompression bomb, a PDF bomb, a photo with GPS EXIF, licences with a good
and a bad USCC, a household register page, a form, a PDF of a card. `python -m tests.prechecks.make_documents DIR`
writes them for a look.
"""

from __future__ import annotations

import io
import random
import struct
import sys
import zlib
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from prechecks import idnumbers, uscc

FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)

PERSON = {"name": "张伟", "sex": "男", "nation": "汉", "birth": date(1985, 3, 7),
          "address": "广东省佛山市禅城区祖庙街道人民路12号", "first17": "44060419850307123"}
WOMAN = {"name": "陈晓红", "sex": "女", "nation": "壮", "birth": date(1992, 11, 28),
         "address": "广东省佛山市南海区桂城街道海八路28号", "first17": "44060519921128246"}


def font_path() -> str | None:
    return next((p for p in FONT_PATHS if Path(p).exists()), None)


def font(size: int) -> ImageFont.FreeTypeFont:
    path = font_path()
    if path is None:
        raise RuntimeError("no CJK font: install Debian's fonts-wqy-zenhei (scripts/services.sh install)")
    return ImageFont.truetype(path, size)


def id_number(person: dict, *, good: bool = True) -> str:
    first17 = person["first17"]
    check = idnumbers.check_character(first17)
    if not good:
        check = "0" if check != "0" else "1"
    return first17 + check


def on_table(card: Image.Image, *, margin: int = 90, seed: int = 1) -> Image.Image:
    """The card photographed on a desk: a textured darker background around it."""
    rng = random.Random(seed)
    w, h = card.width + 2 * margin, card.height + 2 * margin
    table = Image.new("RGB", (w, h), (96, 82, 70))
    draw = ImageDraw.Draw(table)
    for _ in range(400):
        x, y = rng.randrange(w), rng.randrange(h)
        shade = rng.randrange(80, 112)
        draw.line((x, y, x + rng.randrange(20, 120), y + rng.randrange(-3, 4)), fill=(shade, shade - 12, shade - 24))
    mask = Image.new("L", card.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, card.width - 1, card.height - 1), 36, fill=255)
    table.paste(card, (margin, margin), mask)
    return table


def card_base(seed: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    rng = random.Random(seed)
    card = Image.new("RGB", (1000, 630), (232, 238, 240))
    draw = ImageDraw.Draw(card)
    for i in range(0, 630, 6):  # the faint guilloche of a real card
        tone = 226 + rng.randrange(0, 10)
        draw.line((0, i, 1000, i + 40), fill=(tone, tone + 4, tone + 6))
    return card, draw


def id_front(person: dict = PERSON, *, number: str | None = None, birth: date | None = None) -> Image.Image:
    card, draw = card_base(2)
    label, value, big = font(26), font(30), font(34)
    ink, grey = (20, 20, 20), (70, 100, 140)
    b = birth or person["birth"]
    draw.text((70, 60), "姓  名", font=label, fill=grey)
    draw.text((190, 56), person["name"], font=value, fill=ink)
    draw.text((70, 130), "性  别", font=label, fill=grey)
    draw.text((190, 126), person["sex"], font=value, fill=ink)
    draw.text((300, 130), "民  族", font=label, fill=grey)
    draw.text((420, 126), person["nation"], font=value, fill=ink)
    draw.text((70, 200), "出  生", font=label, fill=grey)
    draw.text((190, 196), f"{b.year}  年  {b.month}  月  {b.day}  日", font=value, fill=ink)
    draw.text((70, 270), "住  址", font=label, fill=grey)
    address = person["address"]
    draw.text((190, 266), address[:11], font=value, fill=ink)
    draw.text((190, 316), address[11:], font=value, fill=ink)
    draw.text((70, 520), "公民身份号码", font=label, fill=grey)
    draw.text((320, 514), number or id_number(person), font=big, fill=ink)
    draw.rectangle((700, 80, 930, 380), fill=(200, 205, 210))  # the portrait
    draw.ellipse((760, 120, 870, 240), fill=(150, 150, 155))
    draw.rounded_rectangle((720, 250, 910, 380), 40, fill=(150, 150, 155))
    return on_table(card)


def id_back(valid_from: str = "2016.03.07", valid_until: str = "2036.03.07",
            authority: str = "佛山市公安局禅城分局") -> Image.Image:
    card, draw = card_base(3)
    draw.ellipse((70, 50, 210, 190), outline=(200, 40, 40), width=8)  # the national emblem
    draw.ellipse((115, 95, 165, 145), fill=(200, 40, 40))
    draw.text((300, 70), "中华人民共和国", font=font(52), fill=(20, 20, 20))
    draw.text((300, 160), "居民身份证", font=font(70), fill=(20, 20, 20))
    label, value = font(26), font(30)
    draw.text((180, 430), "签发机关", font=label, fill=(70, 100, 140))
    draw.text((330, 426), authority, font=value, fill=(20, 20, 20))
    draw.text((180, 510), "有效期限", font=label, fill=(70, 100, 140))
    draw.text((330, 506), f"{valid_from}-{valid_until}", font=value, fill=(20, 20, 20))
    return on_table(card)


def uscc_code(*, good: bool = True) -> str:
    first17 = "91440604MA4UL3XK2"
    check = uscc.check_character(first17)
    if not good:
        check = uscc.ALPHABET[(uscc.ALPHABET.index(check) + 7) % 31]
    return first17 + check


def licence(*, good: bool = True) -> Image.Image:
    page = Image.new("RGB", (1600, 1130), (250, 246, 236))
    draw = ImageDraw.Draw(page)
    draw.rectangle((30, 30, 1570, 1100), outline=(170, 120, 60), width=10)
    draw.text((620, 90), "营业执照", font=font(90), fill=(150, 20, 20))
    label, value = font(28), font(28)
    draw.text((110, 250), f"统一社会信用代码  {uscc_code(good=good)}", font=label, fill=(20, 20, 20))
    left = [("名      称", "佛山市禅城区一门科技有限公司"), ("类      型", "有限责任公司（自然人投资或控股）"),
            ("法定代表人", "李明")]
    right = [("注册资本", "人民币壹佰万元"), ("成立日期", "2019年05月20日"), ("营业期限", "长期"),
             ("住      所", "佛山市禅城区季华五路")]
    for i, (k, v) in enumerate(left):
        draw.text((110, 380 + 80 * i), k, font=label, fill=(20, 20, 20))
        draw.text((290, 380 + 80 * i), v, font=value, fill=(20, 20, 20))
    for i, (k, v) in enumerate(right):
        draw.text((900, 380 + 80 * i), k, font=label, fill=(20, 20, 20))
        draw.text((1060, 380 + 80 * i), v, font=value, fill=(20, 20, 20))
    draw.text((1060, 380 + 80 * 3 + 45), "10号A座501室", font=value, fill=(20, 20, 20))
    draw.text((110, 700), "经营范围", font=label, fill=(20, 20, 20))
    draw.text((290, 700), "软件开发；信息技术咨询服务。", font=value, fill=(20, 20, 20))
    draw.text((1000, 930), "登记机关", font=label, fill=(20, 20, 20))
    draw.text((1000, 980), "2019年05月20日", font=label, fill=(20, 20, 20))
    draw.ellipse((1200, 860, 1420, 1080), outline=(210, 40, 40), width=6)  # the seal
    return page


def hukou() -> Image.Image:
    page = Image.new("RGB", (1400, 1000), (248, 244, 236))
    draw = ImageDraw.Draw(page)
    draw.text((520, 50), "常住人口登记卡", font=font(56), fill=(20, 20, 20))
    label, value = font(28), font(30)
    rows = [
        [("姓名", "陈晓红"), ("户主或与户主关系", "妻")],
        [("曾用名", ""), ("性别", "女")],
        [("出生地", "广西壮族自治区南宁市"), ("民族", "壮")],
        [("籍贯", "广西南宁"), ("出生日期", "1992年11月28日")],
        [("公民身份证件编号", id_number(WOMAN))],
    ]
    y = 170
    for row in rows:
        draw.line((60, y - 20, 1340, y - 20), fill=(90, 90, 90), width=2)
        for j, (k, v) in enumerate(row):
            x = 80 + 640 * j
            draw.text((x, y), k, font=label, fill=(20, 20, 20))
            draw.text((x + 40 * len(k) + 20, y), v, font=value, fill=(20, 20, 20))
        y += 110
    draw.line((60, y - 20, 1340, y - 20), fill=(90, 90, 90), width=2)
    return page


def form() -> Image.Image:
    page = Image.new("RGB", (1240, 1754), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.text((300, 120), "居民身份证申领登记表", font=font(60), fill=(0, 0, 0))
    label, value = font(32), font(34)
    rows = [("姓名", PERSON["name"]), ("性别", PERSON["sex"]), ("民族", PERSON["nation"]),
            ("出生日期", "1985年03月07日"), ("公民身份号码", id_number(PERSON)), ("联系电话", "138****5678")]
    for i, (k, v) in enumerate(rows):
        y = 320 + 120 * i
        draw.rectangle((100, y - 30, 1140, y + 70), outline=(0, 0, 0), width=2)
        draw.text((130, y), k, font=label, fill=(0, 0, 0))
        draw.text((420, y), v, font=value, fill=(10, 10, 60))
    draw.text((130, 1200), "申请人签名：", font=label, fill=(0, 0, 0))
    draw.text((130, 1300), "填表日期：2026年12月01日", font=label, fill=(0, 0, 0))
    return page


def jpeg(image: Image.Image, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=92, **options)
    return out.getvalue()


def png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def with_gps(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (23.0, 1.0, 30.5)
    gps[3], gps[4] = "E", (113.0, 7.0, 12.25)
    return jpeg(image, exif=exif)


def png_bomb(width: int = 100_000, height: int = 100_000) -> bytes:
    """A valid PNG header claiming 10 gigapixels, and a tiny stream of zero rows behind it."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def pdf_document(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_bomb(inflated: int = 200 * 1024 * 1024) -> bytes:
    """One page whose content stream is a few hundred kilobytes that inflate to 200 MB."""
    squeezer = zlib.compressobj(9)
    block = b" " * (1024 * 1024)
    stream = b"".join(squeezer.compress(block) for _ in range(inflated // len(block))) + squeezer.flush()
    return pdf_document([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def pdf_of(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PDF", resolution=200.0)
    return out.getvalue()


def dark(image: Image.Image) -> Image.Image:
    return image.point(lambda v: int(v * 0.18))


def glare(image: Image.Image) -> Image.Image:
    """A lamp's reflection: a blown-out patch with a soft halo over the middle of the card."""
    light = Image.new("L", image.size, 0)
    cx, cy = image.width // 2, image.height // 2 - 40
    draw = ImageDraw.Draw(light)
    for r in range(200, 0, -4):
        draw.ellipse((cx - r * 1.4, cy - r, cx + r * 1.4, cy + r), fill=min(255, int(255 * (1.6 - r / 200))))
    return Image.composite(Image.new("RGB", image.size, (255, 255, 255)), image, light)


def blurred(image: Image.Image) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(5))


def cropped(image: Image.Image) -> Image.Image:
    """The card cut by the frame: the right third (portrait, end of the number) and the top are lost."""
    return image.crop((60, 150, int(image.width * 0.62), image.height - 40))


def make_all(folder: Path, today: date = date(2026, 12, 3)) -> dict[str, Path]:
    """Every test document, written into `folder`; its names say what each one is."""
    front, back = id_front(), id_back()
    files: dict[str, bytes] = {
        "id_front.jpg": jpeg(front),
        "id_front_woman.png": png(id_front(WOMAN)),
        "id_back.jpg": jpeg(back),
        "id_back_long_term.jpg": jpeg(id_back("2020.08.15", "长期")),
        "id_back_expired.jpg": jpeg(id_back("2005.06.01", "2025.06.01")),
        "id_back_expiring.jpg": jpeg(id_back("2006.12.20", f"{today.year}.12.20")),
        "id_back_until_dec30.jpg": jpeg(id_back("2006.12.30", f"{today.year}.12.30")),
        "id_front_bad_checksum.jpg": jpeg(id_front(number=id_number(PERSON, good=False))),
        "id_front_mismatch_birth.jpg": jpeg(id_front(birth=date(1985, 3, 9))),
        "id_front_blurred.jpg": jpeg(blurred(front)),
        "id_front_dark.jpg": jpeg(dark(front)),
        "id_front_glare.jpg": jpeg(glare(front)),
        "id_front_cropped.jpg": jpeg(cropped(front)),
        "id_front_small.jpg": jpeg(front.resize((240, 162))),
        "id_front_gps.jpg": with_gps(front),
        "id_front.pdf": pdf_of(front),
        "licence.jpg": jpeg(licence()),
        "licence_bad_uscc.jpg": jpeg(licence(good=False)),
        "hukou.jpg": jpeg(hukou()),
        "form.png": png(form()),
        "not_an_image.jpg": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8,  # a ZIP named .jpg
        "script.pdf": b"#!/bin/sh\necho hello\n",
        "png_named.pdf": png(front),  # a real image behind a PDF's name: checked as the image it is
        "empty.jpg": b"",
        "truncated.jpg": jpeg(front)[: len(jpeg(front)) // 3],
        "truncated.pdf": pdf_of(front)[:-600],
        "bomb.png": png_bomb(),
        "bomb.pdf": pdf_bomb(),
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths[name] = path
    return paths


if __name__ == "__main__":
    for written in make_all(Path(sys.argv[1] if len(sys.argv) > 1 else "var/precheck-documents")).values():
        print(written)
