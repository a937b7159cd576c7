"""Schemas shared by every app's API endpoints."""

from __future__ import annotations

from ninja import Schema


class FieldErrors(Schema):
    """422: one plain message per field, the same messages the pages give; nothing was stored."""

    errors: dict[str, str]
