"""The stage machine of an application (办件): 申请受理 → 承办 → 审核 → 批准 → 办结, forward only.

Pure rules, no I/O. A stage may be skipped (an item's own path is shorter, see the catalog's
`stages`) but never gone back to. The status says how it stands within the stage:

    in_progress   being handled
    supplement    补正: the citizen is asked for what is missing; the clock stops
    completed     办结 and done (only at 办结)
    rejected      不予受理 / 不予批准, with a reason; nothing follows
    waiting       received together with an earlier item it depends on (一件事): it starts, at
                  申请受理 in_progress, when that one is completed (progress/links.py); nothing
                  else moves it

`check_change` returns nothing and raises a named refusal when a change may not be made.
"""

from __future__ import annotations

from typing import Literal, get_args

from .errors import ApplicationClosed, BadTransition, StageBackwards

Stage = Literal["申请受理", "承办", "审核", "批准", "办结"]
Status = Literal["in_progress", "supplement", "completed", "rejected", "waiting"]
STAGES: tuple[Stage, ...] = get_args(Stage)
STATUSES: tuple[Status, ...] = get_args(Status)
CLOSED: frozenset[str] = frozenset({"completed", "rejected"})
STATUS_NAMES = {"in_progress": "办理中", "supplement": "待补正", "completed": "已办结", "rejected": "不予受理",
                "waiting": "等待前序事项"}


def stage_rank(stage: str) -> int:
    return STAGES.index(stage)


def is_behind(current_stage: str, stage: str) -> bool:
    return stage_rank(stage) < stage_rank(current_stage)


def check_change(current_stage: str, current_status: str, stage: str, status: str) -> None:
    """May an application at (current_stage, current_status) move to (stage, status)?"""
    if current_status in CLOSED:
        raise ApplicationClosed(current_status)
    if current_status == "waiting":  # only links.start_followers starts it
        raise BadTransition(stage, status, "waiting for the item it depends on")
    if status == "waiting":
        raise BadTransition(stage, status, "only a new application waits")
    if is_behind(current_stage, stage):
        raise StageBackwards(current_stage, stage)
    if status == "completed" and stage != "办结":
        raise BadTransition(stage, status, "completed only at 办结")
    if stage == "办结" and status not in CLOSED:
        raise BadTransition(stage, status, "办结 is completed or rejected")
    if (stage, status) == (current_stage, current_status):
        raise BadTransition(stage, status, "no change")


def next_stage(path: tuple[str, ...], stage: str) -> str | None:
    """The stage after `stage` on the item's path (its catalog `stages`), or None at the end."""
    later = [s for s in path if s in STAGES and stage_rank(s) > stage_rank(stage)]
    return later[0] if later else None
