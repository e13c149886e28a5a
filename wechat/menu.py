"""The official account's custom menu: data in wechat/menu.yaml, checked, then published.

    python main.py wechat menu show      the JSON that publishing would send
    python main.py wechat menu publish   POST cgi-bin/menu/create with the shared access token
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, TextIO

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from core.redis import open_redis
from core.settings import Settings

from .client import open_wechat
from .errors import PlatformError, PlatformUnavailable

MENU_FILE = Path(__file__).parent / "menu.yaml"


class MenuError(ValueError):
    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.problems = problems


def _within(text: str, limit: int) -> str:
    if len(text.encode()) > limit:
        raise ValueError(f"{text!r} is longer than {limit} bytes")
    return text


class Button(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1)]
    type: Literal["click", "view", "miniprogram"] | None = None
    key: Annotated[str, Field(min_length=1, max_length=128)] | None = None
    url: str | None = None
    appid: str | None = None
    pagepath: str | None = None
    sub_button: Annotated[tuple[Button, ...], Field(max_length=5)] | None = None

    @model_validator(mode="after")
    def complete(self) -> Button:
        if self.sub_button is not None:
            if self.type or self.key or self.url:
                raise ValueError(f"{self.name}: a button with sub_button has no type, key or url")
            if not self.sub_button:
                raise ValueError(f"{self.name}: sub_button is empty")
            if any(b.sub_button is not None for b in self.sub_button):
                raise ValueError(f"{self.name}: menus are two levels deep at most")
            for b in self.sub_button:
                _within(b.name, 60)
        elif self.type == "click" and not self.key:
            raise ValueError(f"{self.name}: a click button needs a key")
        elif self.type in ("view", "miniprogram") and not (self.url or "").startswith(("https://", "http://")):
            raise ValueError(f"{self.name}: a {self.type} button needs a url")
        elif self.type == "miniprogram" and not (self.appid and self.pagepath):
            raise ValueError(f"{self.name}: a miniprogram button needs appid and pagepath")
        elif self.type is None:
            raise ValueError(f"{self.name}: a button needs a type or sub_button")
        return self

    def click_keys(self) -> list[str]:
        if self.sub_button:
            return [k for b in self.sub_button for k in b.click_keys()]
        return [self.key] if self.type == "click" and self.key else []


class Menu(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    button: Annotated[tuple[Button, ...], Field(min_length=1, max_length=3)]

    @model_validator(mode="after")
    def top_level_names(self) -> Menu:
        for b in self.button:
            _within(b.name, 16)
        keys = self.click_keys()
        if len(keys) != len(set(keys)):
            raise ValueError("click keys repeat")
        return self

    def click_keys(self) -> list[str]:
        return [k for b in self.button for k in b.click_keys()]

    def payload(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)


def read_menu(path: Path = MENU_FILE) -> Menu:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Menu.model_validate(raw)
    except OSError as exc:
        raise MenuError(path, [f"cannot read: {exc.strerror}"]) from None
    except yaml.YAMLError as exc:
        raise MenuError(path, [f"not valid YAML: {exc}"]) from None
    except ValidationError as exc:
        raise MenuError(path, [f"{'.'.join(map(str, e['loc'])) or 'menu'}: {e['msg']}" for e in exc.errors()]) from None


async def run_menu(action: str, settings: Settings, out: TextIO, path: Path = MENU_FILE) -> int:
    """`python main.py wechat menu show|publish`; the exit status."""
    try:
        menu = read_menu(path)
    except MenuError as exc:
        out.write("".join(f"{path}: {p}\n" for p in exc.problems))
        return 2
    if action == "show":
        out.write(json.dumps(menu.payload(), ensure_ascii=False, indent=2) + "\n")
        return 0
    async with open_redis(settings.redis_url) as redis, open_wechat(settings, redis) as client:
        try:
            await client.create_menu(menu.payload())
        except (PlatformError, PlatformUnavailable) as exc:
            out.write(f"wechat menu publish: {exc}\n")
            return 1
    out.write(f"published the menu: {', '.join(b.name for b in menu.button)}\n")
    return 0
