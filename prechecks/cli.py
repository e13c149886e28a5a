"""`python main.py precheck [--now YYYY-MM-DD] [--item ITEM] FILE...`: one JSON line per file.

No server, no network, no database: the catalog is read from its file for --item.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TextIO

from catalog import SHIPPED_CATALOG, read_catalog_file
from progress import add_working_days

from .check import Due, check_file
from .decode import MAX_BYTES
from .messages import message
from .result import Result


class UnknownItem(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"no item {code!r} in the catalog")
        self.code = code


def due_for(today: date, item_code: str | None, catalog_path: Path = SHIPPED_CATALOG) -> Due:
    """The day an ID card must still be valid on: the item's promised completion (working days), or 30 days on."""
    if item_code is None:
        return Due.without_item(today)
    item = next((i for i in read_catalog_file(catalog_path).items if i.code == item_code), None)
    if item is None:
        raise UnknownItem(item_code)
    return Due(today, add_working_days(today, item.promised_days), True)


def read_limited(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(MAX_BYTES + 1)  # one byte over the cap is enough to refuse it


def run_precheck(files: list[str], due: Due, out: TextIO) -> int:
    for name in files:
        try:
            data = read_limited(Path(name))
        except OSError:
            result = Result("other", ("refuse_corrupt",), {}, (message("refuse_corrupt", "other"),))
        else:
            result = check_file(data, due)
        out.write(result.json_line(name) + "\n")
        out.flush()
    return 0
