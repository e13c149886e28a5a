"""The architecture's import rules (ARCHITECTURE.md, after the Layout table), checked on the source.

Every product file is parsed with `ast`, never imported. An import counts wherever it is written:
at the top, inside a function (a lazy import is still a dependency) or under `TYPE_CHECKING`.
A string that spells an existing project module (`"handlers.robot_devices"` in a Tortoise model
list, an `importlib.import_module` argument) counts too: it makes the folder depend on that module
just as an import statement does.

A folder that does not exist yet is skipped, so the rules are already in place when it lands.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

DOMAIN_FOLDERS = ["appointments", "catalog", "intents", "lifeevents", "notify", "identity", "prechecks", "progress",
                  "wechat"]
CHANNEL_FOLDERS = ["handlers", "wechat"]
# Shipped code. tests/ and scripts/ (which serves the test fake of the platform) are not.
PRODUCT_FOLDERS = [*DOMAIN_FOLDERS, "core", "bot", "handlers", "bench"]
PRODUCT_FILES = ["main.py"]
NON_PRODUCT = ["tests", "scripts"]

DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")


def project_names() -> set[str]:
    """Every top-level name of the project: its folders (present or planned) and main."""
    present = {p.name for p in ROOT.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    return present | set(PRODUCT_FOLDERS) | set(NON_PRODUCT) | {"main"}


@dataclass(frozen=True)
class Import:
    file: str  # relative to the project root
    line: int
    module: str  # absolute dotted name
    how: str  # "import" or "string"

    @property
    def folder(self) -> str:
        return self.module.split(".")[0]

    def __str__(self) -> str:
        via = " (named in a string)" if self.how == "string" else ""
        return f"{self.file}:{self.line} imports {self.module}{via}"


def module_parts(path: Path) -> list[str]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def names_a_project_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(source: str, path: Path) -> Iterator[Import]:
    """Every module the source imports, relative imports resolved against its place in the tree."""
    file = path.relative_to(ROOT).as_posix()
    parts = module_parts(path)
    package = parts if path.name == "__init__.py" else parts[:-1]
    names = project_names()
    for node in ast.walk(ast.parse(source, filename=file)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(file, node.lineno, alias.name, "import")
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                yield Import(file, node.lineno, node.module or "", "import")
                continue
            if node.level - 1 > len(package):
                continue  # beyond the top: Python refuses it anyway
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                yield Import(file, node.lineno, ".".join([*base, node.module]), "import")
            elif base:
                yield Import(file, node.lineno, ".".join(base), "import")
            else:  # `from .. import x` at the top of the tree imports the top-level module x
                for alias in node.names:
                    yield Import(file, node.lineno, alias.name, "import")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            if DOTTED_NAME.fullmatch(text) and text.split(".")[0] in names and names_a_project_module(text):
                yield Import(file, node.lineno, text, "string")


def files_of(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def imports_in(folder: str) -> list[Import]:
    return [imp for path in files_of(folder) for imp in imports_of(path.read_text(encoding="utf-8"), path)]


def require(folder: str) -> None:
    if not (ROOT / folder).is_dir():
        pytest.skip(f"{folder}/ does not exist yet")


def assert_none(found: list[Import], rule: str) -> None:
    if found:
        pytest.fail(
            f"{rule}; {len(found)} import(s) break it:\n" + "\n".join(f"  {imp}" for imp in found), pytrace=False
        )


@pytest.mark.parametrize("folder", DOMAIN_FOLDERS)
def test_a_domain_folder_imports_neither_handlers_nor_the_bot(folder: str) -> None:
    require(folder)
    found = [imp for imp in imports_in(folder) if imp.folder in {"handlers", "bot"}]
    assert_none(found, f"{folder}/ is a domain folder: it never imports handlers/ or bot/")


def test_core_imports_no_other_project_folder() -> None:
    require("core")
    others = project_names() - {"core"}
    found = [imp for imp in imports_in("core") if imp.folder in others]
    assert_none(found, "core/ imports no other project folder (task and model lists are passed to it)")


def test_the_bot_knows_no_channel() -> None:
    require("bot")
    found = [imp for imp in imports_in("bot") if imp.folder in CHANNEL_FOLDERS]
    assert_none(found, "bot/ knows no channel: it imports neither handlers/ nor wechat/")


@pytest.mark.parametrize("place", [*PRODUCT_FOLDERS, *PRODUCT_FILES])
def test_product_code_never_imports_the_tests(place: str) -> None:
    path = ROOT / place
    if not path.exists():
        pytest.skip(f"{place} does not exist yet")
    found = imports_of(path.read_text(encoding="utf-8"), path) if path.is_file() else imports_in(place)
    # A benchmark may start the fake platform as a program of its own (`python -m tests.fakes…`):
    # that string is a command line, not an import, so only import statements count here.
    imported = [imp for imp in found if imp.folder == "tests" and imp.how == "import"]
    assert_none(imported, f"{place} is shipped code: it never imports tests/")


# The checker itself, on sources written here.


def modules(source: str, at: str) -> list[str]:
    return [imp.module for imp in imports_of(source, ROOT / at)]


def test_absolute_lazy_and_type_checking_imports_all_count() -> None:
    source = (
        "import core.clock, json\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from bot.reply import Reply\n"
        "def f():\n"
        "    import handlers.wechat\n"
    )
    assert modules(source, "catalog/x.py") == ["core.clock", "json", "typing", "bot.reply", "handlers.wechat"]


def test_relative_imports_resolve_against_the_files_place() -> None:
    assert modules("from .clock import Clock", "core/jobs.py") == ["core.clock"]
    assert modules("from . import clock", "core/jobs.py") == ["core"]
    assert modules("from .models import X", "handlers/miniapp/__init__.py") == ["handlers.miniapp.models"]
    assert modules("from ..bot import reply", "handlers/miniapp/chat.py") == ["handlers.bot"]
    assert modules("from ...bot import reply", "handlers/miniapp/chat.py") == ["bot"]
    assert modules("from .. import bot", "core/jobs.py") == ["bot"]


def test_a_string_counts_only_when_it_names_a_project_module() -> None:
    source = 'M = ["core.clock", "models.Booking", "json.decoder", "core.nothing_here", "一门.办事"]'
    assert modules(source, "catalog/x.py") == ["core.clock"]
