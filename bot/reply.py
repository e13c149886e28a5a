"""Reply: what the assistant says, channel-neutral; handlers render it for their channel."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choice:
    label: str  # what the citizen sees: "居民身份证换领（有效期满）"
    value: str  # what choosing it sends back: "1"


@dataclass(frozen=True)
class Card:
    title: str
    description: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()
    cards: tuple[Card, ...] = ()
    # The same content as `text`, cut into (heading, body) parts for channels that lay it out.
    sections: tuple[tuple[str, str], ...] = field(default=())
    # The gist for the ear, when a voice channel cannot say the whole text (a notice); empty:
    # the voice channel says the text itself.
    speech: str = ""

    @classmethod
    def plain(cls, text: str) -> Reply:
        return cls(text=text)

    def full_text(self) -> str:
        """Everything as one text: the body, then numbered choices."""
        lines = [self.text]
        lines += [f"{c.value}. {c.label}" for c in self.choices]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "text": self.text,
            "choices": [{"label": c.label, "value": c.value} for c in self.choices],
            "cards": [{"title": c.title, "description": c.description, "url": c.url} for c in self.cards],
            "sections": [{"heading": h, "body": b} for h, b in self.sections],
            "speech": self.speech,
        }

    @classmethod
    def from_json(cls, data: dict) -> Reply:
        return cls(
            text=data["text"],
            choices=tuple(Choice(c["label"], c["value"]) for c in data.get("choices", ())),
            cards=tuple(Card(c["title"], c.get("description", ""), c.get("url")) for c in data.get("cards", ())),
            sections=tuple((s["heading"], s["body"]) for s in data.get("sections", ())),
            speech=data.get("speech", ""),
        )
