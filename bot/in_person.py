""""要本人去吗", "我替他去办行不行": who must come, and what someone going for them brings.

Read from the item: conditions that speak of coming in person or by proxy (双方必须亲自到场，
不可代办), a situation for a proxy (子女或他人代办) with the materials it adds, or materials that
name a proxy (委托书, 代办人身份证). When the catalog says nothing, the answer says so and gives
the hall's phone rather than guessing.
"""

from __future__ import annotations

import re

from catalog import Catalog, Item

from .material_question import asked_material
from .reply import Reply
from .turn import Turn

ASKED = re.compile(r"本人(?:去|来|到场|亲自|过去|过来|抱过去|到|要去|一定要)|亲自|代办|代领|替(?:他|她|我|人|佢)|"
                   r"(?:让|叫|请|找|等|畀|俾)(?:我)?(?:老公|老婆|爱人|家人|家里人|屋企人|女儿|儿子|子女|仔|女|亲戚|朋友|别人|"
                   r"他人|孩子|父母|爸爸?|妈妈?|老豆|老母)[^，。？?]{0,4}(?:帮|替|代|去)|我帮(?:佢|他|她)|帮(?:佢|他|她)去|"
                   r"帮(?:他|她|人|佢)(?:去)?(?:办|领|交)|代替|委托|使唔使.{0,3}本人|要.{0,3}本人|"
                   r"(?:两|2|二)个人都要|都要(?:去|来|到场)|一齐去|一起去|别人(?:去|帮)|家人(?:去|帮)|"
                   r"(?:我|自己)?一个人(?:去|来|过去|办)?(?:行|可以|得|能|够)|单独(?:去|来|办)|"
                   r"(?:孩子|小孩|宝宝|老人|他|她|佢)(?:能不能|可不可以|可以|能)不(?:用)?(?:去|来|到场|过去)|"
                   r"(?:孩子|小孩|宝宝|老人)(?:要|需要|得|用不用|要不要|使唔使)(?:一起|一齐)?(?:去|来|到场|抱过去|带过去|过去)|"
                   r"抱(?:过去|去|来|过来)|"
                   r"(?:老公|老婆|爱人|老伴|家里人|屋企人|女儿|儿子|子女|亲戚|朋友|他人|父母|爸爸?|妈妈?)"
                   r"(?:帮我|替我|代我)?(?:去|来|过去)(?:办|领|拿|交)?(?:可以|行|得|能|吗|么|不)")
IN_PERSON = re.compile(r"本人|亲自|到场|代办|委托|代为|代理")
PROXY = re.compile(r"代办|委托|受托|代理")
PROXY_WORDS = re.compile(r"帮(?:他|她|佢)|替(?:他|她|佢)|代(?:他|她|佢)")


def asks_in_person(text: str) -> bool:
    return ASKED.search(text) is not None


def asked(turn: Turn) -> Item | None:
    """The item whose in-person rule is asked about, if the message asks it (要带委托书吗 is a
    material's question; 约明天让我老公去 a booking)."""
    u = turn.u
    item = turn.catalog.item(u.item or turn.state.item or "")
    if item is None or not asks_in_person(turn.text) or asked_material(turn.text):
        return None
    booking_words = u.intent == "book_appointment" and bool(u.date or u.time or u.hall)
    on_behalf = u.intent == "cancel_appointment" and PROXY_WORDS.search(turn.text) is not None  # 他去不了，我帮他办
    asking = u.intent in ("ask_guide", "out_of_scope", "book_appointment") or on_behalf
    return item if asking and not booking_words else None


def in_person_answer(item: Item, catalog: Catalog) -> str:
    said = [c for c in item.conditions if IN_PERSON.search(c)]
    proxy_situations = [s for s in item.situations if PROXY.search(s.name + " ".join(s.aliases))]
    proxy_materials = [m.name for m in item.materials
                       if PROXY.search(m.name) or any(s.code in m.when for s in proxy_situations)]
    lines = [f"【{item.name}】"]
    if said:
        lines.append("；".join(said) + "。")
        if not any(re.search(r"本人|亲自|到场", c) for c in said) and not proxy_materials:
            lines.append("其他情况一般需要本人到场办理。")  # only the guardian of a child is written
    if proxy_materials:
        lines.append(f"可以由他人代办，代办的另带：{'、'.join(dict.fromkeys(proxy_materials))}。")
    elif not said:
        phone = catalog.halls_for(item)[0].phone if catalog.halls_for(item) else ""
        lines.append(f"办事指南没有写明可以代办，一般需要本人到场。要找人代办，请先致电大厅确认：{phone}。")
    return "".join(lines)


def answer(item: Item, catalog: Catalog) -> Reply:
    return Reply.plain(in_person_answer(item, catalog) + "\n下一步：完整材料回复“要带什么”；要预约请回复“预约”。")
