"""Safe decoding: type by content, refusals, metadata removed; and the pool runs the same check."""

from __future__ import annotations

import io

from PIL import Image

from prechecks import Due, PrecheckPool
from prechecks.decode import decode, sniff

from .conftest import TODAY


def test_the_type_comes_from_the_content_not_the_name(documents):
    assert sniff(documents["png_named.pdf"].read_bytes()) == "png"
    assert sniff(documents["not_an_image.jpg"].read_bytes()) is None
    assert sniff(documents["id_front.pdf"].read_bytes()) == "pdf"


def test_location_and_camera_data_are_reported_and_not_kept(documents):
    decoded = decode(documents["id_front_gps.jpg"].read_bytes())
    assert decoded.had_private_metadata
    out = io.BytesIO()
    decoded.image.save(out, "JPEG")
    assert len(Image.open(io.BytesIO(out.getvalue())).getexif()) == 0
    assert not decode(documents["id_front.jpg"].read_bytes()).had_private_metadata


async def test_the_pool_checks_off_the_event_loop(documents):
    pool = PrecheckPool(workers=1)
    try:
        result = await pool.check(documents["id_back.jpg"].read_bytes(), Due.without_item(TODAY))
        refused = await pool.check(b"", Due.without_item(TODAY))
    finally:
        pool.close()
    assert (result.kind, result.verdict, result.fields["valid_until"]) == ("id_back", "pass", "2036-03-07")
    assert refused.verdict == ["refuse_empty"]
