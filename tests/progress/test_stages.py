"""The stage machine: forward only, skipping allowed, closed is closed, and what fits together."""

from __future__ import annotations

import pytest

from progress import ApplicationClosed, BadTransition, StageBackwards
from progress.stages import check_change, next_stage


@pytest.mark.parametrize(("current", "asked"), [
    (("申请受理", "in_progress"), ("承办", "in_progress")),
    (("申请受理", "in_progress"), ("审核", "in_progress")),  # an item's path may skip 承办
    (("审核", "in_progress"), ("审核", "supplement")),
    (("审核", "supplement"), ("审核", "in_progress")),  # the citizen answered
    (("审核", "in_progress"), ("办结", "completed")),
    (("申请受理", "in_progress"), ("申请受理", "rejected")),  # 不予受理
    (("批准", "in_progress"), ("办结", "rejected")),
])
def test_allowed_changes(current, asked):
    check_change(*current, *asked)


@pytest.mark.parametrize(("current", "asked", "refusal"), [
    (("审核", "in_progress"), ("承办", "in_progress"), StageBackwards),
    (("批准", "supplement"), ("申请受理", "in_progress"), StageBackwards),
    (("办结", "completed"), ("办结", "rejected"), ApplicationClosed),
    (("申请受理", "rejected"), ("承办", "in_progress"), ApplicationClosed),
    (("审核", "in_progress"), ("审核", "completed"), BadTransition),  # completed only at 办结
    (("审核", "in_progress"), ("办结", "in_progress"), BadTransition),
    (("审核", "in_progress"), ("审核", "in_progress"), BadTransition),  # no change
])
def test_refused_changes(current, asked, refusal):
    with pytest.raises(refusal) as caught:
        check_change(*current, *asked)
    assert caught.value.code in ("stage_backwards", "closed", "bad_transition")


def test_backwards_says_from_where_to_where():
    with pytest.raises(StageBackwards) as caught:
        check_change("审核", "in_progress", "承办", "in_progress")
    assert (caught.value.current, caught.value.asked) == ("审核", "承办")


def test_next_stage_follows_the_items_path():
    path = ("申请受理", "审核", "批准", "办结")
    assert next_stage(path, "申请受理") == "审核"
    assert next_stage(path, "承办") == "审核"  # a stage off the path still leads to the next on it
    assert next_stage(path, "办结") is None
