"""How apps plug into one another without importing each other.

An app offers a hook as an optional method on its `AppConfig` (`navigation`, `sweep`,
`load_demo_data`, `about_user`, `person_recorded`, `case_changed`, `case_panels`, ...). The app
that needs the hook asks `implementations(name)` and calls each; it never imports the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any


@cache
def implementations(name: str) -> tuple[Any, ...]:
    """The bound `name` methods of every installed app's `AppConfig` that offers one, in
    `INSTALLED_APPS` order (cached: the app registry does not change after start-up)."""
    from django.apps import apps

    return tuple(getattr(c, name) for c in apps.get_app_configs() if callable(getattr(c, name, None)))


@dataclass(frozen=True)
class DetailRow:
    """One row an app adds to another app's summary list (a report's details, say): a label and
    either plain text or a link (`href`), with optional plain text after the link."""

    label: str
    text: str
    href: str | None = None
    download: bool = False
    after: str = ""
