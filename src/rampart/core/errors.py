"""The one way a service says no: `Refused`, with the reasons a person reads on the page.

A service raises `Refused("Give a reason")` or `Refused.on_fields({"reason": "Give a reason"})`; the view
catches it and calls `core.forms.show_refusal(form, refused)`, so the one error-summary macro shows it.
Subclasses exist only where a caller must answer differently: `Conflict` (someone else saved first: 409).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Self


class Refused(Exception):
    """The change breaks a rule. `reasons` are messages for the user; `fields[i]` names the form field
    `reasons[i]` belongs to, or is None for the whole form."""

    default_reason = "This cannot be done"

    def __init__(self, *reasons: str, fields: Sequence[str | None] | None = None) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons) or (self.default_reason,)
        self.fields: tuple[str | None, ...] = (
            tuple(fields) if fields is not None else (None,) * len(self.reasons)
        )
        if len(self.fields) != len(self.reasons):
            raise ValueError("one field (or None) per reason")
        super().__init__("; ".join(self.reasons))

    @classmethod
    def on_fields(cls, problems: Mapping[str | None, str]) -> Self:
        """One reason per field: `{"reason": "Give a reason", None: "about the whole form"}`."""
        return cls(*problems.values(), fields=list(problems.keys()))

    def items(self) -> Iterator[tuple[str, str | None]]:
        """Each reason with the field it belongs to (None: the whole form)."""
        return zip(self.reasons, self.fields, strict=True)

    @property
    def problems(self) -> dict[str, str]:
        """The reasons keyed by field ("" for the whole form); the API's 422 shape."""
        found: dict[str, str] = {}
        for reason, field in self.items():
            found.setdefault(field or "", reason)
        return found


class Conflict(Refused):
    """Someone else changed the record since this page was loaded (a stale version): a 409."""

    default_reason = "Someone else changed this since you opened the page"
