"""Model fields for special-category and identifying data."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from rampart.core.crypto import DecryptionError, Keyring


@cache
def keyring() -> Keyring:
    return Keyring(tuple(settings.RAMPART_DATA_KEYS))


class EncryptedTextField(models.TextField):
    """Free text stored encrypted (AES-GCM, key id per value); Python code sees plain text.

    Each value is bound (associated data) to its table and column, ``<db_table>.<column>``: a value copied
    into another column or table does not decrypt, and a stored value that is not encrypted (plain text
    written past the application) is refused, never returned. Rows are not bound: the primary keys are
    auto-increment, unknown before INSERT (docs/security.md, Crypto inventory). Renaming the table or the
    column therefore needs the values re-encrypted under the new name. Empty stays empty (and NULL NULL),
    so "no identity kept" can be a database constraint. The database never holds the plain text, so these
    fields cannot be searched or ordered in SQL.
    """

    description = "Text encrypted at rest"

    def bound_to(self) -> str:
        """The associated data of this field's values: ``<db_table>.<column>``."""
        model = getattr(self, "model", None)
        if model is None:
            raise ImproperlyConfigured("an EncryptedTextField encrypts only as a field of a model")
        return f"{model._meta.db_table}.{self.column}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return self.decrypt_stored(value)

    def decrypt_stored(self, value: str) -> str:
        """The plain text of a stored value; DecryptionError naming the field (never the value) if not."""
        try:
            return keyring().decrypt(value, context=self.bound_to())
        except DecryptionError as exc:
            raise DecryptionError(f"{self.model._meta.label}.{self.name} ({self.bound_to()}): {exc}") from exc

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return keyring().encrypt(str(value), context=self.bound_to())
