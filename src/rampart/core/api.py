"""What every app's API endpoints share: the 422 shape (finding an organisation: `organisations.api`)."""

from __future__ import annotations

from ninja import Schema


class FieldErrors(Schema):
    """422: one plain message per field, the same messages the pages give; nothing was stored."""

    errors: dict[str, str]


class FieldProblem(Exception):
    """Answered by the API (see `rampart.api`) as 422 with this message on this field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
