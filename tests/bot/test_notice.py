"""The one-time complete notice and how it is cut for each channel."""

from bot.notice import one_time_notice


def test_notice_tells_everything_once(catalog):
    item = catalog.item("resident_pension_enroll")
    text = one_time_notice(item, catalog).text
    for heading in ("所需材料", "办理条件", "办理地点", "办理时限", "收费标准", "网上办理", "办理流程"):
        assert heading in text
    for material in item.materials:
        assert material.name in text
    first = item.materials[0]
    assert f"{first.count}份" in text
    for hall in catalog.halls_for(item):
        assert hall.address in text
    assert item.fee in text
    assert "下一步" in text


def test_materials_say_original_or_copy_and_reuse(catalog):
    item = catalog.item("marriage_registration")
    text = one_time_notice(item, catalog, situation=item.situations[0].code).text
    assert "原件" in text
    if any(m.reusable for m in item.materials_for(item.situations[0].code)):
        assert "复用" in text


def test_an_aspect_is_answered_first_and_the_rest_still_told(catalog):
    item = catalog.item("passport")
    reply = one_time_notice(item, catalog, aspect="fee")
    assert reply.text.startswith(f"【{item.name}】收费标准")
    assert reply.text.index(item.fee) < reply.text.index("所需材料")
    assert reply.sections[0][0] == "收费标准"


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
    listed = one_time_notice(item, catalog, aspect="process").sections[1][1]
    for material in item.materials:
        assert material.name in listed  # nothing a citizen might need is left out
    for situation in item.situations:
        if any(situation.code in m.when for m in item.materials):
            assert f"如属“{situation.name}”" in listed
