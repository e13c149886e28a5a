"""The guide skill: which item, which situation, then the one-time complete notice."""

from __future__ import annotations

import re
from dataclasses import replace

from catalog import Catalog, Hall, Item
from intents import Nlu, Option, Understanding, pick_answer, understand_memoised
from intents.numerals import parse_number

from .dialog import DialogState
from .in_person import answer as in_person_answer
from .in_person import asks_in_person
from .material_question import answer_material, asked_material, lists_material
from .notice import HEADINGS, MORE_LABELS, material_line, more_options, one_time_notice
from .reply import Choice, Reply
from .reuse import offer_reuse
from .turn import Turn

MAX_CHOICES = 3
CLOSE = 8.0  # candidates within this many points of the best are worth asking about


def numbered(labels: list[str]) -> tuple[Choice, ...]:
    return tuple(Choice(label, str(n)) for n, label in enumerate(labels, 1))


def close_candidates(u: Understanding) -> list[str]:
    """Items close enough to the best that the citizen should pick; one or none: no question."""
    if not u.candidates:
        return []
    best = u.candidates[0][1]
    close = [code for code, score in u.candidates if best - score <= CLOSE][:MAX_CHOICES]
    ambiguous = getattr(u, "ambiguous", len(close) > 1)
    return close if ambiguous and len(close) > 1 else []


def situations_matter(item: Item) -> bool:
    """True when the materials differ between the item's situations (办事情形)."""
    return len({item.materials_for(s.code) for s in item.situations}) > 1


def situation_options(item: Item) -> list[Option]:
    return [Option(s.code, (*s.phrases(), *((s.description,) if s.description else ()))) for s in item.situations]


def situation_in(text: str, item: Item, nlu: Nlu, *, whole: bool = False) -> str | None:
    """The 办事情形 the citizen's words name: "外省户籍", "户口是湖南的", "我是投靠她", or a child's
    age under the one a situation names ("他才5岁" → 为未满16周岁的孩子申领)."""
    return pick_answer(nlu, text, situation_options(item), whole=whole) or child_situation(text, item)


AGE_SAID = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:周)?岁")
UNDER_AGE = re.compile(r"未满(\d{1,2})周?岁")


def child_situation(text: str, item: Item) -> str | None:
    """The one situation for children under an age ("未满16周岁") that the age said falls in."""
    said = AGE_SAID.search(text)
    age = parse_number(said.group(1)) if said else None
    if age is None:
        return None
    fits = [s.code for s in item.situations
            if (limit := UNDER_AGE.search(s.name + (s.description or ""))) and age < int(limit.group(1))]
    return fits[0] if len(fits) == 1 else None


def item_in(text: str, codes: list[str], catalog: Catalog, nlu: Nlu) -> str | None:
    """Which of the items offered (or close in the NLU's reading) the citizen's words name, by the
    words of its name or short name that the others lack: 营业执照变更 is the change, not the set-up."""
    options = [Option(c, (catalog.items[c].name, catalog.items[c].short_name)) for c in codes if c in catalog.items]
    return pick_answer(nlu, text, options)


def offer_items(state: DialogState, codes: list[str], catalog: Catalog, aspect: str | None, topic: str = "") -> Reply:
    """The items to choose from; a bare topic ("社保", "驾照") is named in the question."""
    state.offer("item", codes)
    state.aspect = aspect
    labels = [catalog.items[c].name for c in codes]
    about = f"和“{topic}”有关的事项有这些，" if topic else ""
    return Reply(text=f"{about}您想办的是哪一项？请回复序号：", choices=numbered(labels))


# How a kind of material is named when each situation words its own (双方本人有效居民身份证 / 内地居民
# 一方的有效居民身份证): what every situation needs, told before the question
KIND_NAMES = {"id_card": "居民身份证", "household_register": "户口簿", "photo": "照片", "bank_card": "银行卡"}


def every_situation_needs(item: Item) -> list[str]:
    """The kinds of material each situation asks for in its own words, e.g. "居民身份证（按情形）"."""
    if not item.situations:
        return []
    common_types = {m.type for m in item.materials_for(None)}
    per_situation = [{m.type for m in item.materials if m.when and s.code in m.when} for s in item.situations]
    shared = set.intersection(*per_situation) - common_types
    return [f"{KIND_NAMES[t]}（按情形）" for t in KIND_NAMES if t in shared]


def offer_situations(state: DialogState, item: Item) -> Reply:
    """Which situation applies, with what every situation needs told first: a citizen asking what
    to bring hears the common materials at once, not only a question back."""
    state.offer("situation", [s.code for s in item.situations])
    common = [m.name for m in item.materials_for(None)] + every_situation_needs(item)
    told = f"都要带：{'、'.join(common)}。\n另外，" if common else ""
    return Reply(
        text=f"【{item.name}】{told}不同情形要带的材料不同，请问您是哪种情形？请回复序号：",
        choices=numbered([s.name for s in item.situations]),
    )


def aspect_of_the_choice(turn: Turn) -> bool:
    """"要多久" while the items are on screen: which item is still the question; the aspect is kept."""
    u = turn.u
    if turn.state.awaiting == "item" and u.intent == "ask_guide" and u.item is None and u.aspect:
        turn.state.aspect = u.aspect
        return True
    return False


async def follow_up(turn: Turn, aspect: str) -> Reply:
    """A question about the item under discussion that the NLU did not read as one ("多久能拿到新证")."""
    item = turn.catalog.item(turn.state.item or "")
    if item is None:
        return Reply.plain("请问您想办哪项业务？说出事项就行，如“换身份证”“办护照”“申请低保”。")
    return guide_item(item, turn.state, aspect, turn.text, turn)


def repeat_choices(turn: Turn) -> Reply:
    state, catalog = turn.state, turn.catalog
    if state.awaiting == "situation" and state.item in catalog.items and REPEAT.search(turn.text):
        return offer_situations(state, catalog.items[state.item])  # 你再说一遍: the whole question again
    if state.awaiting == "situation" and state.item in catalog.items:
        item = catalog.items[state.item]
        labels = [s.name for s in item.situations if s.code in state.options]
    elif state.awaiting == "notice_more":
        labels = [MORE_LABELS[c] for c in state.options if c in MORE_LABELS]
    else:
        labels = [catalog.items[c].name for c in state.options if c in catalog.items]
    return Reply(text=f"请回复序号 1 到 {len(labels)} 中的一个；想问别的事，直接说就行。", choices=numbered(labels))


def answer_choice(turn: Turn) -> Reply | None:
    """The citizen answered the numbered question on screen; None when this is not an answer."""
    state, text, number, u, catalog = turn.state, turn.text, turn.number, turn.u, turn.catalog
    if state.awaiting == "item":
        if number is None and names_an_item(u) and u.item not in state.options:
            return None  # 结婚登记要带啥 with other items on screen: a new question
        picked = (state.choose(number) or (u.item if u.item in state.options else None)
                  or item_in(text, state.options, catalog, turn.assistant.nlu))
        if picked is None and u.intent == "ask_guide" and u.item is None and u.aspect in HEADINGS:
            return ask_which_item_first(state, u.aspect or "general", catalog)  # "要多久？" before choosing: kept
        if picked is None or picked not in catalog.items:
            return None
        state.settle()
        return guide_item(catalog.items[picked], state, state.aspect or "general", text, turn)
    if state.awaiting == "situation" and state.item in catalog.items:
        item = catalog.items[state.item]
        said = situation_in(text, item, turn.assistant.nlu)
        if (number is None and names_an_item(u) and u.item != item.code and not says_a_situation(text, item)
                and (said is None or CORRECTED.search(text))):
            return None  # 哦不是到期，是我驾照弄丢了: another item, not a situation of this one
        picked = state.choose(number) or said
        if picked is None:
            return None
        state.settle()
        state.situation = picked
        return notice(item, state, state.aspect or "general", turn)
    if state.awaiting == "notice_more" and state.item in catalog.items:
        return tell_more(turn, catalog.items[state.item])
    return None


def ask_which_item_first(state: DialogState, aspect: str, catalog: Catalog) -> Reply:
    state.aspect = aspect
    labels = [catalog.items[c].name for c in state.options if c in catalog.items]
    return Reply(text=f"好的，告诉您{HEADINGS[aspect]}。请先选是哪一项，回复序号：", choices=numbered(labels))


def tell_more(turn: Turn, item: Item) -> Reply | None:
    """A number for the rest of the notice: that aspect, with the same offer again; 预约 books."""
    state = turn.state
    picked = state.choose(turn.number)
    if picked is None and turn.u.intent == "out_of_scope" and not turn.u.item:  # words not understood
        return own_words_after_notice(turn, item)
    if picked is None and not names_an_item(turn.u):  # "我户口在湖南": the notice for that situation
        return other_situation(turn, item)
    if picked is None:
        return None  # words: another question, answered as such
    if picked == "book":  # the booking skill takes it from here, for this item
        state.settle()
        turn.u = replace(turn.u, intent="book_appointment", item=item.code, number=None, candidates=(),
                         ambiguous=False)
        return None
    return one_time_notice(item, turn.catalog, aspect=picked, situation=state.situation, brief=True,
                           here=own_hall(turn), more=state.options)


CORRECTED = re.compile(r"不是|不对|搞错|说错|弄错|错了|唔系")


def named_in(text: str, item: Item) -> bool:
    """The item's name, short name or an alias (two characters or more) is in the text."""
    return any(n in text for n in (item.name, item.short_name, *item.aliases) if len(n) >= 2)


def says_a_situation(text: str, item: Item) -> bool:
    """A situation of the item named in its own words (a phrase of two characters or more)."""
    return any(phrase in text for s in item.situations for phrase in s.phrases() if len(phrase) >= 2)


def names_an_item(u: Understanding) -> bool:
    """The message names one item clearly (not a guess among close ones)."""
    return u.item is not None and not u.ambiguous


def other_situation(turn: Turn, item: Item) -> Reply | None:
    """After a notice, words naming another of the item's situations get that situation's notice."""
    state = turn.state
    if turn.u.aspect not in (None, "general"):  # a question ("能在佛山换吗"), not a situation told
        return None
    if turn.u.intent not in ("ask_guide", "out_of_scope"):  # 那约明天下午四点祖庙: a booking, not a situation
        return None
    situation = situation_in(turn.text, item, turn.assistant.nlu) if item.situations else None
    if situation is None or situation == state.situation:
        return None
    state.situation = situation
    return notice(item, state, "general", turn)


REPEAT = re.compile(r"再(说|讲|讲多|讲返)一(遍|次)|重复一(下|遍|次)|没(看|听)(清|清楚|懂|明白)|冇(睇|听)清"
                    r"|看不懂|听不懂")

# 我是买房子的, 哦，我是外省户口, 她户口是湖南的: the citizen says who they are, not what to do
OWN_CASE = re.compile(r"^(?:哦|噢|喔|嗯|呃|那|啊|好的?|对|系|是)?[，,。\s]*"
                      r"(?:(?:啊|哦)?(?:不对|不是|搞错了|说错了|错了)+[，,。\s]*)?"
                      r"(?:我|我们|我家|他|她|孩子|小孩|老人)(?:老公|老婆|爱人|先生|太太|爸|妈|爸爸|妈妈|儿子|女儿)?"
                      r"(?:一直|本来|原来|其实|都|也|还){0,2}"
                      r"(?:是|系|属于|就是|算|都是|户口|户籍|的户口)")


def tells_own_case(turn: Turn) -> bool:
    """The message describes the citizen's case (我是…) in a situation of the item under discussion:
    that situation, not the item the NLU reads. When the NLU reads an item of its own, the case must
    be said in the situation's own words (我是买房子的: 买房子), not only by elimination among the
    options (孩子没有佛山户口 is no 本区户籍 situation: another item, 积分入学)."""
    u, state = turn.u, turn.state
    if OWN_CASE.search(turn.text) is None or u.intent not in ("ask_guide", "out_of_scope") or u.item == state.item:
        return False
    item = turn.catalog.item(state.item or "")
    if item is None or not item.situations:
        return False
    if u.item is None:
        return True
    said = u.text or turn.text
    if any(phrase in said for s in item.situations for phrase in s.phrases() if len(phrase) >= 2):
        return True
    # 我是佛山户口 / 我一直都是佛山户口的没迁过: a register's place, read by the NLU as 户口迁入 only
    # through 户口, while the other item's own names are not said
    nlu = turn.assistant.nlu
    other = turn.catalog.item(u.item)
    return (other is not None and bool(nlu.places.implied(said)) and REGISTER.search(said) is not None
            and not any(alias in said for alias in (other.name, other.short_name, *other.aliases) if len(alias) >= 3)
            and situation_in(turn.text, item, nlu) is not None)


REGISTER = re.compile(r"户口|户籍")


def material_of_current(turn: Turn) -> Reply | None:
    """要带户口本吗 while 低保 is under discussion: the material asked about belongs to that item, even
    though its name (户口簿) alone points the NLU to another (户口迁入) — unless the rest of the
    message names an item of its own."""
    u, state = turn.u, turn.state
    item = turn.catalog.item(state.item or "")
    if item is None or u.intent != "ask_guide" or u.aspect != "materials" or u.item == item.code:
        return None
    thing = asked_material(turn.text)
    if not thing or not lists_material(item, thing):
        return None
    rest = understand_memoised(turn.assistant.nlu, turn.text.replace(thing, ""), turn.now)
    if rest.item is not None or rest.candidates:
        return None
    return guide_item(item, state, "materials", turn.text, turn)


def situation_told(turn: Turn, aspect: str = "general") -> Reply | None:
    """Words that name a situation of the item under discussion, after something else came
    between ("回到刚才的，我是租房的"), or in the citizen's own words ("我是买房子的"): that
    situation's notice."""
    state = turn.state
    item = turn.catalog.item(state.item or "")
    if item is None or not item.situations:
        return None
    situation = situation_in(turn.text, item, turn.assistant.nlu)
    if situation is None:
        return None
    state.situation = situation
    return notice(item, state, aspect, turn)


def own_words_after_notice(turn: Turn, item: Item) -> Reply:
    """After a notice, words not understood: a situation told in them ("我租屋住嘅") gets its
    notice; anything else, what can be asked about the item, with the offer again."""
    state = turn.state
    if REPEAT.search(turn.text):  # 你说什么 看不懂 再说一遍: the notice again
        return notice(item, state, "general", turn)
    if asks_in_person(turn.text) and not asked_material(turn.text):  # 我替他去办行不行
        return in_person_answer(item, turn.catalog)
    situation = situation_in(turn.text, item, turn.assistant.nlu) if item.situations else None
    if situation is not None and situation != state.situation:
        state.situation = situation
        return notice(item, state, "general", turn)
    if turn.u.asks_about:  # "多久能拿到新证": a question about the item in words the NLU did not expect
        return notice(item, state, turn.u.asks_about, turn)
    return Reply(text=f"关于【{item.name}】，这句我没听明白。可以直接问“要带什么”“在哪办”“要多久”“有什么条件”，"
                      "或回复序号：", choices=numbered([MORE_LABELS[c] for c in state.options if c in MORE_LABELS]))


def own_hall(turn: Turn) -> Hall | None:
    """The hall the message came from (a kiosk's), if the catalog knows it."""
    return turn.catalog.hall(turn.inbound.hall) if turn.inbound.hall else None


def guide_item(item: Item, state: DialogState, aspect: str, text: str, turn: Turn) -> Reply:
    if state.item != item.code:
        state.item, state.situation = item.code, None
    state.aspect = aspect
    thing = asked_material(text) if aspect == "materials" else None
    answered = answer_material(item, state.situation, thing) if thing else None
    if answered is not None:  # 要带户口本吗: yes or no first
        return Reply.plain(f"{answered}\n完整材料清单请回复“要带什么”；要预约请回复“预约”。")
    if aspect in ("general", "materials") and situations_matter(item):
        state.situation = situation_in(text, item, turn.assistant.nlu, whole=True) or state.situation
        if state.situation is None:
            return offer_situations(state, item)
    return notice(item, state, aspect, turn)


def notice(item: Item, state: DialogState, aspect: str, turn: Turn) -> Reply:
    """The notice the first time, the rest on offer by number; after that, a follow-up gets just
    its answer. Mid-booking nothing is offered by number: the booking's question stays open."""
    brief = state.told == item.code and aspect != "general"
    state.told = item.code
    more: list[str] = []
    if not brief and state.booking is None:
        more = more_options(item, state.situation, asked=aspect)
        state.offer("notice_more", more)
    return one_time_notice(item, turn.catalog, aspect=aspect, situation=state.situation, brief=brief,
                           here=own_hall(turn), more=more)


# An item and 呢, nothing else: "那港澳通行证呢", "通行证本身呢" asks what was just asked, about it
ELLIPSIS = re.compile(r"^(?:那|那么|还有|另外|咁)?.{1,12}?(?:的|本身|自己)?(?:呢|嘞|咧|尼)[?？。!！]*$")


def of_the_life_event(turn: Turn) -> str | None:
    """Of the items the message could mean (within CLOSE of the best), the one of the life event
    under discussion: the item on screen, or another item of a bundle that holds it."""
    u, state = turn.u, turn.state
    if not u.candidates or not state.item or u.item == state.item:
        return None
    related = {state.item} | {e.item for b in turn.assistant.events.bundles.values()
                              if state.item in {x.item for x in b.items} for e in b.items}
    best = u.candidates[0][1]
    close = [code for code, score in u.candidates if best - score <= CLOSE]
    if u.item in related or len(close) < 2 and u.item is not None:
        return None  # named within the event already
    if state.item in close:  # the item on screen is as likely as any: it (a follow-up goes to it anyway)
        return state.item if u.item is not None else None
    return next((code for code in close if code in related), None)


async def ask_guide(turn: Turn) -> Reply:
    """The guide skill: "换身份证要带什么", "低保", and follow-ups such as "那要多久"."""
    u, state, text, catalog = turn.u, turn.state, turn.text, turn.catalog
    aspect: str = u.aspect or "general"
    if aspect == "general" and u.item and state.aspect not in (None, "general") and ELLIPSIS.match(text.strip()):
        aspect = state.aspect or aspect  # 护照多少钱 → 港澳通行证呢: the same question about that item
    in_context = of_the_life_event(turn)
    if in_context is not None:  # 上户口要带什么 (a baby just born): the newborn's registration, not 户口迁入
        u = turn.u = replace(u, item=in_context, ambiguous=False, candidates=((in_context, 100.0),))
    if u.item is None:
        if state.item in catalog.items:  # a follow-up: "那要多久？" is about the item under discussion
            return guide_item(catalog.items[state.item], state, aspect, text, turn)
        if len(u.candidates) == 1 and u.candidates[0][0] in catalog.items:  # the only guess: answered, named
            return guide_item(catalog.items[u.candidates[0][0]], state, aspect, text, turn)
        if u.candidates:
            topic = text.strip(" ？?。！!") if len(text.strip(" ？?。！!")) <= 4 else ""
            return offer_items(state, [c for c, _ in u.candidates[:MAX_CHOICES]], catalog, aspect, topic)
        return Reply.plain("请问您想办哪项业务？说出事项就行，如“换身份证”“办护照”“申请低保”。")
    close = close_candidates(u)
    told_apart = item_in(text, close, catalog, turn.assistant.nlu) if len(close) > 1 else None
    if (told_apart and told_apart != u.item and u.item in catalog.items and not asked_material(text)
            and named_in(u.text or text, catalog.items[u.item])):  # 办护照要带结婚证吗: a material, not an item
        told_apart = u.item  # 个体户都要做年报: both named; the NLU's reading (the one asked about) stands
    if len(close) > 1 and told_apart is None:
        return offer_items(state, close, catalog, aspect)
    return guide_item(catalog.items[told_apart or u.item], state, aspect, text, turn)


async def precheck_list(turn: Turn) -> Reply:
    """Before uploads exist: the checklist to go through, item by item."""
    u, state, catalog = turn.u, turn.state, turn.catalog
    code = u.item or state.item
    if code not in catalog.items:
        return Reply.plain("好的，材料预审：请先告诉我要办的事项，如“办护照”“申请低保”，我列出要核对的材料，"
                           "您逐项拍照上传，来大厅前就知道缺不缺。")
    item = catalog.items[code]
    state.item = code
    materials = item.materials_for(state.situation)
    lines = "\n".join(material_line(n, m) for n, m in enumerate(materials, 1))
    send = ("把每样材料拍清楚发给我（一张照片一样），我逐项预审，来大厅前就知道缺不缺。\n"
            if turn.inbound.channel != "robot" else "")
    offered = await offer_reuse(turn, item)  # kept materials of other items: counted only after a yes
    if offered is not None:
        return Reply(text=f"【{item.name}】材料预审，请对照清单逐项核对：\n{lines}\n{send}{offered[0]}",
                     choices=offered[1])
    return Reply.plain(
        f"【{item.name}】材料预审，请对照清单逐项核对：\n{lines}\n{send}"
        "下一步：材料齐全后到大厅任一综合窗口办理；回复“在哪办”查看地址和时间。"
    )


# 先办哪个: a material that is itself what another item gives (a business licence for the food licence)
PRODUCED_BY = {"business_licence": ("business_license_individual", "company_registration"),
               "marriage_certificate": ("marriage_registration",)}
ASKS_ORDER = re.compile(r"先办(哪个|哪样|哪一个|什么|啥|咩)|哪个先(办|弄)?|先后顺序|(办事|办理)?顺序"
                        r"|先(做|搞|弄)(哪个|什么|啥)")


def what_first(turn: Turn) -> Reply | None:
    """Which item comes first for the one under discussion: the items that give one of its materials."""
    item = turn.catalog.item(turn.state.item or "")
    if item is None or ASKS_ORDER.search(turn.u.text or turn.text) is None or turn.u.item not in (None, item.code):
        return None
    before = [turn.catalog.items[code] for m in item.materials for code in PRODUCED_BY.get(m.type, ())
              if code in turn.catalog.items and code != item.code]
    if not before:
        return Reply.plain(f"【{item.name}】不用先办别的事项，材料备齐就可以直接办。\n"
                           "下一步：回复“要带什么”看材料，或回复“预约”。")
    names = "或".join(f"【{b.name}】" for b in dict.fromkeys(before))
    return Reply.plain(f"先办{names}，拿到证照后再办【{item.name}】（它要用到前一件的证照）。\n"
                       f"下一步：回复“{before[0].short_name}要带什么”看第一件的材料。")
