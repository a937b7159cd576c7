"""Form fields every app asks for the same way."""

from __future__ import annotations

from django import forms

DATE_HINT = "For example, 2026-12-01"


def date_field(label: str, required: bool = True, help_text: str = DATE_HINT) -> forms.DateField:
    """A date typed as 2026-12-01, with NHS-style messages naming the field."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower().removesuffix(' (optional)')}",
            "invalid": "Enter a date like 2026-12-01",
        },
    )
