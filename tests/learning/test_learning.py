from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from rampart.learning import rules, selectors, services
from rampart.learning.models import TrainingRecord
from tests.dates import date_post

COURSES = frozenset({"chaperone", "specialist_investigation"})


@given(st.dates(), st.one_of(st.none(), st.dates()), st.dates())
def test_training_is_current_between_completion_and_expiry(done, expires, on):
    expected = done <= on and (expires is None or on <= expires)
    assert rules.is_current(done, expires, on=on) is expected


@pytest.mark.parametrize(
    ("row", "column"),
    [
        (
            {"person_name": "", "course": "chaperone", "completed_on": "2026-01-01"},
            "person_name",
        ),
        ({"person_name": "A", "course": "juggling", "completed_on": "2026-01-01"}, "course"),
        (
            {"person_name": "A", "course": "chaperone", "completed_on": "01/02/2026"},
            "completed_on",
        ),
        (
            {
                "person_name": "A",
                "course": "chaperone",
                "completed_on": "2026-01-02",
                "expires_on": "2026-01-01",
            },
            "expires_on",
        ),
    ],
)
def test_a_bad_row_names_its_line_and_column(row, column):
    with pytest.raises(rules.RowError) as error:
        rules.parse_row(row, line=7, courses=COURSES)
    assert (error.value.line, error.value.column) == (7, column)


def test_csv_import_links_accounts_and_is_all_or_nothing(alice, bob, orgs):
    good = (
        "person_name,staff_number,email,course,completed_on,expires_on\n"
        f"Alice,123,{alice.email},specialist_investigation,2025-01-01,2028-01-01\n"
        "Bank Chaperone,,,chaperone,2025-06-01,\n"
    )
    assert services.import_csv(actor=bob, organisation=orgs["trust_a"], text=good) == 2
    assert selectors.has_current_training(alice, "specialist_investigation", on=date(2026, 11, 1))
    bad = good + "Someone,,,chaperone,not-a-date,\n"
    with pytest.raises(rules.RowError, match="line 4"):
        services.import_csv(actor=bob, organisation=orgs["trust_a"], text=bad)
    assert TrainingRecord.objects.count() == 2


def test_a_csv_without_the_needed_columns_is_refused(bob, orgs):
    with pytest.raises(rules.RowError, match="no person_name column"):
        services.import_csv(actor=bob, organisation=orgs["trust_a"], text="name,course\nA,chaperone\n")


def test_expired_training_does_not_count(alice, bob, orgs):
    services.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        user=alice,
        person_name="Alice",
        course="specialist_investigation",
        completed_on=date(2020, 1, 1),
        expires_on=date(2023, 1, 1),
    )
    assert not selectors.trained_users(
        orgs["trust_a"], "specialist_investigation", on=date(2026, 1, 1)
    ).exists()
    assert list(
        selectors.trained_users(orgs["trust_a"], "specialist_investigation", on=date(2022, 1, 1))
    ) == [alice]


def test_administrator_records_and_imports_training_through_the_pages(bob, alice, as_user):
    client = as_user(bob)
    bad = client.post(
        "/training/add/", {"person_name": "", "course": "", **date_post("completed_on", "yesterday-1-2026")}
    )
    body = bad.content.decode()
    assert "Enter the person" in body
    assert "Select the course" in body
    assert "The date they completed it must be a real date" in body
    client.post(
        "/training/add/",
        {
            "person_name": "Ivy",
            "course": "chaperone",
            **date_post("completed_on", "2026-01-01"),
            **date_post("expires_on", ""),
        },
    )
    upload = SimpleUploadedFile("t.csv", b"person_name,course,completed_on\nZed,chaperone,2026-02-02\n")
    client.post("/training/import/", {"file": upload})
    wrong = SimpleUploadedFile("t.csv", b"person_name,course,completed_on\nZed,chaperone,2026-13-02\n")
    assert (
        "Nothing was imported: line 2, completed_on"
        in client.post("/training/import/", {"file": wrong}).content.decode()
    )
    page = client.get("/training/").content.decode()
    assert "Ivy" in page
    assert "Zed" in page
    assert as_user(alice).get("/training/").status_code == 403
