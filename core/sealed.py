"""Keys Yimen must read back (a department's signing key, a robot's key), sealed at rest.

A key that signs requests cannot be stored as a hash: the server needs the key itself. It is kept
encrypted with Fernet under a key derived from a setting (YIMEN_DEPT_KEY_SECRET,
YIMEN_ROBOT_KEY_SECRET) when that setting is set, and as-is otherwise (the embedded default: then
the database is as secret as the keys). `purpose` keeps one setting's keys from opening another's.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken

PLAIN, SEALED = "plain:", "fernet:"


@dataclass(frozen=True)
class Sealer:
    setting: str  # the environment variable holding the secret, named in errors
    error: type[Exception]  # raised when a stored key cannot be opened
    purpose: bytes = b""  # mixed into the derived key

    def _fernet(self, secret: str) -> Fernet:
        return Fernet(base64.urlsafe_b64encode(hashlib.sha256(self.purpose + secret.encode()).digest()))

    def seal(self, key: str, secret: str) -> str:
        return SEALED + self._fernet(secret).encrypt(key.encode()).decode() if secret else PLAIN + key

    def open(self, stored: str, secret: str) -> str:
        if stored.startswith(PLAIN):
            return stored.removeprefix(PLAIN)
        if not secret:
            raise self.error(f"the key is encrypted and {self.setting} is not set")
        try:
            return self._fernet(secret).decrypt(stored.removeprefix(SEALED).encode()).decode()
        except InvalidToken:
            raise self.error(f"the key does not open with {self.setting}") from None
