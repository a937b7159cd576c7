from __future__ import annotations

from django.apps import AppConfig


class PatternsConfig(AppConfig):
    name = "rampart.patterns"
    verbose_name = "Cumulative patterns"
