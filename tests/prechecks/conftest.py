"""The generated test documents, made once per session and checked once each (OCR is the slow part)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from prechecks import Due, Result, check_file

from .make_documents import font_path, make_all

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="session")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if font_path() is None:
        pytest.skip("no CJK font installed (Debian fonts-wqy-zenhei: scripts/services.sh install)")
    return make_all(tmp_path_factory.mktemp("documents"), TODAY)


class Checked:
    """check_file's result for each document without an item, computed on first use."""

    def __init__(self, documents: dict[str, Path]) -> None:
        self._documents = documents
        self._results: dict[str, Result] = {}

    def __getitem__(self, name: str) -> Result:
        if name not in self._results:
            self._results[name] = check_file(self._documents[name].read_bytes(), Due.without_item(TODAY))
        return self._results[name]


@pytest.fixture(scope="session")
def checked(documents: dict[str, Path]) -> Checked:
    return Checked(documents)
