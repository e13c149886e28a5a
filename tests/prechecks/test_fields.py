"""Reading fields from OCR lines (no OCR here): labels, columns, and what OCR confuses."""

from __future__ import annotations

from datetime import date

import pytest

from prechecks import idnumbers, uscc
from prechecks.fields import date_in, id_number_in, rows_of
from prechecks.idcard import read_back, read_front, validity
from prechecks.licence import code_in, read_licence
from prechecks.ocr import Box


def line(text: str, x0: float, y0: float, width: float | None = None, height: float = 30) -> Box:
    return Box(text, x0, y0, x0 + (width or 30 * len(text)), y0 + height, 0.99)


@pytest.mark.parametrize(("read", "number"), [
    ("44060419850307123X", "44060419850307123X"),
    ("4406O4l985O3O7l23x", "44060419850307123X"),  # O for 0, l for 1, a small x
    ("４４０６０４１９８５０３０７１２３８", "440604198503071238"),  # full-width digits
    ("4406 0419 8503 0712 38", "440604198503071238"),
    ("公民身份号码440604198503071238", "440604198503071238"),
])
def test_an_id_number_is_read_through_ocr_confusions(read, number):
    assert id_number_in(read) == number


def test_a_short_or_long_run_is_no_id_number():
    assert id_number_in("4406041985030712") is None
    assert id_number_in("4406041985030712381") is None


def test_checksums():
    assert idnumbers.checksum_ok("11010519491231002X")  # the standard's own example
    assert not idnumbers.checksum_ok("110105194912310021")
    assert idnumbers.sex_of("11010519491231002X") == "女"
    assert idnumbers.birth_of("11010519491231002X") == date(1949, 12, 31)
    code = "91440604MA4UL3XK2" + uscc.check_character("91440604MA4UL3XK2")
    assert uscc.checksum_ok(code) and not uscc.checksum_ok(code[:-1] + ("0" if code[-1] != "0" else "1"))
    assert code_in("统一社会信用代码 " + code.replace("1", "I").replace("0", "O")) == code  # I and O are never used


@pytest.mark.parametrize(("read", "day"), [
    ("1985年3月7日", date(1985, 3, 7)), ("1985 年 03 月 07 日", date(1985, 3, 7)), ("1985.03.07", date(1985, 3, 7)),
    ("19850307", date(1985, 3, 7)), ("l985年3月7日", date(1985, 3, 7)),
])
def test_dates(read, day):
    assert date_in(read) == day


@pytest.mark.parametrize(("read", "period"), [
    ("2016.03.07-2036.03.07", ("2016-03-07", "2036-03-07")), ("2016.03.07—2036.03.07", ("2016-03-07", "2036-03-07")),
    ("20160307-20360307", ("2016-03-07", "2036-03-07")), ("2020.08.15-长期", ("2020-08-15", "长期")),
    ("2016年03月07日至2036年03月07日", ("2016-03-07", "2036-03-07")),
])
def test_validity_periods(read, period):
    assert validity(read) == period


def test_front_labels_in_their_own_boxes_values_in_others_and_an_address_on_two_lines():
    boxes = [line("姓 名", 50, 50), line("张 伟", 200, 52), line("性别男", 50, 110), line("民族", 300, 110),
             line("汉", 420, 112), line("出生", 50, 170), line("1985", 200, 170), line("年3月7日", 330, 170),
             line("住址", 50, 230), line("广东省佛山市禅城区", 200, 230), line("人民路12号", 200, 275),
             line("公民身份号码", 50, 420), line("44060419850307123８", 300, 420)]
    assert read_front(rows_of(boxes)) == {"name": "张伟", "sex": "男", "nation": "汉", "birth": "1985-03-07",
                                          "address": "广东省佛山市禅城区人民路12号", "id_number": "440604198503071238"}


def test_a_back_with_colons():
    boxes = [line("中华人民共和国", 200, 40), line("签发机关：佛山市公安局", 60, 300),
             line("有效期限：2016.03.07-长期", 60, 360)]
    assert read_back(rows_of(boxes)) == {"issuing_authority": "佛山市公安局", "valid_from": "2016-03-07",
                                         "valid_until": "长期"}


def test_a_licence_in_two_columns_splits_at_its_labels():
    boxes = [line("营业执照", 500, 30), line("统一社会信用代码", 60, 120), line("91440604MA4UL3XK28", 60, 160),
             line("名称 佛山市一门有限公司", 60, 240), line("注册资本 壹佰万元", 800, 240),
             line("类型", 60, 300), line("有限责任公司(自然人独资)", 200, 300),
             line("成立日期 2019年5月20日", 800, 300),
             line("法定代表人 李明", 60, 360), line("住所", 800, 360), line("佛山市禅城区季华五路", 920, 360),
             line("经营范围 软件开发", 60, 420), line("10号", 920, 410)]
    assert read_licence(rows_of(boxes)) == {
        "uscc": "91440604MA4UL3XK28", "company_name": "佛山市一门有限公司", "legal_representative": "李明",
        "company_type": "有限责任公司（自然人独资）", "established": "2019-05-20",
        "address": "佛山市禅城区季华五路10号"}
