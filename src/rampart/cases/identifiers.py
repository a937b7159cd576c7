"""Identifiers of a person involved in a case (staff, professional registration and ESR person numbers):
stored encrypted, with a keyed hash beside each, the only form SQL ever compares.

One hash purpose per kind of identifier, never per organisation, so the same ESR person number or
registration number hashes the same at every employer (cross-employer matching and onboarding checks
need that); a staff number is only meaningful within its employer, so lookups add the organisation.
Values are normalised as `patterns.matching` compares them (upper case, no spaces): "12a 3456e" and
"12A3456E" have one hash. Only exact matches can be found this way: a hash has no prefix.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from rampart.cases.registration import normalise
from rampart.core.crypto import keyed_hash

STAFF_NUMBER = "staff_number"
REGISTRATION = "registration_number"
ESR = "esr_number"
KINDS = (STAFF_NUMBER, REGISTRATION, ESR)


def identifier_key(kind: str, number: str, *, regulator: str = "") -> str:
    """The keyed hash stored and compared for an identifier; empty when there is nothing to find
    (no number, or a registration number without its regulator)."""
    if kind not in KINDS:
        raise ValueError(f"unknown identifier kind {kind!r}")
    value = normalise(number or "")
    if not value:
        return ""
    if kind == REGISTRATION:
        if not regulator:
            return ""
        value = f"{regulator}:{value}"
    return keyed_hash(value, key=settings.RAMPART_INDEX_KEY, purpose=f"identifier.{kind}")


def staff_number_key(number: str) -> str:
    return identifier_key(STAFF_NUMBER, number)


def registration_key(regulator: str, number: str) -> str:
    return identifier_key(REGISTRATION, number, regulator=regulator)


def esr_key(number: str) -> str:
    return identifier_key(ESR, number)


class IdentifierKeyField(models.CharField):
    """The keyed hash of another field on the model, recomputed whenever the row is written (save and
    bulk_create both call `pre_save`), so an identifier can never be stored without its hash."""

    description = "Keyed hash of an identifier"

    def __init__(self, *args: Any, kind: str, source: str, regulator_field: str = "", **kwargs: Any) -> None:
        self.kind, self.source, self.regulator_field = kind, source, regulator_field
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("editable", None)
        kwargs.update(kind=self.kind, source=self.source)
        if self.regulator_field:
            kwargs["regulator_field"] = self.regulator_field
        return name, path, args, kwargs

    def key_for(self, instance: models.Model) -> str:
        regulator = getattr(instance, self.regulator_field, "") if self.regulator_field else ""
        return identifier_key(self.kind, getattr(instance, self.source) or "", regulator=regulator or "")

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.key_for(model_instance)
        setattr(model_instance, self.attname, value)
        return value


class KeepsIdentifierKeys(models.Model):
    """A model whose identifiers have `IdentifierKeyField`s: `save(update_fields=[identifier])` writes
    the hash too, so an identifier and its hash never disagree."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = _with_keys(type(self), update_fields)
        super().save(*args, **kwargs)


def _with_keys(model: type[models.Model], update_fields: Iterable[str]) -> list[str]:
    fields = list(update_fields)
    for field in model._meta.get_fields():
        if not isinstance(field, IdentifierKeyField) or field.name in fields:
            continue
        if field.source in fields or (field.regulator_field and field.regulator_field in fields):
            fields.append(field.name)
    return fields
