"""Fitting a Reply to WeChat: the platform's size limit for one text message."""

from __future__ import annotations

from bot import Reply

# WeChat refuses a text message over 2048 bytes; keep a margin for the XML around it.
WECHAT_TEXT_BYTES = 2000


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _split_long(text: str, limit: int) -> list[str]:
    """Split one over-long block at line ends, then at character boundaries."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while _size(line) > limit:  # a single enormous line: cut it by characters
            cut = len(line.encode("utf-8")[:limit].decode("utf-8", "ignore"))
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:cut])
            line = line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if _size(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def wechat_texts(reply: Reply, limit: int = WECHAT_TEXT_BYTES) -> list[str]:
    """The reply as one or more WeChat text messages, each within the platform's limit.

    A long notice is cut between its paragraphs (blank lines), never inside a line when it
    can be helped; the numbered choices come last, where the citizen answers them.
    """
    whole = reply.full_text()
    if _size(whole) <= limit:
        return [whole]
    pieces: list[str] = []
    for paragraph in whole.split("\n\n"):
        for part in _split_long(paragraph, limit):
            if pieces and _size(pieces[-1] + "\n\n" + part) <= limit:
                pieces[-1] += "\n\n" + part
            else:
                pieces.append(part)
    return pieces
