"""The rules file and the trigger dates: Feb 29, year ends, school cohorts, bad files named."""

from __future__ import annotations

from datetime import date

import pytest

from notify import RulesError, read_rules, shipped_rules
from notify.rules import (
    AgeReached,
    DateWithinDays,
    YearlyWindow,
    age_due,
    age_on,
    anniversary,
    window_due,
    within_due,
)


def test_the_shipped_rules_name_catalog_items_and_cover_the_issue(catalog) -> None:
    rules = shipped_rules().rules
    for rule in rules:
        assert rule.item is None or catalog.item(rule.item) is not None, rule.id
    kinds = {r.trigger.kind for r in rules}
    assert kinds == {"age_reached", "date_within_days", "yearly_window", "day_before_appointment", "stage_change",
                     "campaign", "staff_reply"}
    assert {"id_card_expiry", "school_enrolment", "first_id_card", "retirement_age", "elderly_allowance",
            "driving_licence_expiry", "annual_report", "appointment_tomorrow", "application_stage",
            "supplement_request"} <= {r.id for r in rules}


@pytest.mark.parametrize(("born", "years", "reached"), [
    (date(2008, 2, 29), 18, date(2026, 3, 1)),   # a common year: March 1
    (date(2008, 2, 29), 20, date(2028, 2, 29)),  # a leap year: the day itself
    (date(1946, 12, 31), 80, date(2026, 12, 31)),
    (date(1947, 1, 1), 80, date(2027, 1, 1)),
])
def test_anniversaries(born, years, reached) -> None:
    assert anniversary(born, years) == reached


def test_a_feb_29_child_is_not_16_on_feb_28() -> None:
    assert age_on(date(2012, 2, 29), date(2028, 2, 28)) == 15
    assert age_on(date(2012, 2, 29), date(2028, 2, 29)) == 16
    assert age_on(date(2011, 2, 28), date(2027, 2, 28)) == 16


@pytest.mark.parametrize(("today", "due"), [
    (date(2026, 1, 29), False),  # 31 days ahead
    (date(2026, 1, 30), True),   # lead_days = 30 (to March 1)
    (date(2026, 3, 1), True),
    (date(2026, 3, 2), False),   # passed
])
def test_age_due_from_lead_days_to_the_day(today, due) -> None:
    trigger = AgeReached(kind="age_reached", years=16, lead_days=30)
    got = age_due(trigger, date(2010, 3, 1), today)
    assert (got is not None) is due
    if got:
        assert got.period == "2026"


def test_feb_29_birthday_is_due_on_march_1_in_a_common_year() -> None:
    trigger = AgeReached(kind="age_reached", years=80, lead_days=0)
    assert age_due(trigger, date(1948, 2, 29), date(2028, 2, 29)) is not None  # leap year
    assert age_due(trigger, date(1947, 2, 28), date(2027, 2, 28)) is not None
    assert age_due(trigger, date(1944, 2, 29), date(2024, 2, 29)) is not None
    born = date(1948, 2, 29)
    assert age_due(AgeReached(kind="age_reached", years=79), born, date(2027, 2, 28)) is None
    assert age_due(AgeReached(kind="age_reached", years=79), born, date(2027, 3, 1)).values["date"] == "2027年3月1日"


def test_an_expiry_across_the_year_end() -> None:
    trigger = DateWithinDays(kind="date_within_days", fact="id_card_expires_on", days=90)
    due = within_due(trigger, date(2027, 1, 15), date(2026, 12, 20))
    assert due is not None and due.period == "2027-01-15" and due.values["days_left"] == "26"
    assert within_due(trigger, date(2027, 3, 20), date(2026, 12, 20)) is not None  # exactly 90 days
    assert within_due(trigger, date(2027, 3, 21), date(2026, 12, 20)) is None  # 91: not yet
    assert within_due(trigger, date(2026, 12, 19), date(2026, 12, 20)) is None  # expired already


def test_school_cohort_is_six_by_august_31() -> None:
    t = YearlyWindow(kind="yearly_window", fact="child_birth_date", window_from="04-01", window_to="05-31",
                     age_on="08-31", min_age=6, max_age=6)
    assert window_due(t, date(2020, 8, 31), date(2026, 4, 1)) is not None
    assert window_due(t, date(2020, 9, 1), date(2026, 4, 1)) is None  # next year
    assert window_due(t, date(2019, 9, 1), date(2026, 4, 1)) is not None
    assert window_due(t, date(2019, 8, 31), date(2026, 4, 1)) is None  # 7: last year
    assert window_due(t, date(2020, 8, 31), date(2026, 3, 31)) is None  # the window is not open


def test_annual_report_for_businesses_registered_by_last_year_end() -> None:
    t = YearlyWindow(kind="yearly_window", fact="business_registered_on", window_from="06-01", window_to="06-30",
                     age_on="12-31", min_age=1)
    assert window_due(t, date(2025, 12, 31), date(2026, 6, 1)) is not None
    assert window_due(t, date(2026, 1, 1), date(2026, 6, 1)) is None
    assert window_due(t, date(2025, 12, 31), date(2026, 7, 1)) is None


def test_a_bad_rules_file_names_the_rule_and_field(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("""version: 1
rules:
  - id: id_card_expiry
    topic: id_card
    trigger: {kind: date_within_days, fact: id_card_expires_on, days: 900}
    message: "您的身份证{when}到期，下一步：回复“换身份证”。"
    channels: [customer_service]
""", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        read_rules(path)
    text = str(caught.value)
    assert "rule id_card_expiry" in text and "days" in text


def test_a_message_must_say_the_next_step(tmp_path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("""version: 1
rules:
  - id: x_rule
    topic: x
    trigger: {kind: day_before_appointment}
    message: "明天{time}在{hall_name}办理，请准时到。"
    channels: [customer_service]
""", encoding="utf-8")
    with pytest.raises(RulesError, match="next step"):
        read_rules(path)
