"""Generated documents through the real pre-check (decoding, quality, OCR, fields): verdicts and fields."""

from __future__ import annotations

import pytest

from prechecks import CODES

ZHANG = {"name": "张伟", "sex": "男", "nation": "汉", "birth": "1985-03-07",
         "address": "广东省佛山市禅城区祖庙街道人民路12号", "id_number": "440604198503071238"}
CHEN = {"name": "陈晓红", "sex": "女", "nation": "壮", "birth": "1992-11-28",
        "address": "广东省佛山市南海区桂城街道海八路28号", "id_number": "440605199211282464"}
BACK = {"issuing_authority": "佛山市公安局禅城分局", "valid_from": "2016-03-07", "valid_until": "2036-03-07"}
LICENCE = {"uscc": "91440604MA4UL3XK28", "company_name": "佛山市禅城区一门科技有限公司", "legal_representative": "李明",
           "company_type": "有限责任公司（自然人投资或控股）", "established": "2019-05-20",
           "address": "佛山市禅城区季华五路10号A座501室"}


@pytest.mark.parametrize(("name", "kind", "fields"), [
    ("id_front.jpg", "id_front", ZHANG),
    ("id_front_woman.png", "id_front", CHEN),
    ("id_front.pdf", "id_front", ZHANG),
    ("png_named.pdf", "id_front", ZHANG),
    ("id_back.jpg", "id_back", BACK),
    ("id_back_long_term.jpg", "id_back",
     {"issuing_authority": "佛山市公安局禅城分局", "valid_from": "2020-08-15", "valid_until": "长期"}),
    ("licence.jpg", "licence", LICENCE),
    ("hukou.jpg", "hukou", {"name": "陈晓红", "sex": "女", "birth": "1992-11-28", "id_number": "440605199211282464",
                            "relation_to_head": "妻"}),
    ("form.png", "form", {"title": "居民身份证申领登记表", "name": "张伟", "id_number": "440604198503071238"}),
])
def test_a_good_document_passes_with_every_field_read(checked, name, kind, fields):
    result = checked[name]
    assert (result.kind, result.verdict, result.fields) == (kind, "pass", fields)
    assert result.messages[0].endswith("预审通过，信息清晰完整。")


@pytest.mark.parametrize(("name", "kind", "verdict"), [
    ("id_front_bad_checksum.jpg", "id_front", ["bad_checksum"]),
    ("id_front_mismatch_birth.jpg", "id_front", ["mismatch_birth"]),
    ("id_front_blurred.jpg", "id_front", ["blurred"]),
    ("id_front_small.jpg", "id_front", ["blurred"]),
    ("id_front_dark.jpg", "id_front", ["too_dark"]),
    ("id_front_glare.jpg", "id_front", ["too_dark"]),
    ("id_front_cropped.jpg", "id_front", ["cropped"]),
    ("id_front_gps.jpg", "id_front", ["strip_exif"]),
    ("id_back_expired.jpg", "id_back", ["expired"]),
    ("id_back_expiring.jpg", "id_back", ["expiring_soon"]),
    ("id_back_until_dec30.jpg", "id_back", ["expiring_soon"]),
    ("licence_bad_uscc.jpg", "licence", ["bad_uscc"]),
    ("not_an_image.jpg", "other", ["refuse_type"]),
    ("script.pdf", "other", ["refuse_type"]),
    ("empty.jpg", "other", ["refuse_empty"]),
    ("truncated.jpg", "other", ["refuse_corrupt"]),
    ("truncated.pdf", "other", ["refuse_corrupt"]),
    ("bomb.png", "other", ["refuse_bomb"]),
    ("bomb.pdf", "other", ["refuse_bomb"]),
])
def test_a_bad_document_gets_its_codes_and_a_message_for_each(checked, name, kind, verdict):
    result = checked[name]
    assert (result.kind, result.verdict) == (kind, verdict)
    assert set(verdict) <= set(CODES)
    assert len(result.messages) == len(verdict) + (verdict == ["strip_exif"])  # accepted: "passed" comes first
    assert all("请" in m or "已删除" in m for m in result.messages if "预审通过" not in m)  # what to do, or was done


def test_the_fields_read_beside_a_problem_are_still_given(checked):
    assert checked["id_front_bad_checksum.jpg"].fields == {**ZHANG, "id_number": "440604198503071230"}
    assert checked["id_front_mismatch_birth.jpg"].fields == {**ZHANG, "birth": "1985-03-09"}
    assert checked["id_front_gps.jpg"].fields == ZHANG
    assert checked["id_front_dark.jpg"].fields == ZHANG
    assert checked["licence_bad_uscc.jpg"].fields["uscc"] == "91440604MA4UL3XK2F"
    assert checked["id_back_expired.jpg"].fields["valid_until"] == "2025-06-01"


def test_the_expiry_message_names_the_day(checked):
    assert "2025年6月1日过期" in checked["id_back_expired.jpg"].messages[0]
    assert "2026年12月20日到期（30天内）" in checked["id_back_expiring.jpg"].messages[0]


def test_a_cut_number_is_not_guessed(checked):
    assert checked["id_front_cropped.jpg"].fields["id_number"] is None
    assert "没有拍全" in checked["id_front_cropped.jpg"].messages[0]


def test_a_low_resolution_photo_says_so(checked):
    assert "分辨率太低" in checked["id_front_small.jpg"].messages[0]
