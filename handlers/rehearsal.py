"""`python main.py chat --eval FILE`: scripted conversations, turn by turn, scored by style.

Each line of FILE is one conversation: {"id", "style", "channel": "chat" | "robot", "now",
"turns": [{"say", "expect": {"any", "all", "none", "max_chars"}, "fallback_ok"}]}. The
conversations run on the app's real parts (a temporary SQLite database, the in-process Redis,
the shipped catalog); each is a new citizen. A turn passes when its reply meets every check
and, unless `fallback_ok`, is not the "cannot answer" fallback. A conversation passes when all
its turns do; the table gives both rates by style. `max_chars` limits the first paragraph: for
the robot, what it says.
"""

from __future__ import annotations

import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from aiohttp import web

from bot import Inbound, Reply, respond
from core.settings import Settings

from .app import create_app
from .keys import assistant_key
from .robot_speech import speech_for

FALLBACK = "暂时答不了"
DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "conversations.jsonl"
DEFAULT_NOW = "2026-11-25T10:00:00+08:00"


@dataclass
class Outcome:
    conversation: str
    style: str
    turns: int = 0
    failed: list[tuple[int, str, str, str]] = field(default_factory=list)  # (turn, said, reply, why)


def problems(reply_text: str, turn: dict[str, Any]) -> list[str]:
    """Why a reply fails its turn's checks; empty when it passes."""
    expect = turn.get("expect") or {}
    why = []
    if not turn.get("fallback_ok") and FALLBACK in reply_text:
        why.append("fallback")
    if expect.get("any") and not any(s in reply_text for s in expect["any"]):
        why.append(f"none of {expect['any']}")
    missing = [s for s in expect.get("all", ()) if s not in reply_text]
    if missing:
        why.append(f"missing {missing}")
    present = [s for s in expect.get("none", ()) if s in reply_text]
    if present:
        why.append(f"has {present}")
    first = reply_text.split("\n\n")[0]
    if expect.get("max_chars") and len(first) > expect["max_chars"]:
        why.append(f"{len(first)} > {expect['max_chars']} characters")
    return why


def shown(reply: Reply, channel: str) -> str:
    """What the citizen gets: the text with its choices, or for the robot what it says, then (after
    a blank line, so that `max_chars` measures the speech) what it shows."""
    text = reply.full_text()
    return speech_for(reply) + "\n\n" + text if channel == "robot" else text


async def rehearse(conversations: Iterable[dict[str, Any]], settings: Settings) -> list[Outcome]:
    app = create_app(settings)
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    outcomes = []
    try:
        assistant = app[assistant_key]
        for n, conversation in enumerate(conversations):
            channel = conversation.get("channel") or "chat"
            now = datetime.fromisoformat(conversation.get("now") or DEFAULT_NOW)
            outcome = Outcome(conversation["id"], conversation.get("style", "-"))
            inbound = Inbound(channel=channel, user=f"rehearsal-{n}", kind="voice" if channel == "robot" else "text",
                              message_id="")
            for t, turn in enumerate(conversation["turns"], 1):
                message = replace(inbound, message_id=f"{n}-{t}", text=turn["say"])
                reply = await respond(message, assistant, now=now)
                text = shown(reply, channel)
                outcome.turns += 1
                why = problems(text, turn)
                if why:
                    outcome.failed.append((t, turn["say"], text, "; ".join(why)))
            outcomes.append(outcome)
    finally:
        await runner.cleanup()
    return outcomes


def read_conversations(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def table(outcomes: list[Outcome]) -> tuple[str, float]:
    """The pass rates by style, and the overall share of conversations that passed."""
    by_style: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_style[o.style].append(o)
    rows = ["style            conversations  passed   turns passed"]

    def row(name: str, group: list[Outcome]) -> tuple[str, float]:
        passed = sum(not o.failed for o in group) / len(group)
        turns = sum(o.turns for o in group)
        turns_ok = (turns - sum(len(o.failed) for o in group)) / turns if turns else 1.0
        return f"{name:<16} {len(group):>13}  {passed:>6.1%}   {turns_ok:>11.1%}", passed

    for style in sorted(by_style):
        rows.append(row(style, by_style[style])[0])
    total, rate = row("all", outcomes) if outcomes else ("all 0", 0.0)
    rows.append(total)
    return "\n".join(rows), rate


async def run_rehearsal(path: Path, out: TextIO, *, floor: float = 0.0, verbose: bool = False) -> int:
    """Print the table (and with `verbose` each failed turn); 1 when the pass rate is under `floor`."""
    with tempfile.TemporaryDirectory(prefix="yimen-rehearsal-") as work:
        settings = Settings.from_env({"DATABASE_URL": f"sqlite://{work}/rehearsal.sqlite3"})
        outcomes = await rehearse(read_conversations(path), settings)
    if verbose:
        for o in outcomes:
            for t, said, reply, why in o.failed:
                out.write(f"✗ {o.conversation} turn {t} [{o.style}] {said!r}: {why}\n    {reply[:300]!r}\n")
    text, rate = table(outcomes)
    out.write(text + "\n")
    if rate < floor:
        out.write(f"pass rate {rate:.1%} is under the floor {floor:.0%}\n")
        return 1
    return 0
