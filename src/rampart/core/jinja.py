"""The Jinja2 environment: NHS.UK component macros plus Django's url and static helpers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, Environment
from markupsafe import Markup


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def labels(codes: Any, names: dict[str, str]) -> list[str]:
    """Stored codes shown as the words people chose them by."""
    return [names.get(code, code) for code in codes or []]


def _local(value: Any) -> Any:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value


def nhs_date(value: Any, month: str = "long") -> str:
    """A date as the NHS.UK style guide writes it, in UK time: 1 December 2026 (or 1 Dec 2026)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{value.day} {value.strftime('%B' if month == 'long' else '%b')} {value.year}"


def nhs_datetime(value: Any, month: str = "long") -> str:
    """A moment in UK time: 1 December 2026, 14:05."""
    if value is None or value == "":
        return ""
    value = _local(value)
    return f"{nhs_date(value, month)}, {value.strftime('%H:%M')}"


def nhs_when(value: Any, time_of_day: bool, month: str = "long") -> str:
    """`nhs_datetime` where the time of day may be shown, else `nhs_date` (anonymous reports)."""
    return nhs_datetime(value, month) if time_of_day else nhs_date(value, month)


def summary_rows(rows: Any) -> list[dict[str, Any]]:
    """`core.plugins.DetailRow`s (rows other apps add to a page) as NHS.UK summary list rows."""
    found = []
    for row in rows:
        if row.href is None:
            value: dict[str, Any] = {"text": row.text}
        else:
            # Constant templates; the values are escaped by format().
            if row.download:
                link = Markup('<a href="{}" download>{}</a>').format(row.href, row.text)
            else:
                link = Markup('<a href="{}">{}</a>').format(row.href, row.text)
            value = {"html": link + row.after}
        found.append({"key": {"text": row.label}, "value": value})
    return found


def environment(**options: Any) -> Environment:
    # The NHS.UK macros read nested optional parameters (params.search.action), so missing values
    # must chain quietly rather than raise.
    options.pop("undefined", None)
    env = Environment(  # noqa: S701 - autoescape is set by Django's backend options
        undefined=ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update({"url": url, "static": static, "get_messages": get_messages})
    env.filters["labels"] = labels
    env.filters["nhs_date"] = nhs_date
    env.filters["nhs_datetime"] = nhs_datetime
    env.filters["nhs_when"] = nhs_when
    env.filters["summary_rows"] = summary_rows
    return env


__all__ = ["environment"]
