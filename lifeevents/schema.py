"""The life events file's shape (一件事): bundles of catalog items, the one form's fields, validated.

The file (lifeevents/data/bundles.yaml) is reviewed data, not code: a new bundle is a new entry.
`read_bundles_file(path, catalog)` checks it against these models and against the catalog (every
item, situation and material it names must exist there) and names file, bundle and field of every
problem.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
Text = Annotated[str, Field(min_length=1, max_length=300)]
Phrase = Annotated[str, Field(min_length=2, max_length=16, pattern=r"^\S+$")]
# What a field holds, so that one answer can carry several fields (an ID number, a phone, a date …).
FieldType = Literal["name", "id_number", "phone", "date", "sex", "choice", "code", "text"]
# Where a field can be taken from before it is asked: a kept document's read field (prechecks' vault).
Prefill = Literal["id_front.name", "id_front.id_number", "id_front.address", "hukou.address"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Option(Strict):
    code: Code  # a situation code of the items that take their situation from this field
    label: Text
    aliases: tuple[Phrase, ...] = ()  # what a citizen would say for it

    def phrases(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


class FormField(Strict):
    code: Code
    label: Text  # how the form and the question name it: 宝宝姓名
    type: FieldType
    hint: str = ""  # an example of the answer: 如“王小明”
    cue: tuple[Phrase, ...] = ()  # words that introduce its value in an answer: 宝宝叫, 孩子名字
    prefill: Prefill | None = None
    options: tuple[Option, ...] = ()  # a choice field's

    @model_validator(mode="after")
    def options_only_for_a_choice(self) -> FormField:
        if (self.type == "choice") != bool(self.options):
            raise ValueError("a choice field has options, and only a choice field")
        codes = [o.code for o in self.options]
        if len(set(codes)) != len(codes):
            raise ValueError("option codes repeated")
        return self


class SharedMaterial(Strict):
    """One document that several items ask for in their own words: requested once."""

    name: Text  # what the one list calls it
    covers: Annotated[tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]+:.+$")], ...], Field(min_length=2)]
    # each "item_code:the material's name in the catalog"


class BundleItem(Strict):
    item: Code  # a catalog item
    situation: Code | None = None  # the item's situation in this bundle, fixed
    situation_from: Code | None = None  # or: a choice field of the form whose option codes are situations
    after: tuple[Code, ...] = ()  # items of this bundle that must be completed first
    fields: tuple[Code, ...] = ()  # the form fields this item's application form needs
    # Materials of later items that this item issues (营业执照 for 发票申领): not requested from the citizen.
    produces: tuple[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]+:.+$")], ...] = ()

    @model_validator(mode="after")
    def one_situation_source(self) -> BundleItem:
        if self.situation and self.situation_from:
            raise ValueError("situation and situation_from: give one")
        return self


class Bundle(Strict):
    code: Code
    name: Text  # 新生儿出生一件事
    short_name: Text  # 出生一件事
    summary: Text  # one sentence: what the bundle does for the citizen
    triggers: Annotated[tuple[Phrase, ...], Field(min_length=1)]  # what a citizen says when it happens
    items: Annotated[tuple[BundleItem, ...], Field(min_length=2)]  # in the order they are done
    shared_materials: tuple[SharedMaterial, ...] = ()
    reviewed_by: Text  # who checked the bundle against the departments' rules, and when

    @model_validator(mode="after")
    def order_and_dependencies(self) -> Bundle:
        codes = [i.item for i in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError("an item is listed twice")
        for n, entry in enumerate(self.items):
            for before in entry.after:
                if before not in codes:
                    raise ValueError(f"items[{n}] ({entry.item}): after names {before}, not in this bundle")
                if codes.index(before) >= n:
                    raise ValueError(f"items[{n}] ({entry.item}): after {before}, which is not listed before it")
        return self

    def field_codes(self) -> tuple[str, ...]:
        """Every field of the bundle, each once, in the order the items need them."""
        seen: dict[str, None] = {}
        for entry in self.items:
            if entry.situation_from:
                seen.setdefault(entry.situation_from, None)
            for code in entry.fields:
                seen.setdefault(code, None)
        return tuple(seen)


class BundlesFile(Strict):
    version: Literal[1]
    fields: Annotated[tuple[FormField, ...], Field(min_length=1)]
    bundles: Annotated[tuple[Bundle, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def unique_codes(self) -> BundlesFile:
        for what, codes in (("field", [f.code for f in self.fields]), ("bundle", [b.code for b in self.bundles])):
            repeated = sorted({c for c in codes if codes.count(c) > 1})
            if repeated:
                raise ValueError(f"duplicate {what} code {', '.join(repeated)}")
        return self
