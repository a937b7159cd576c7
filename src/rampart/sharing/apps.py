from __future__ import annotations

from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "rampart.sharing"
    verbose_name = "Information sharing"
