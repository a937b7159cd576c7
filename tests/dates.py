"""Posting a date as the NHS.UK date input sends it: `<name>_day`, `<name>_month`, `<name>_year`."""

from datetime import date


def date_post(name: str, value: str | date) -> dict[str, str]:
    """The three boxes for a date: an ISO date is split as a person would type it; anything else
    (blank, "31/02/2026", "soon") is typed into the boxes as it splits on "-" or "/" (day first)."""
    if isinstance(value, date):
        parts = [str(value.day), str(value.month), str(value.year)]
    elif len(value) == 10 and value[4] == "-" and value[7] == "-":
        year, month, day = value.split("-")
        parts = [day, month, year]
    else:
        parts = [*value.replace("/", "-").split("-"), "", "", ""][:3]
    return {f"{name}_{part}": text for part, text in zip(("day", "month", "year"), parts, strict=True)}
