"""Model fields for special-category and identifying data."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.db import models

from rampart.core.crypto import Keyring, is_encrypted


@cache
def keyring() -> Keyring:
    return Keyring(tuple(settings.RAMPART_DATA_KEYS))


class EncryptedTextField(models.TextField):
    """Free text stored encrypted (AES-GCM, key id per value); Python code sees plain text.

    The database never holds the plain text, so these fields cannot be searched or ordered in SQL.
    """

    description = "Text encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or not is_encrypted(value):
            return value
        return keyring().decrypt(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            # Empty stays empty, so "no identity kept" can be a database constraint.
            return value
        return keyring().encrypt(str(value))
