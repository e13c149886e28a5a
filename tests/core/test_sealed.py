"""Keys sealed at rest: encrypted under a secret when one is set, each purpose its own."""

from __future__ import annotations

import pytest

from core.sealed import PLAIN, Sealer


class Refused(Exception):
    pass


DEPT = Sealer("YIMEN_DEPT_KEY_SECRET", Refused, purpose=b"dept\n")
ROBOT = Sealer("YIMEN_ROBOT_KEY_SECRET", Refused)


def test_with_a_secret_the_key_is_not_stored_in_the_clear():
    stored = DEPT.seal("k-123456", "s3cret")
    assert "k-123456" not in stored and DEPT.open(stored, "s3cret") == "k-123456"


def test_without_a_secret_the_key_is_kept_as_is():
    assert DEPT.seal("k-1", "") == PLAIN + "k-1" and DEPT.open(PLAIN + "k-1", "") == "k-1"


@pytest.mark.parametrize("secret", ["", "another"])
def test_a_sealed_key_opens_only_with_its_secret(secret):
    stored = DEPT.seal("k-1", "s3cret")
    with pytest.raises(Refused, match="YIMEN_DEPT_KEY_SECRET"):
        DEPT.open(stored, secret)


def test_one_purpose_does_not_open_anothers_keys():
    with pytest.raises(Refused):
        ROBOT.open(DEPT.seal("k-1", "s3cret"), "s3cret")
