"""Dates on pages follow the NHS.UK style guide and are shown in UK time."""

from datetime import UTC, date, datetime

from rampart.core.jinja import nhs_date, nhs_datetime


def test_a_date_has_no_leading_zero_and_a_full_month():
    assert nhs_date(date(2026, 12, 1)) == "1 December 2026"


def test_a_short_month_when_asked():
    assert nhs_date(date(2026, 12, 1), "short") == "1 Dec 2026"


def test_a_moment_just_before_midnight_utc_in_summer_is_the_next_day_in_the_uk():
    assert nhs_date(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == "2 June 2026"
    assert nhs_datetime(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == "2 June 2026, 00:30"


def test_an_iso_date_string_is_read():
    assert nhs_date("2025-01-05") == "5 January 2025"


def test_nothing_shows_as_nothing():
    assert nhs_date(None) == ""
    assert nhs_datetime("") == ""
