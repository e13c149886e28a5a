"""The catalog data file's shape: every item, material, situation and hall, validated.

The file (catalog/data/catalog.yaml) is reviewed data, not code. `python main.py catalog check FILE`
validates it against these models and names file, item and field of every error.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
Text = Annotated[str, Field(min_length=1, max_length=600)]
# A citizen's own words for a situation (外地户口, 投靠亲属): short, one phrase, no spaces.
Phrase = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^\S+$")]
HHMM = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]

Kind = Literal["person", "business", "both"]
Department = Literal[
    "人社", "医保", "公积金", "民政", "残联", "卫健", "公安", "出入境", "交警", "教育",
    "司法", "不动产登记", "市场监管", "税务", "住建",
]
MaterialType = Literal[
    "id_card", "household_register", "photo", "form", "business_licence", "certificate",
    "marriage_certificate", "birth_certificate", "property_certificate", "contract",
    "medical_record", "bank_card", "income_proof", "residence_proof", "vehicle_document",
    "proof", "other",
]
MaterialForm = Literal["original", "copy", "original_and_copy", "electronic"]
# What a pre-check verifies on an uploaded material (prechecks/ implements each).
CheckName = Literal[
    "readable", "not_expired", "name_matches", "id_number_valid", "photo_spec", "signed",
    "stamped", "complete_pages", "dated_recent",
]
Stage = Literal["申请受理", "承办", "审核", "批准", "办结"]
HALL_CODES = ("district_center", "zumiao", "shiwan", "zhangcha", "nanzhuang")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Material(Strict):
    name: Text
    type: MaterialType
    form: MaterialForm
    count: Annotated[int, Field(ge=1, le=20)] = 1
    reusable: bool = False  # can be taken from the citizen's vault of earlier records
    checks: tuple[CheckName, ...] = ("readable",)
    note: str = ""
    when: tuple[Code, ...] = ()  # only in these situations; empty: always


class Situation(Strict):
    code: Code
    name: Text  # the question-friendly label, e.g. "旧证遗失"
    description: str = ""
    aliases: tuple[Phrase, ...] = ()  # what a citizen would say for it: 外地户口, 户口不在广东

    @field_validator("aliases")
    @classmethod
    def no_repeats(cls, aliases: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({a for a in aliases if aliases.count(a) > 1})
        if repeated:
            raise ValueError(f"alias repeated: {', '.join(repeated)}")
        return aliases

    def phrases(self) -> tuple[str, ...]:
        """The name and the aliases: every phrase that picks this situation."""
        return (self.name, *self.aliases)


def situation_clashes(situations: tuple[Situation, ...]) -> list[str]:
    """Aliases that could pick two situations of one item: an alias equal to or inside another
    situation's name or alias (成年 inside 未成年), or another situation's name inside an alias."""
    clashes = []
    for a in situations:
        for b in situations:
            if a is b:
                continue
            for alias in a.aliases:
                hit = b.name if b.name in alias else next((p for p in b.phrases() if alias in p), None)
                if hit is not None:
                    clashes.append(f"alias {alias!r} of situation {a.code} clashes with {hit!r} of {b.code}")
    return clashes


class OpeningHours(Strict):
    weekdays: tuple[tuple[HHMM, HHMM], ...]  # e.g. (("09:00","12:00"), ("13:30","17:30"))
    saturday: tuple[tuple[HHMM, HHMM], ...] = ()


class Hall(Strict):
    code: Code
    name: Text
    short_name: Text
    address: Text
    phone: Text
    hours: OpeningHours
    windows: Annotated[int, Field(ge=1, le=200)]  # comprehensive windows (综合窗口)
    aliases: tuple[str, ...] = ()


class Item(Strict):
    code: Code
    name: Text
    short_name: Text  # what a clerk would say: 换身份证
    department: Department
    kind: Kind
    aliases: Annotated[tuple[str, ...], Field(min_length=1)]  # colloquial names and phrasings
    life_events: tuple[Text, ...] = ()
    summary: Text
    conditions: Annotated[tuple[Text, ...], Field(min_length=1)]
    situations: tuple[Situation, ...] = ()
    materials: Annotated[tuple[Material, ...], Field(min_length=1)]
    legal_days: Annotated[int, Field(ge=0, le=365)]  # 法定时限, working days
    promised_days: Annotated[int, Field(ge=0, le=365)]  # 承诺时限, working days
    on_the_spot: bool  # 即办件
    fee: Text  # what the citizen reads: "免费" / "工本费20元"
    free: bool
    halls: Annotated[tuple[Code, ...], Field(min_length=1)]
    online_depth: Annotated[int, Field(ge=1, le=4)]  # 1 guide only … 4 fully online (全程网办)
    online_channel: str = ""  # e.g. "粤省事小程序" / "广东政务服务网"
    max_visits: Annotated[int, Field(ge=0, le=3)]  # 最多跑几次
    process: Annotated[tuple[Text, ...], Field(min_length=1)]  # steps the citizen takes
    stages: Annotated[tuple[Stage, ...], Field(min_length=2)]
    legal_basis: str = ""
    # Standards and sums in force (缴费标准, 发放标准): plain lines the notice shows as they are.
    amounts: Annotated[tuple[Text, ...], Field(max_length=8)] = ()

    @field_validator("amounts")
    @classmethod
    def amounts_name_their_authority(cls, amounts: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(amounts)) != len(amounts):
            raise ValueError("an amounts line is repeated")
        bare = [a for a in amounts if "元" in a and "为准" not in a]
        if bare:
            raise ValueError(f"a sum of money says whose published standard prevails (以…为准): {bare[0]}")
        return amounts

    @field_validator("halls")
    @classmethod
    def known_halls(cls, halls: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [h for h in halls if h not in HALL_CODES]
        if unknown:
            raise ValueError(f"unknown hall {', '.join(unknown)}; known: {', '.join(HALL_CODES)}")
        return halls

    @model_validator(mode="after")
    def consistent(self) -> Item:
        if self.promised_days > self.legal_days:
            raise ValueError("promised_days must not exceed legal_days")
        if self.on_the_spot and self.promised_days != 0:
            raise ValueError("an on_the_spot item has promised_days 0")
        if self.free != bool(re.fullmatch(r"免费.*|不收费.*", self.fee)):
            raise ValueError("free and fee disagree: fee text of a free item starts with 免费 or 不收费")
        codes = {s.code for s in self.situations}
        if len(codes) != len(self.situations):
            raise ValueError("situation codes repeated")
        clashes = situation_clashes(self.situations)
        if clashes:
            raise ValueError("ambiguous situation aliases: " + "; ".join(clashes))
        for i, m in enumerate(self.materials):
            stray = [c for c in m.when if c not in codes]
            if stray:
                raise ValueError(f"materials[{i}].when names unknown situation {', '.join(stray)}")
        if self.stages[0] != "申请受理" or self.stages[-1] != "办结":
            raise ValueError("stages start with 申请受理 and end with 办结")
        return self

    def materials_for(self, situation: str | None = None) -> tuple[Material, ...]:
        return tuple(m for m in self.materials if not m.when or situation in m.when)


class CatalogFile(Strict):
    version: Literal[1]
    halls: Annotated[tuple[Hall, ...], Field(min_length=1)]
    items: Annotated[tuple[Item, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def unique_codes(self) -> CatalogFile:
        for what, codes in (("item", [i.code for i in self.items]), ("hall", [h.code for h in self.halls])):
            seen: set[str] = set()
            for code in codes:
                if code in seen:
                    raise ValueError(f"duplicate {what} code {code}")
                seen.add(code)
        return self
