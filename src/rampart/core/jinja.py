"""The Jinja2 environment: NHS.UK component macros plus Django's url and static helpers."""

from __future__ import annotations

from typing import Any

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, Environment


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def labels(codes: Any, names: dict[str, str]) -> list[str]:
    """Stored codes shown as the words people chose them by."""
    return [names.get(code, code) for code in codes or []]


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
    return env


__all__ = ["environment"]
