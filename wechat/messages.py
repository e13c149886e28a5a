"""Callback XML → Message, refusing hostile input fast.

A callback is almost always the platform's flat layout, `<xml><Tag><![CDATA[…]]></Tag>…</xml>`:
a strict scanner reads exactly that (no declaration, DTD, entity, attribute, comment, nesting or
carriage return can pass it) at a fraction of an XML parser's cost. Anything else goes to
defusedxml, which forbids any DTD (so no entity can be declared, let alone expanded: a
billion-laughs body fails at its DOCTYPE), external references and entities; a tree builder caps
the depth. The scanner accepts only documents the parser reads the same way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from core.privacy import mask_openid as masked_openid  # noqa: F401  (wechat exports it under this name)

from .errors import MalformedMessage

# The deepest documented callbacks nest five levels: MASSSENDJOBFINISH's
# <xml><CopyrightCheckResult><ResultList><item><ArticleIdx> (and ArticleUrlResult likewise), and
# pic_sysphoto's <xml><SendPicsInfo><PicList><item><PicMd5Sum> (samples in tests/data/wechat/).
MAX_DEPTH = 5
MAX_FIELD = 16 * 1024  # no field of a message is longer (a text is at most 2048 bytes)
MAX_ITEMS = 20  # <List> entries read from a subscribe-message event (a pop-up offers at most a few templates)


class DepthLimitedBuilder(TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise MalformedMessage("too_deep", f"elements nested deeper than {MAX_DEPTH}")
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        self.depth -= 1
        return super().end(tag)


# The strict layout: XML whitespace, then `<Tag>` holding one CDATA section or plain text with no
# markup, then `</Tag>`. No \r (a parser turns \r\n into \n) and no character XML forbids.
_OPEN = re.compile(r"[ \t\n]*<xml>")
_FIELD = re.compile(r"[ \t\n]*<([A-Za-z_][A-Za-z0-9_]{0,63})>(?:<!\[CDATA\[(.*?)\]\]>|([^<>&]*))</\1>", re.S)
_CLOSE = re.compile(r"[ \t\n]*</xml>[ \t\n]*")
_NOT_PLAIN = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")


def _flat_fields(text: str) -> dict[str, str] | None:
    """The fields of a document in the platform's flat layout, or None for any other document."""
    start = _OPEN.match(text)
    if start is None or _NOT_PLAIN.search(text):
        return None
    fields: dict[str, str] = {}
    pos = start.end()
    while (found := _FIELD.match(text, pos)) is not None:
        tag, cdata, plain = found.groups()
        if cdata is not None and "]]>" in cdata:
            return None  # a section ended early: let the parser judge it
        fields.setdefault(tag, plain if cdata is None else cdata)
        pos = found.end()
    return fields if _CLOSE.fullmatch(text, pos) else None


def _checked(fields: dict[str, str]) -> dict[str, str]:
    for tag, value in fields.items():
        if len(value) > MAX_FIELD:
            raise MalformedMessage("field_too_long", f"{tag} is longer than {MAX_FIELD} characters")
    return fields


def parse_fields(body: bytes) -> dict[str, str]:
    """The top-level fields of a `<xml>…</xml>` document, as text (nested elements are skipped)."""
    return parse_document(body)[0]


def parse_document(body: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The top-level fields, and the `<List>` entries one level down (the subscribe-message events'
    <SubscribeMsgPopupEvent>/<SubscribeMsgChangeEvent>/<SubscribeMsgSentEvent><List>…</List></…>)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedMessage("not_utf8", "the body is not UTF-8") from None
    flat = _flat_fields(text)
    if flat is not None:  # no nesting: no <List> entries
        return _checked(flat), []
    if not text.strip():
        raise MalformedMessage("empty", "the body is empty")
    parser = DefusedXMLParser(target=DepthLimitedBuilder(), forbid_dtd=True)
    try:
        parser.feed(text)
        root = parser.close()
    except DefusedXmlException as exc:
        raise MalformedMessage("forbidden_xml", f"DTDs and entities are not accepted ({type(exc).__name__})") from None
    except ParseError as exc:
        raise MalformedMessage("not_xml", f"not well-formed XML ({exc})") from None
    if root.tag != "xml":
        raise MalformedMessage("not_xml", "the root element is not <xml>")
    fields: dict[str, str] = {}
    for child in root:
        if len(child) == 0 and child.tag not in fields:
            fields[child.tag] = child.text or ""
    items = [{leaf.tag: (leaf.text or "").strip()[:MAX_FIELD] for leaf in entry if len(leaf) == 0}
             for wrapper in root for entry in wrapper if entry.tag == "List"]
    return _checked(fields), items[:MAX_ITEMS]


@dataclass(frozen=True)
class Message:
    """One callback message or event, as the platform sent it."""

    account: str  # ToUserName: the official account's original id (gh_…)
    openid: str = field(repr=False)  # FromUserName: the citizen
    create_time: int
    msg_type: str  # text, image, voice, video, shortvideo, location, link, event, or something new
    msg_id: str | None = None
    event: str | None = None  # as sent: subscribe, SCAN, CLICK, …
    fields: Mapping[str, str] = field(default_factory=dict, repr=False)
    items: tuple[Mapping[str, str], ...] = field(default=(), repr=False)  # <List> entries of subscribe events

    @property
    def identity(self) -> str:
        """What a retry has in common with the first delivery: MsgId, or who + when + which event."""
        return self.msg_id or f"{self.openid}:{self.create_time}:{self.event or self.msg_type}"

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


REQUIRED = ("ToUserName", "FromUserName", "CreateTime", "MsgType")
USER = re.compile(r"[A-Za-z0-9_-]{1,64}")  # openids and gh_ ids


def read_message(fields: Mapping[str, str], items: Sequence[Mapping[str, str]] = ()) -> Message:
    missing = [name for name in REQUIRED if not fields.get(name, "").strip()]
    if missing:
        raise MalformedMessage("missing_field", f"missing {', '.join(missing)}")
    for name in ("ToUserName", "FromUserName"):
        if not USER.fullmatch(fields[name].strip()):
            raise MalformedMessage("bad_field", f"{name} is not an account id")
    create_time = fields["CreateTime"].strip()
    if not create_time.isdigit() or len(create_time) > 12:
        raise MalformedMessage("bad_field", "CreateTime is not a number")
    msg_type = fields["MsgType"].strip()
    event = (fields.get("Event", "").strip() or None) if msg_type == "event" else None
    if msg_type == "event" and event is None:
        raise MalformedMessage("missing_field", "missing Event")
    msg_id = fields.get("MsgId", "").strip() or None
    if msg_id is not None and (not msg_id.isdigit() or len(msg_id) > 32):
        raise MalformedMessage("bad_field", "MsgId is not a number")
    return Message(
        account=fields["ToUserName"].strip(),
        openid=fields["FromUserName"].strip(),
        create_time=int(create_time),
        msg_type=msg_type,
        msg_id=msg_id,
        event=event,
        fields=dict(fields),
        items=tuple(dict(i) for i in items),
    )
