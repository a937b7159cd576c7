from hypothesis import given
from hypothesis import strategies as st

from rampart.reporting import codes, journey

answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "organisation": st.sampled_from(["RA1", ""]),
        "about": st.sampled_from(["staff", "patient", ""]),
        "what_happened": st.text(max_size=5),
        "still_happening": st.sampled_from(["yes", "no", "not_sure", ""]),
        "someone_in_danger": st.booleans(),
        "anonymity": st.sampled_from(["named", "confidential", "anonymous"]),
        "reporter_name": st.text(max_size=5),
        "reporter_email": st.sampled_from(["", "a@example.com"]),
        "reporter_phone": st.sampled_from(["", "07700 900 982"]),
    },
)


@given(answers_strategy)
def test_anonymous_reporters_are_never_asked_who_they_are(answers):
    steps = journey.steps_for(answers)
    assert ("contact" in steps) is (answers.get("anonymity") != "anonymous")


@given(answers_strategy)
def test_an_anonymous_report_keeps_no_identity_whatever_was_typed(answers):
    cleaned = journey.without_identity(answers)
    if answers.get("anonymity") == "anonymous":
        assert not set(cleaned) & set(journey.IDENTITY_FIELDS)
    else:
        assert cleaned == answers


@given(answers_strategy)
def test_next_then_previous_returns_to_the_same_page(answers):
    steps = journey.steps_for(answers)
    for slug in steps[:-1]:
        assert journey.previous_step(journey.next_step(slug, answers), answers) == slug


@given(answers_strategy)
def test_a_report_with_nothing_missing_has_no_unanswered_page(answers):
    assert (journey.first_unanswered_step(answers) is None) is (journey.missing(answers) == [])


def test_named_report_needs_a_way_to_reach_the_reporter():
    answers = {
        "organisation": "RA1",
        "about": "staff",
        "what_happened": "x",
        "still_happening": "no",
        "anonymity": "named",
        "reporter_name": "Sam",
    }
    assert journey.missing(answers) == ["reporter_contact"]
    assert journey.first_unanswered_step(answers) == "contact"


def test_danger_or_ongoing_harm_is_urgent():
    assert journey.urgent({"someone_in_danger": True})
    assert journey.urgent({"still_happening": "yes"})
    assert not journey.urgent({"still_happening": "not_sure", "someone_in_danger": False})


def test_first_page_has_no_previous_page():
    assert journey.previous_step("organisation", {}) is None
    assert journey.previous_step("nonsense", {}) is None


def test_receipt_codes_have_16_random_digits():
    made = {codes.new_receipt_code() for _ in range(200)}
    assert len(made) == 200
    assert all(len(c) == 16 and c.isdigit() for c in made)


@given(st.text(max_size=30))
def test_normalising_accepts_only_16_digits(typed):
    result = codes.normalise_receipt_code(typed)
    assert result is None or (len(result) == 16 and result.isdigit())


def test_a_code_typed_with_spaces_or_dashes_is_understood():
    assert codes.normalise_receipt_code("1234 5678-9012 3456") == "1234567890123456"
    assert codes.format_receipt_code("1234567890123456") == "1234 5678 9012 3456"


def test_references_are_readable():
    reference = codes.new_reference()
    assert reference.startswith("RPT-")
    assert not set(reference[4:].replace("-", "")) & set("01IO")


@given(st.datetimes(timezones=st.timezones()))
def test_an_anonymous_report_keeps_only_the_uk_day(at):
    kept = journey.kept_time(at, anonymous=True)
    assert kept.tzinfo == journey.UK
    assert (kept.hour, kept.minute, kept.second, kept.microsecond) == (0, 0, 0, 0)
    assert kept.date() == at.astimezone(journey.UK).date()


@given(st.datetimes(timezones=st.timezones()))
def test_a_named_report_keeps_the_moment_as_it_was(at):
    assert journey.kept_time(at, anonymous=False) is at


def test_a_complete_anonymous_report_has_no_unanswered_page():
    answers = {
        "organisation": "RA1",
        "about": "staff",
        "affected": "me",
        "what_happened": "x",
        "happened_on": "2026-01-01",
        "where": "ward 4",
        "still_happening": "no",
        "anonymity": "anonymous",
    }
    assert journey.missing(answers) == []
    assert journey.first_unanswered_step(answers) is None


def test_the_reporter_sees_the_cases_state_in_plain_words_once_a_case_exists():
    assert journey.reporter_status("in_progress", "under_investigation")[0] == "Being investigated"
    assert journey.reporter_status("closed", "triaged")[0] == "Being looked at"  # a reopened case


def test_without_a_case_the_reporter_sees_the_reports_own_status():
    assert journey.reporter_status("received", None)[0] == "Received"
    assert journey.reporter_status("closed", None)[0] == "Closed"
    assert journey.reporter_status("no_such_status", "no_such_state")[0] == "Received"


def test_the_outcome_is_shown_only_once_the_case_or_the_report_is_closed():
    assert journey.is_closed("closed", "closed")
    assert not journey.is_closed("closed", "outcome_recorded")
    assert journey.is_closed("closed", None)
    assert not journey.is_closed("in_progress", None)


@given(st.integers(min_value=0, max_value=10_000))
def test_public_counts_under_5_are_never_shown(n):
    shown = journey.public_count(n)
    assert shown == ("fewer than 5" if n < 5 else str(n))
