"""Questions about the halls themselves: "张槎大厅在哪里", "你们有哪几个大厅", "南海也是你们管吗".

Everything said comes from the catalog's halls: name, address, phone and hours.
"""

from __future__ import annotations

import re

from catalog import Catalog, Hall, Item

from .notice import hours_text
from .reply import Reply
from .turn import Turn

WHERE = re.compile(r"在哪|在什么地方|在啥地方|什么位置|"
                   r"在那里|在那儿|地址|怎么去|怎么走|(?<![早晚快一几两三四五六七八九十半\d])点(?:去|行)|喺边|系边|在边|位置|哪条路|电话")
WHICH = re.compile(r"(?:哪|边)(?:几|些|啲)(?:个|间)?(?:大厅|服务中心|地方|办事大厅)|几个(?:大厅|服务中心)"
                   r"|大厅有(?:哪|边)|服务(?:哪|边)|管(?:哪|边)|负责(?:哪|边)|(?:是|系)你(?:们|哋)管|归你(?:们|哋)|你(?:们|哋)(?:也)?管")


def asks_where(text: str) -> bool:
    return WHERE.search(text) is not None


def asks_which(text: str) -> bool:
    return WHICH.search(text) is not None


def hall_card(hall: Hall) -> str:
    return f"【{hall.name}】地址：{hall.address}；电话 {hall.phone}；{hours_text(hall)}"


def served(catalog: Catalog) -> str:
    lines = "\n".join(f"{n}. {h.name}：{h.address}" for n, h in enumerate(catalog.halls.values(), 1))
    return f"一门服务禅城区的{len(catalog.halls)}个大厅，任一综合窗口都能办：\n{lines}"


def asks_again(turn: Turn) -> bool:
    """Right after a hall's address: "张槎的呢" — another hall, nothing else."""
    u = turn.u
    return (turn.state.awaiting == "hall_card" and bool(u.hall) and not u.item and not u.date
            and u.intent in ("out_of_scope", "ask_guide") and len(u.text) <= 10)


def asked_about(turn: Turn) -> bool:
    """A question about a hall or the halls, not about an item."""
    u = turn.u
    if u.item or u.intent not in ("ask_guide", "out_of_scope", "book_appointment"):
        return False
    if u.intent == "book_appointment" and not u.elsewhere:
        return False
    said = u.text or turn.text
    # "在哪办" at a kiosk is about the item under discussion; with none, about the kiosk's own hall
    here = u.hall or (turn.inbound.hall if not turn.state.item else None)
    from_there = u.elsewhere is not None and FROM_THERE.search(said) is not None  # 我老公是顺德的: who, not where
    return bool(here and asks_where(said) or asks_which(said)
                or u.elsewhere and not from_there and (asks_which(said) or u.intent != "book_appointment"))


FROM_THERE = re.compile(r"(是|系)[^，。,？?]{0,6}(的|人)(?!大厅|中心)|户口|户籍|老家")


REGISTERED_THERE = re.compile(r"(户口|户籍)(就|都|也|还)?(是|在|系|喺)")


def item_at_hall(turn: Turn) -> Reply | None:
    """A hall named and nothing else, with an item under discussion (我住在南庄): whether that hall
    handles the item, its card, and the way to book there."""
    u, catalog = turn.u, turn.catalog
    item, hall = catalog.item(turn.state.item or ""), catalog.hall(u.hall or "")
    if item is None or hall is None or u.item or u.intent != "out_of_scope" or u.date or u.time:
        return None
    if REGISTERED_THERE.search(u.text or turn.text):  # 他户口就是石湾的: where one is registered, not a hall
        return None
    return at_hall(item, hall, catalog)


def at_hall(item: Item, hall: Hall, catalog: Catalog) -> Reply:
    """Whether `hall` handles `item`: its card if it does, the halls that do if not."""
    halls = catalog.halls_for(item)
    if any(h.code == hall.code for h in halls):
        return Reply.plain(f"{hall.short_name}可以办【{item.name}】。\n{hall_card(hall)}\n"
                           f"下一步：回复“预约{hall.short_name}”约时间，或问“要带什么”。")
    where = "、".join(h.short_name for h in halls)
    return Reply.plain(f"{hall.short_name}不办理【{item.name}】，请到{where}办理。\n{hall_card(halls[0])}\n"
                       f"下一步：回复“预约”约时间。")


WHERE_TO_DO = re.compile(r"(在|去|到)?(哪里|哪儿|哪|边度|边)(办|弄|搞|交|申请)")


async def answer_halls(turn: Turn) -> Reply:
    u, catalog = turn.u, turn.catalog
    if u.elsewhere:
        place = u.elsewhere
        return Reply.plain(f"{place}不在一门的服务范围，{place}的事项请到{place}当地的行政服务中心办理。\n"
                           f"{served(catalog)}\n下一步：要在禅城办，回复“预约”加要办的事。")
    hall = catalog.hall(u.hall or turn.inbound.hall or "")
    said = u.text or turn.text
    item = catalog.item(turn.state.item or "")
    if hall is not None and item is not None and u.hall and WHERE_TO_DO.search(said):  # 在哪里办 我家在南庄
        return at_hall(item, hall, catalog)
    if hall is not None and (asks_where(said) or turn.state.awaiting == "hall_card") and not asks_which(said):
        if turn.state.booking is None:
            turn.state.offer("hall_card", [])
        return Reply.plain(f"{hall_card(hall)}\n下一步：回复“预约”加要办的事，如“预约明天去{hall.short_name}办护照”。")
    return Reply.plain(f"{served(catalog)}\n下一步：问“某某大厅在哪”看电话和时间，或回复“预约”加要办的事。")
