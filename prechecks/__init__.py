"""Material pre-review (预审): safe decoding, image quality, OCR, the fields of each document and their checks.

Public surface: `check_file` (bytes → Result, synchronous), `PrecheckPool`/`open_pool` (the same off the
event loop), `Due` (by when an ID card must still be valid), `Result`, and `run_precheck` for the command.
"""

from .check import Due, check_file
from .pool import PrecheckPool, open_pool
from .result import CODES, Result

__all__ = ["CODES", "Due", "PrecheckPool", "Result", "check_file", "open_pool"]
