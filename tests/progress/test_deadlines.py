"""Working-day limits on the national calendar: weekends, holidays, adjusted working days."""

from __future__ import annotations

from datetime import date

import pytest

from progress.deadlines import add_working_days, promised_on, working_days_between


@pytest.mark.parametrize(("start", "days", "due"), [
    (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday + 5: the next Monday (the weekend skipped)
    (date(2026, 11, 25), 0, date(2026, 11, 25)),  # 即办: the same day
    (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1: Monday
    # National Day 2026: 1-7 October off, Saturday 10 October worked (调休)
    (date(2026, 9, 28), 5, date(2026, 10, 10)),  # 29, 30 Sept, 8, 9, 10 Oct
    (date(2026, 9, 30), 1, date(2026, 10, 8)),
])
def test_add_working_days(start, days, due):
    assert add_working_days(start, days) == due


def test_working_days_between_counts_after_up_to_and_including():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 25)) == 2
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 8)) == 1  # the holiday week counts nothing


def test_a_supplement_pause_moves_the_promised_date_by_its_working_days():
    # 15 working days from Wednesday 25 November; a supplement awaited Monday 30 Nov to Wednesday 2 Dec
    without = promised_on(date(2026, 11, 25), 15, 0)
    paused = working_days_between(date(2026, 11, 30), date(2026, 12, 2))
    assert paused == 2
    assert promised_on(date(2026, 11, 25), 15, paused) == add_working_days(without, 2)
