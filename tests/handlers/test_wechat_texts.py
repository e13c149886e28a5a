"""WeChat text messages: every notice fits the platform's limit after the cut, and nothing is lost."""

import pytest

from bot import Choice, Reply
from bot.notice import one_time_notice
from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from handlers.wechat_texts import WECHAT_TEXT_BYTES, wechat_texts


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


def test_every_item_fits_wechat_after_splitting(catalog):
    for item in catalog.items.values():
        reply = one_time_notice(item, catalog)
        pieces = wechat_texts(reply)
        assert all(len(p.encode()) <= WECHAT_TEXT_BYTES for p in pieces), item.code
        joined = "\n".join(pieces)
        for line in reply.text.splitlines():
            assert line in joined, (item.code, line)  # nothing lost in the cut


def test_a_long_reply_is_cut_between_paragraphs_and_keeps_choices_last():
    paragraphs = [f"第{n}段\n" + "材料说明" * 120 for n in range(6)]
    reply = Reply(text="\n\n".join(paragraphs), choices=(Choice("甲", "1"), Choice("乙", "2")))
    pieces = wechat_texts(reply)
    assert len(pieces) > 1
    assert all(len(p.encode()) <= WECHAT_TEXT_BYTES for p in pieces)
    assert all(p.startswith("第") for p in pieces)  # every message starts at a paragraph
    assert pieces[-1].endswith("1. 甲\n2. 乙")


def test_a_single_enormous_line_is_still_cut_within_the_limit():
    pieces = wechat_texts(Reply.plain("长" * 3000))
    assert "".join(pieces) == "长" * 3000
    assert all(len(p.encode()) <= WECHAT_TEXT_BYTES for p in pieces)
