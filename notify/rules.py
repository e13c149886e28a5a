"""Life-cycle rules as data: notify/data/rules.yaml, reviewed like the catalog and validated here.

Each rule names its trigger, the item, a Chinese message and the channels to try in order:

    age_reached            a date fact (birth_date) reaches `years`, `lead_days` ahead
    date_within_days       a date fact (an expiry) is at most `days` away
    yearly_window          inside a yearly window, for those whose fact is `min_age`..`max_age` on `age_on`
    day_before_appointment the outbox row appointments/ writes for the day before a visit
    stage_change           the outbox row progress/ writes when an application moves (by status)
    campaign               the outbox rows a staff campaign writes (notify/campaigns.py): its text, its item
    staff_reply            a staff answer to a handoff or a complaint (outbox handoff_reply, complaint_reply):
                           the citizen asked, so no consent is needed and "不要再提醒了" does not stop it; it
                           goes as a chat message within the 48 hours, else waits for their next message

The time triggers are pure functions of dates here (tested from tables of dates); notify/scan.py
turns them into index range queries. February 29 is reached on March 1 in a common year.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

SHIPPED_RULES = Path(__file__).parent / "data" / "rules.yaml"

Channel = Literal["customer_service", "subscribe_once", "subscribe_long", "template", "mini_subscribe"]
OA_TEMPLATE_CHANNELS = ("subscribe_once", "subscribe_long", "template")  # the official account's template_id
DateFact = Literal["birth_date", "id_card_expires_on", "driving_licence_expires_on", "child_birth_date",
                   "business_registered_on"]
MonthDay = Annotated[str, Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]

# What a message may name, per trigger kind (the scan or the outbox row provides these).
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "age_reached": frozenset({"item_name", "years", "date"}),
    "date_within_days": frozenset({"item_name", "date", "days_left"}),
    "yearly_window": frozenset({"item_name", "year", "window_to"}),
    "day_before_appointment": frozenset({"item_name", "hall_name", "time", "code"}),
    "stage_change": frozenset({"item_name", "number", "stage", "promised_on", "missing"}),
    "campaign": frozenset({"item_name", "text"}),
    "staff_reply": frozenset({"reply"}),
}
NOT_REMINDERS = ("campaign", "staff_reply")  # trigger kinds whose topic is no reminder a citizen subscribes to


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AgeReached(Strict):
    kind: Literal["age_reached"]
    fact: Literal["birth_date", "child_birth_date"] = "birth_date"
    years: Annotated[int, Field(ge=1, le=120)]
    lead_days: Annotated[int, Field(ge=0, le=366)] = 0
    sex: Literal["male", "female"] | None = None


class DateWithinDays(Strict):
    kind: Literal["date_within_days"]
    fact: DateFact
    days: Annotated[int, Field(ge=1, le=366)]


class YearlyWindow(Strict):
    kind: Literal["yearly_window"]
    fact: DateFact
    window_from: MonthDay
    window_to: MonthDay
    age_on: MonthDay  # the day of the year the age is counted at (08-31 for school entry)
    min_age: Annotated[int, Field(ge=0, le=120)]
    max_age: Annotated[int, Field(ge=0, le=120)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> YearlyWindow:
        if self.window_from > self.window_to:
            raise ValueError("window_from after window_to (a window does not cross the year end)")
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age below min_age")
        return self


class DayBeforeAppointment(Strict):
    kind: Literal["day_before_appointment"]
    outbox_kind: Literal["appointment_reminder"] = "appointment_reminder"


class StageChange(Strict):
    kind: Literal["stage_change"]
    outbox_kind: Literal["application_progress"] = "application_progress"
    statuses: tuple[Literal["in_progress", "supplement", "completed", "rejected"], ...]


class CampaignSend(Strict):
    """A staff campaign's rows: the topic whose consent they need is the campaign's, in the row's payload."""

    kind: Literal["campaign"]


class StaffReply(Strict):
    """A staff member's answer to what the citizen asked (a handoff, a complaint)."""

    kind: Literal["staff_reply"]
    outbox_kind: Literal["handoff_reply", "complaint_reply"]


Trigger = Annotated[AgeReached | DateWithinDays | YearlyWindow | DayBeforeAppointment | StageChange | CampaignSend
                    | StaffReply, Field(discriminator="kind")]
TimeTrigger = AgeReached | DateWithinDays | YearlyWindow


class Rule(Strict):
    id: Code
    topic: Code  # what "提醒我…" subscribes to and "不要再提醒了" withdraws
    item: Code | None = None  # the catalog item it leads to
    trigger: Trigger
    message: Annotated[str, Field(min_length=8, max_length=300)]
    channels: Annotated[tuple[Channel, ...], Field(min_length=1)]
    template_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None  # subscribe/template channels
    # mini_subscribe: the mini-program's own template (subscribeMessage.send), with the same `fields`
    mini_template_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    fields: dict[Annotated[str, Field(pattern=r"^[a-z_]+\d+$")], str] = {}  # their data, e.g. thing1: "{item_name}"
    consent: Literal["opt_in", "opt_out"] = "opt_in"  # opt_out: a service the citizen started (a booking)
    needs: str = ""  # data Yimen does not hold yet: the rule finds nobody until it does

    @field_validator("message")
    @classmethod
    def _ends_with_next_step(cls, message: str) -> str:
        if "下一步" not in message and "回复" not in message:
            raise ValueError("the message must say the next step (下一步… or 回复…)")
        return message

    @model_validator(mode="after")
    def _placeholders(self) -> Rule:
        allowed = PLACEHOLDERS[self.trigger.kind]
        for text in (self.message, *self.fields.values()):
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            if unknown := names - allowed:
                raise ValueError(f"unknown placeholder {sorted(unknown)}; allowed: {sorted(allowed)}")
        if set(self.channels) & set(OA_TEMPLATE_CHANNELS) and (self.template_id is None or not self.fields):
            raise ValueError("subscribe and template channels need template_id and fields")
        if "mini_subscribe" in self.channels and (self.mini_template_id is None or not self.fields):
            raise ValueError("the mini_subscribe channel needs mini_template_id and fields")
        return self

    @property
    def scanned(self) -> bool:
        return isinstance(self.trigger, (AgeReached, DateWithinDays, YearlyWindow))


class RulesFile(Strict):
    version: Literal[1]
    rules: Annotated[tuple[Rule, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique(self) -> RulesFile:
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError(f"rule ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        return self


class RulesError(ValueError):
    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.path, self.problems = path, problems


def read_rules(path: Path = SHIPPED_RULES) -> RulesFile:
    """Parse and validate; every problem names the file, the rule and the field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(path, [f"{path}: cannot read: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RulesError(path, [f"{path}: not valid YAML: {exc}"]) from None
    try:
        return RulesFile.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = list(e["loc"])
            if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
                rules = raw.get("rules") if isinstance(raw, dict) else None
                rule = rules[loc[1]] if isinstance(rules, list) and loc[1] < len(rules) else None
                name = rule.get("id") if isinstance(rule, dict) else None
                loc = [f"rule {name or '#' + str(loc[1] + 1)}", *loc[2:]]
            problems.append(f"{path}: {'.'.join(str(x) for x in loc)}: {e['msg']}")
        raise RulesError(path, problems) from None


@cache
def shipped_rules() -> RulesFile:
    """The shipped rules file, read once per process (it changes only with a release)."""
    return read_rules(SHIPPED_RULES)


def topics_of(rules: RulesFile, item: str | None) -> list[str]:
    """The topics a catalog item's reminders belong to (身份证换领 → id_card)."""
    return sorted({r.topic for r in rules.rules if item is not None and r.item == item})


TOPIC_NAMES = {"id_card": "身份证", "school": "入学", "pension": "退休", "elderly": "高龄津贴", "driving": "驾驶证",
               "business": "企业年报", "appointment": "预约", "application": "办件进度", "all": "全部",
               "service": "人工回复"}


# The dates of the triggers: pure functions, tested from tables of dates.

def anniversary(born: date, years: int) -> date:
    """The day `born` is `years` old; February 29 is reached on March 1 in a common year."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # Feb 29 → a common year
        return date(born.year + years, 3, 1)


def age_on(born: date, day: date) -> int:
    """Whole years old on `day` (周岁)."""
    return day.year - born.year - (1 if anniversary(born, day.year - born.year) > day else 0)


def month_day(year: int, md: str) -> date:
    month, day = int(md[:2]), int(md[3:])
    try:
        return date(year, month, day)
    except ValueError:  # 02-29 in a common year
        return date(year, 3, 1)


@dataclass(frozen=True)
class Due:
    """One reminder a time trigger owes: its period (the idempotency key's third part) and values."""

    period: str
    values: dict[str, str]


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def age_due(trigger: AgeReached, born: date, today: date) -> Due | None:
    """Due from `lead_days` before the anniversary until the anniversary itself."""
    day = anniversary(born, trigger.years)
    if 0 <= (day - today).days <= trigger.lead_days:
        return Due(str(day.year), {"years": str(trigger.years), "date": f"{day.year}年{_md(day)}"})
    return None


def age_birth_range(trigger: AgeReached, today: date) -> tuple[date, date]:
    """Birth dates that may be due today (a day wider each side; age_due decides exactly)."""
    latest = today + timedelta(days=trigger.lead_days)
    return (_years_back(today, trigger.years) - timedelta(days=1),
            _years_back(latest, trigger.years) + timedelta(days=1))


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def within_due(trigger: DateWithinDays, on: date, today: date) -> Due | None:
    left = (on - today).days
    if 0 <= left <= trigger.days:
        return Due(on.isoformat(), {"date": f"{on.year}年{_md(on)}", "days_left": str(left)})
    return None


def within_range(trigger: DateWithinDays, today: date) -> tuple[date, date]:
    return today, today + timedelta(days=trigger.days)


def window_open(trigger: YearlyWindow, today: date) -> bool:
    return month_day(today.year, trigger.window_from) <= today <= month_day(today.year, trigger.window_to)


def window_due(trigger: YearlyWindow, on: date, today: date) -> Due | None:
    if not window_open(trigger, today):
        return None
    age = age_on(on, month_day(today.year, trigger.age_on))
    if age < trigger.min_age or (trigger.max_age is not None and age > trigger.max_age):
        return None
    end = month_day(today.year, trigger.window_to)
    return Due(str(today.year), {"year": str(today.year), "window_to": _md(end)})


def window_range(trigger: YearlyWindow, today: date) -> tuple[date, date] | None:
    """Fact dates whose age on `age_on` is within min..max (a day wider each side), or None: closed."""
    if not window_open(trigger, today):
        return None
    counted = month_day(today.year, trigger.age_on)
    earliest = date.min if trigger.max_age is None else _years_back(counted, trigger.max_age + 1)
    return earliest, _years_back(counted, trigger.min_age) + timedelta(days=1)
