"""Resident identity numbers (GB 11643-1999): the check character (ISO 7064 MOD 11-2), birth date, sex."""

from __future__ import annotations

from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def check_character(first17: str) -> str:
    return CHECK_CHARACTERS[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def checksum_ok(number: str) -> bool:
    """18 characters, 17 digits then a digit or X, the last the MOD 11-2 check of the others."""
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return False
    return check_character(number[:17]) == number[17]


def birth_of(number: str) -> date | None:
    """The birth date encoded in characters 7-14, or None when they are not a date."""
    digits = number[6:14]
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def sex_of(number: str) -> str | None:
    """男 for an odd 17th digit, 女 for an even one."""
    if len(number) < 17 or not number[16].isdigit():
        return None
    return "男" if int(number[16]) % 2 else "女"


def valid(number: str) -> bool:
    return checksum_ok(number) and birth_of(number) is not None


def masked(number: str) -> str:
    """4406**********1234: for logs."""
    return f"{number[:4]}{'*' * max(len(number) - 8, 0)}{number[-4:]}" if len(number) > 8 else "*" * len(number)
