"""Classes of messages, not sentences: each test holds one pattern of intents/data/*.yaml or
intents/nlu.py with sentences written for it (none of them is in an evaluation set), and with
near misses that the pattern must leave alone."""

from __future__ import annotations

from datetime import date

import pytest

NONE = object()  # "any aspect"


def check(ask, text: str, intent: str, item: str | None, aspect: object = NONE) -> None:
    u = ask(text)
    got = (u.intent, u.item) if aspect is NONE else (u.intent, u.item, u.aspect)
    want = (intent, item) if aspect is NONE else (intent, item, aspect)
    assert got == want, f"{text}: {u}"


# News, markets, opinions and trivia about a policy's world are off topic, even when they
# name an item; a real guide question about the same item is not.
@pytest.mark.parametrize(("text", "intent", "item"), [
    ("今年低保标准涨了没有", "out_of_scope", None),
    ("退休金明年会涨吗", "out_of_scope", None),
    ("生果金今年涨了多少", "out_of_scope", None),
    ("公积金存款利息是多少", "out_of_scope", None),
    ("存款利率下调了没有", "out_of_scope", None),
    ("禅城哪个小区比较好", "out_of_scope", None),
    ("护照照片拍得好看一点有什么技巧", "out_of_scope", None),
    ("身份证号最后一位x是什么意思", "out_of_scope", None),
    ("驾驶证编号怎么看出是哪里发的", "out_of_scope", None),
    ("护照上的拼音怎么写", "out_of_scope", None),
    # near misses: a how-to, a price, a place
    ("养老金涨了 退休金怎么领", "ask_guide", "retirement_pension"),
    ("护照上的名字写错了怎么办", "ask_guide", "passport"),
    ("护照去哪个区办比较好", "ask_guide", "passport"),
    ("低保是什么意思", "ask_guide", "subsistence_allowance"),
])
def test_knowledge_and_news_are_off_topic(ask, text: str, intent: str, item: str | None) -> None:
    check(ask, text, intent, item)


# An old person (80+, with or without 岁) and an allowance: the senior allowance.
@pytest.mark.parametrize(("text", "aspect"), [
    ("我奶奶九十多了 有什么补贴吗", NONE),
    ("老爸今年八十二了 政府有钱发吗", NONE),
    ("两老都85岁了 听说有长寿金 去哪领", "location"),
    ("外婆今年刚满80岁 要去哪里申请补贴", "location"),
    ("老人家满八十有什么福利", NONE),
    ("家里老人有补贴可以领吗", NONE),
    ("我妈九十了 能领长寿金吗", "conditions"),
])
def test_seniors_and_allowances(ask, text: str, aspect: object) -> None:
    check(ask, text, "ask_guide", "elderly_allowance", aspect)


def test_a_birth_year_is_no_age(ask) -> None:
    assert ask("爸爸89年出生的").item != "elderly_allowance"


# A disaster at home: temporary assistance.
@pytest.mark.parametrize("text", [
    "家里着火了 东西都烧光了 怎么申请救助",
    "台风把房子吹塌了 政府能帮一下吗",
    "屋企水浸咗 有冇补助",
    "家里遭了水灾 有没有救济",
])
def test_disasters_ask_for_temporary_assistance(ask, text: str) -> None:
    check(ask, text, "ask_guide", "temporary_assistance")


# Handed in N days ago, or N days and still nothing: the application's progress. Months of
# contributions (交了三个月社保) are no application.
@pytest.mark.parametrize(("text", "intent", "item"), [
    ("港澳通行证申请了半个月了还没通知", "track_progress", "hk_macao_permit"),
    ("护照材料交了两个星期了 什么时候能拿", "track_progress", "passport"),
    ("营业执照递上去三天了", "track_progress", "company_registration"),
    ("我申请了低保 三个星期了没消息", "track_progress", "subsistence_allowance"),
    ("低保申请交上去快一个月了", "track_progress", "subsistence_allowance"),
    ("公积金提取申请十多天了还没到账", "track_progress", "housing_fund_withdrawal"),
    ("我等了五天了 护照还没好", "track_progress", "passport"),
    ("申请三天了还没动静", "track_progress", None),
    ("我嘅护照整好未", "track_progress", "passport"),
    ("居住证弄好了没有", "track_progress", "residence_permit"),
    # near misses: asking how long, and contributions
    ("居住证办好要几天", "ask_guide", "residence_permit"),
    ("我交了三个月社保 能领失业金吗", "ask_guide", "unemployment_benefit"),
    ("公积金交了两个月可以提吗", "ask_guide", "housing_fund_withdrawal"),
])
def test_elapsed_time_since_applying_is_progress(ask, text: str, intent: str, item: str | None) -> None:
    check(ask, text, intent, item)


# Asking about bookings already made (约了几个 / 帮我约的是几点) is no new booking.
@pytest.mark.parametrize(("text", "intent"), [
    ("我总共约了几个", "query_appointment"),
    ("我约了哪些号", "query_appointment"),
    ("我目前约了什么", "query_appointment"),
    ("帮我看看我约了什么时候", "query_appointment"),
    ("帮我爸约的那个号是几点", "query_appointment"),
    ("你们帮我约的结婚登记在哪个大厅", "query_appointment"),
    ("帮我约的号是不是明天", "query_appointment"),
    ("之前约的那个是在哪个大厅", "query_appointment"),
    # near misses: new bookings, for oneself or someone else
    ("帮我妈约个号办社保卡", "book_appointment"),
    ("我想约明天去办护照", "book_appointment"),
    ("我是开网约车的 可以交医保吗", "ask_guide"),
])
def test_existing_bookings(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text


# Asking WHAT to hand in is a guide question (materials); asking us to check what I have,
# or whether what I have is enough, is a pre-check.
@pytest.mark.parametrize(("text", "intent", "item", "aspect"), [
    ("办残疾证要提交哪些资料", "ask_guide", "disability_certificate", "materials"),
    ("开无犯罪证明要准备些什么东西 复印件可以吗", "ask_guide", "no_criminal_record", "materials"),
    ("要提交什么资料", "ask_guide", None, "materials"),
    ("低保需要什么资料 交到哪里", "ask_guide", "subsistence_allowance", "materials"),
    ("身份证已经有了 港澳通行证还要什么材料", "ask_guide", "hk_macao_permit", "materials"),
    ("身份证 户口本 照片都准备好了 还差什么吗", "precheck_materials", None, None),
    ("复印件 照片 申请表都带齐了 够不够", "precheck_materials", None, None),
    ("你帮我看一下这些资料行了吗", "precheck_materials", None, None),
    ("材料我都准备好了 你帮我看下行吗", "precheck_materials", None, None),
    ("我提交的资料齐了吗", "precheck_materials", None, None),
    ("我拍了照片发给你 看看合不合格", "precheck_materials", None, None),
])
def test_what_to_bring_versus_check_mine(ask, text: str, intent: str, item: str | None, aspect: str | None) -> None:
    check(ask, text, intent, item, aspect)


# Cannot type, wants a voice or a person; but someone to act for me is no agent.
@pytest.mark.parametrize(("text", "intent"), [
    ("我眼睛不好 打字太慢 能不能找个人跟我说", "human_agent"),
    ("我不识字 有没有人可以听电话", "human_agent"),
    ("能不能给我回个电话", "human_agent"),
    ("我不会用手机打字 能不能打电话给你们", "human_agent"),
    ("我年纪大了 看不清字 找个人帮我", "human_agent"),
    ("有没有人工电话", "human_agent"),
    ("kefu在吗", "human_agent"),
    ("ren gong", "human_agent"),
    ("无犯罪证明可以找人代办吗", "ask_guide"),
    ("打了好几次电话都没人接 什么服务", "complaint"),
])
def test_voice_and_people(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text


# Hours in a queue, one window open, bad service: a complaint.
@pytest.mark.parametrize("text", [
    "等了三个多小时还没叫到号",
    "排队排了一个多钟头 什么效率",
    "十几个人排队只开两个窗口",
    "窗口就开一个 排了两个半小时",
    "排了三个小时 最后说材料不对",
])
def test_waiting_hours_is_a_complaint(ask, text: str) -> None:
    assert ask(text).intent == "complaint", text


# Pinyin and English typed among Chinese; vocatives and runs of thanks words.
@pytest.mark.parametrize(("text", "intent"), [
    ("别再send我sms了", "unsubscribe_reminder"),
    ("不要发message给我", "unsubscribe_reminder"),
    ("please don't send me messages", "unsubscribe_reminder"),
    ("quxiao yuyue", "cancel_appointment"),
    ("帅哥你好", "greet"),
    ("美女在吗", "greet"),
    ("你好 靓仔", "greet"),
    ("好的 明白了", "thanks"),
    ("行 知道了 没问题", "thanks"),
    ("嗯嗯 明白", "thanks"),
])
def test_mixed_scripts_and_social_words(ask, text: str, intent: str) -> None:
    assert ask(text).intent == intent, text


# A job is no off-topic word: 跑外卖的 / 送快递的 ask about services; ordering food does not.
@pytest.mark.parametrize(("text", "intent", "item"), [
    ("送快递的可以交居民养老保险吗", "ask_guide", "resident_pension_enroll"),
    ("我是跑外卖的 能办居住证吗", "ask_guide", "residence_permit"),
    ("快递到了没", "out_of_scope", None),
])
def test_jobs_are_not_off_topic(ask, text: str, intent: str, item: str | None) -> None:
    check(ask, text, intent, item)


# Items named only to be set aside: 除了X, X已经有了 还要…, a reason (以后读书方便), 注销X.
@pytest.mark.parametrize(("text", "item"), [
    ("营业执照已经办好了 还要办食品许可证吗", "food_business_license"),
    ("身份证办好了 还要办社保卡吗", "social_security_card"),
    ("除了低保 还有什么补贴可以领", None),
    ("注销营业执照去哪里办", None),
    ("想注销公司 怎么办", None),
    # near misses: the only item named stays
    ("营业执照办好了 下一步要办什么", "company_registration"),
    ("护照办好了没", "passport"),
])
def test_items_set_aside(ask, text: str, item: str | None) -> None:
    u = ask(text)
    assert u.item == item and u.intent in ("ask_guide", "track_progress"), f"{text}: {u}"


# Two items named equally well and apart: the later one is asked about; a life situation that
# contains another item's name (外地户口…上一年级, 狗狗…年审) is more specific than the name.
@pytest.mark.parametrize(("text", "item"), [
    ("退休了还能提公积金吗", "housing_fund_withdrawal"),
    ("我家的狗狗有九岁了 要年审吗", "dog_registration"),
    ("孩子9月上一年级 户口不在这边能读吗", "points_school_admission"),
    ("孩子明年想上公办小学 要什么条件", "primary_school_enroll"),
    ("新车开了两年 要去检测站吗", "vehicle_inspection"),
    ("私家车用了十年了 年检多久一次", "vehicle_inspection"),
    ("我妈在老家住院自己垫了两万多 回来怎么报", "medical_reimbursement"),
    ("出院时医院说没法直接结算 钱怎么拿回来", "medical_reimbursement"),
    ("营业执照要加一项经营范围", "business_license_change"),
])
def test_which_item(ask, text: str, item: str) -> None:
    check(ask, text, "ask_guide", item)


# The aspect is the question asked, not a topic word told on the way (交了资料以后多久… is
# about time; 听说法律援助免费 在哪里申请 is about place); a may-I question yields to a more
# concrete one (可以网上办吗: online; 可以申请吗 要怎么申请: process).
@pytest.mark.parametrize(("text", "item", "aspect"), [
    ("外地人能在这边办居住证吗", "residence_permit", "conditions"),
    ("身份证可以在广州补办吗", "id_card_replacement", "conditions"),
    ("准生证现在补还来得及吗", "birth_registration", "conditions"),
    ("狗证一定要本人去办吗", "dog_registration", "conditions"),
    ("结婚证能在外地领吗", "marriage_registration", "conditions"),
    ("驾照可以提前换吗", "driver_license_renewal", "conditions"),
    ("新生儿入户可以随爸爸吗", "newborn_hukou", "conditions"),
    ("我能在网上办居住证吗", "residence_permit", "online"),
    ("交了材料以后多久能批下来 医保报销", "medical_reimbursement", "duration"),
    ("补办身份证几天能好", "id_card_replacement", "duration"),
    ("法律援助是不是免费的", "legal_aid", "fee"),
    ("听说法律援助免费 在哪里申请", "legal_aid", "location"),
    ("身份证过期好几天了 去哪换", "id_card_renewal", "location"),
    ("哪个网点办社保卡", "social_security_card", "location"),
    ("公司搬了新地址 执照怎么改", "business_license_change", "process"),
    ("失业金要怎么去领", "unemployment_benefit", "process"),
    ("卖二手房需要哪些手续", "property_transfer", "process"),
    ("残疾证点搞", "disability_certificate", "process"),
    ("低保听说免费办 流程是怎样的", "subsistence_allowance", "process"),
    ("有什么补贴可以申请吗 要怎么申请 我是残疾人", "disability_certificate", "process"),
    ("退休手续办完多久能发钱", "retirement_pension", "duration"),
    ("年报在哪个平台填", "annual_report", "online"),
    ("港澳签注一次多少钱", "hk_macao_permit", "fee"),
    ("低保一个月能领多少", "subsistence_allowance", "fee"),  # answered with the amounts
    ("居民医保每年交多少钱", "resident_medical_insurance", "fee"),
    ("失业金每个月有几多钱", "unemployment_benefit", "fee"),
    ("失业保险金能领多少", "unemployment_benefit", "fee"),
    ("高龄津贴一个月几多钱", "elderly_allowance", "fee"),
    ("养老保险要交满多少年", "resident_pension_enroll", "conditions"),
    ("户口迁入要满足什么条件 在哪里办", "hukou_transfer", "conditions"),
])
def test_aspect_is_the_question_asked(ask, text: str, item: str, aspect: str) -> None:
    check(ask, text, "ask_guide", item, aspect)


# Halls: 区中心 is the district centre; 派出所还是行政服务中心 names a kind of place; an
# off-topic message keeps no hall, but a bare hall name (an answer) keeps it.
def test_halls_named_and_not(ask) -> None:
    assert ask("区中心几点开门").hall == "district_center"
    u = ask("明天去区大厅办护照")
    assert (u.intent, u.hall, u.date) == ("book_appointment", "district_center", date(2026, 11, 26))
    assert ask("新生儿上户口去派出所还是行政服务中心").hall is None
    assert ask("社区中心在哪").hall is None
    u = ask("禅城区区长是谁")
    assert (u.intent, u.hall) == ("out_of_scope", None)
    assert ask("区行政服务中心").hall == "district_center"
    assert ask("办事大厅电话多少").intent == "ask_guide"


# Cantonese 点 + verb asks how; 点 after a number or 早/快 is a time or an amount.
@pytest.mark.parametrize(("text", "normalised"), [
    ("居住证点办", "居住证怎么办"),
    ("残疾证点搞", "残疾证怎么搞"),
    ("三点去", "三点去"),
    ("早点办", "早点办"),
    ("哪个网点办", "哪个网点办"),
])
def test_cantonese_dian_plus_verb(nlu, text: str, normalised: str) -> None:
    assert nlu.normalizer.normalise(text) == normalised
