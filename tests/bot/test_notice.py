"""The one-time notice: a first message that fits a phone screen, the rest on offer by number."""

import statistics

from bot.notice import MORE_LABELS, more_options, one_time_notice, section


def first_messages(catalog):
    for item in catalog.items.values():
        for situation in [s.code for s in item.situations] or [None]:
            more = more_options(item, situation)
            yield item, situation, one_time_notice(item, catalog, situation=situation, more=more)


def test_the_first_message_fits_one_phone_screen(catalog):
    lengths = [len(reply.full_text()) for _, _, reply in first_messages(catalog)]
    assert max(lengths) <= 350
    assert statistics.median(lengths) <= 300


def test_the_first_message_tells_what_to_act_on(catalog):
    for item, situation, reply in first_messages(catalog):
        text = reply.full_text()
        for material in item.materials_for(situation):  # every material of the situation, with its count
            assert f"{material.name}（" in text and f"{material.count}份" in text
        assert "办理地点" in text and "办理时限" in text and item.fee in text and "预约" in text
        for hall in catalog.halls_for(item):
            assert hall.address not in text  # addresses are on offer, not in the way
        assert [c.label for c in reply.choices][-1] == "预约"
        assert [h for h, _ in reply.sections] == ["所需材料", "办理地点", "办理时限", "收费标准"]


def test_the_rest_is_on_offer_and_each_part_tells_it_all(catalog):
    item = catalog.item("resident_medical_insurance")
    codes = more_options(item, None)
    reply = one_time_notice(item, catalog, more=codes)
    assert [c.label for c in reply.choices] == [MORE_LABELS[c] for c in codes]
    assert {"conditions", "location", "process", "online", "fee", "book"} <= set(codes)
    told = {code: section(code, item, catalog, None) for code in codes if code != "book"}
    assert all(c in told["conditions"] for c in item.conditions)
    assert all(h.address in told["location"] for h in catalog.halls_for(item))
    assert all(step in told["process"] for step in item.process)
    assert all(amount in told["fee"] for amount in item.amounts)


def test_a_fee_question_is_answered_with_the_amounts(catalog):
    item = catalog.item("unemployment_benefit")
    assert item.amounts
    reply = one_time_notice(item, catalog, aspect="fee", brief=True)
    assert item.fee in reply.text
    assert all(amount in reply.text for amount in item.amounts)


def test_materials_say_original_or_copy_and_the_notes_say_reuse(catalog):
    item = catalog.item("marriage_registration")
    situation = item.situations[0].code
    assert "原件" in one_time_notice(item, catalog, situation=situation).text
    if any(m.reusable for m in item.materials_for(situation)):
        assert "materials" in more_options(item, situation)
        assert "复用" in section("materials", item, catalog, situation)


def test_an_aspect_is_answered_first_and_the_rest_still_told(catalog):
    item = catalog.item("passport")
    reply = one_time_notice(item, catalog, aspect="fee", more=more_options(item, None, asked="fee"))
    assert reply.text.startswith(f"【{item.name}】收费标准")
    assert reply.text.index(item.fee) < reply.text.index("所需材料")
    assert reply.sections[0][0] == "收费标准"
    assert "办理时限" in reply.text and "办理地点" in reply.text


def test_the_kiosks_own_hall_comes_first(catalog):
    here = catalog.hall("zumiao")
    item = next(i for i in catalog.items.values() if len(i.halls) == len(catalog.halls))
    reply = one_time_notice(item, catalog, here=here)
    assert reply.text.split("\n")[1].startswith(f"办理地点：本厅（{here.name}）可以办理")
    assert "本厅" in reply.speech
    elsewhere = next(i for i in catalog.items.values() if "zumiao" not in i.halls)
    assert "本厅不办理" in one_time_notice(elsewhere, catalog, here=here).text
    where = one_time_notice(item, catalog, aspect="location", brief=True, here=here).sections[0][1]
    assert where.split("\n")[0].startswith(f"· 本厅：{here.name}")


def test_duration_distinguishes_on_the_spot_from_promised_days(catalog):
    spot = next(i for i in catalog.items.values() if i.on_the_spot)
    later = next(i for i in catalog.items.values() if not i.on_the_spot and i.promised_days)
    assert "当场办结" in one_time_notice(spot, catalog, aspect="duration").sections[0][1]
    assert f"承诺{later.promised_days}个工作日" in one_time_notice(later, catalog, aspect="duration").sections[0][1]


def test_situations_change_the_material_list(catalog):
    item = catalog.item("newborn_hukou")
    lists = {s.code: one_time_notice(item, catalog, situation=s.code).sections[0][1] for s in item.situations}
    assert len(set(lists.values())) > 1


def test_without_a_situation_the_notice_says_what_each_situation_adds(catalog):
    item = catalog.item("id_card_replacement")
    listed = dict(one_time_notice(item, catalog, aspect="process").sections)["所需材料"]
    for material in item.materials:
        assert material.name in listed  # nothing a citizen might need is left out
    for situation in item.situations:
        if any(situation.code in m.when for m in item.materials):
            assert f"如属“{situation.name}”" in listed
