"""Load England's bank holidays once before any test, so the first lookup (which builds the
``holidays`` calendar, a few hundred milliseconds) does not count against a Hypothesis deadline."""

from __future__ import annotations

from rampart.duties.deadlines import bank_holidays

bank_holidays(2026)
