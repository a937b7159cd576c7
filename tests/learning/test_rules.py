"""learning.rules without the database: a good CSV row of training becomes a Row."""

from datetime import date

import pytest

from rampart.learning.rules import Row, parse_row

COURSES = frozenset({"chaperone", "specialist_investigation"})


@pytest.mark.parametrize(
    ("expires_on", "expected"),
    [("2027-03-01", date(2027, 3, 1)), ("", None), (None, None)],
)
def test_a_good_row_is_read_with_its_dates(expires_on, expected):
    raw = {
        "person_name": " Dana Okafor ",
        "staff_number": "S-4471",
        "email": "Dana.Okafor@Trust-A.nhs.uk",
        "course": "chaperone",
        "completed_on": "2026-03-01",
        "expires_on": expires_on,
    }
    assert parse_row(raw, line=4, courses=COURSES) == Row(
        "Dana Okafor", "S-4471", "dana.okafor@trust-a.nhs.uk", "chaperone", date(2026, 3, 1), expected
    )


def test_long_names_and_staff_numbers_are_cut_to_what_is_kept():
    raw = {
        "person_name": "N" * 300,
        "staff_number": "9" * 40,
        "course": "chaperone",
        "completed_on": "2026-01-05",
    }
    row = parse_row(raw, line=2, courses=COURSES)
    assert (len(row.person_name), len(row.staff_number), row.email) == (200, 30, "")
