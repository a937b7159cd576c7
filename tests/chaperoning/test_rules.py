"""The chaperone record's pure rules: required answers, gaps, the 24-hour window, audit figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.chaperoning import rules
from rampart.chaperoning.rules import Gap, RecordFacts
from tests.chaperoning.factories import answers


def facts(**changes) -> RecordFacts:
    base = {
        "examined_on": date(2026, 5, 10),
        "department": "Gynaecology",
        "clinician": "Dr A",
        "offer": "accepted",
        "purpose_documented": True,
        "purpose_explained": True,
        "deferred": False,
        "chaperone_trained": True,
        "observed_throughout": True,
        "concerns": 0,
    }
    return RecordFacts(**{**base, **changes})


# --- what a record must say ---


def test_a_complete_record_has_no_problems():
    assert rules.problems(answers()) == {}


def test_every_required_answer_is_named_when_nothing_is_given():
    found = rules.problems({})
    assert set(rules.REQUIRED_MESSAGES) <= set(found)
    assert found["offer"] == "Select what happened with the offer of a chaperone"


def test_a_chaperone_recording_names_the_examining_clinician():
    found = rules.problems(answers(recorder_role="chaperone", chaperone_name=""))
    assert found == {"examiner_name": "Enter the name of the clinician who examined the patient"}


def test_a_chaperone_recording_does_not_type_their_own_name():
    assert (
        rules.problems(answers(recorder_role="chaperone", examiner_name="Dr Ellis", chaperone_name="")) == {}
    )


@pytest.mark.parametrize("capacity", ["child", "lacks"])
def test_a_child_or_a_patient_lacking_capacity_needs_notes(capacity):
    assert "capacity_notes" in rules.problems(answers(capacity=capacity))
    assert rules.problems(answers(capacity=capacity, capacity_notes="Mother consented")) == {}


def test_best_interests_consent_is_not_for_a_patient_with_capacity():
    assert "consent" in rules.problems(answers(consent="best_interests"))


def test_no_consent_means_the_examination_was_deferred():
    assert "deferred" in rules.problems(answers(consent="not_given"))
    assert rules.problems(answers(consent="not_given", deferred=True, deferral_reason="Declined")) == {}


def test_a_deferred_examination_says_why():
    assert rules.problems(answers(deferred=True)) == {
        "deferral_reason": "Say why the examination was deferred"
    }


def test_a_chaperone_in_the_room_is_named_with_a_role_and_whether_they_could_see():
    found = rules.problems(answers(chaperone_name="", chaperone_role="", observed_throughout=None))
    assert set(found) == {"chaperone_name", "chaperone_role", "observed_throughout"}


def test_a_deferred_examination_needs_no_chaperone_details():
    found = rules.problems(
        answers(
            offer="patient_requested",
            chaperone_name="",
            chaperone_role="",
            observed_throughout=None,
            deferred=True,
            deferral_reason="No chaperone free",
        )
    )
    assert found == {}


@pytest.mark.parametrize("offer", ["declined", "not_offered"])
def test_a_chaperone_name_contradicts_no_chaperone(offer):
    assert "chaperone_name" in rules.problems(answers(offer=offer))
    assert rules.problems(answers(offer=offer, chaperone_name="")) == {}


@pytest.mark.parametrize("bad", ["Ward\x007", "Ward \ud800"])
def test_text_that_cannot_be_stored_is_refused(bad):
    assert "department" in rules.problems(answers(department=bad))
    assert not rules.storable(bad)


# --- the patient's pseudonymous identifier ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("PX-40213", None),
        ("", "Enter the patient's pseudonymous identifier"),
        ("943 476 5919", "Enter the pseudonymous identifier, not the NHS number"),
        ("Jane Smith", "letters, numbers and dashes"),
        ("ABCDEF", "letters, numbers and dashes"),
        ("X" * 40 + "1", "letters, numbers and dashes"),
    ],
)
def test_patient_identifier(value, problem):
    found = rules.patient_ref_problem(value)
    assert (found is None) if problem is None else (problem in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9434765919", True),
        ("943-476-5919", True),
        ("9434765918", False),  # wrong check digit
        ("2000000010", True),  # remainder 0: the check digit is 0, not 11
        ("123456789", False),
        ("12345678ab", False),
    ],
)
def test_nhs_number(text, expected):
    assert rules.is_nhs_number(text) is expected


@given(st.text(max_size=60))
def test_any_typed_identifier_gets_an_answer_not_an_error(text):
    assert rules.patient_ref_problem(text) is None or isinstance(rules.patient_ref_problem(text), str)


# --- gaps ---


def test_a_complete_record_has_no_gaps():
    assert rules.gaps(facts()) == []


def test_each_gap_is_found():
    assert rules.gaps(facts(offer="not_offered", chaperone_trained=None, observed_throughout=None)) == [
        Gap.NO_OFFER
    ]
    assert rules.gaps(facts(purpose_documented=False, purpose_explained=False)) == [
        Gap.NO_PURPOSE,
        Gap.PURPOSE_NOT_EXPLAINED,
    ]
    assert rules.gaps(facts(chaperone_trained=False, observed_throughout=False)) == [
        Gap.UNTRAINED_CHAPERONE,
        Gap.NOT_THROUGHOUT,
    ]


def test_a_declined_or_deferred_examination_has_no_chaperone_gaps():
    assert rules.gaps(facts(offer="declined", chaperone_trained=None, observed_throughout=None)) == []
    assert rules.gaps(facts(deferred=True, chaperone_trained=False, observed_throughout=False)) == []


def test_every_gap_has_a_label():
    assert set(rules.GAP_LABELS) == set(Gap)


# --- the 24 hours -----------------------------------------------------------------------------------


def test_a_record_can_be_changed_for_24_hours_and_never_after():
    made = datetime(2026, 5, 10, 9, 0, tzinfo=UTC)
    assert rules.can_edit(made, now=made + timedelta(hours=23, minutes=59))
    assert not rules.can_edit(made, now=made + timedelta(hours=24))
    assert rules.editable_until(made) == made + timedelta(hours=24)


# --- audit figures on known data ---

KNOWN = [
    facts(department="Gynaecology", clinician="Dr A"),
    facts(department="Gynaecology", clinician="Dr A", offer="not_offered", chaperone_trained=None),
    facts(department="Urology", clinician="Dr B", purpose_documented=False, concerns=2),
    facts(department="Urology", clinician="Dr B", chaperone_trained=False, observed_throughout=False),
    facts(department="Urology", clinician="Dr A", offer="declined", examined_on=date(2026, 7, 1)),
    facts(department="Urology", clinician="Dr A", deferred=True, examined_on=date(2026, 7, 2)),
]


def test_audit_figures_on_known_data():
    totals = rules.figures(KNOWN)
    assert (
        totals.examinations,
        totals.no_offer,
        totals.no_purpose,
        totals.purpose_not_explained,
        totals.untrained,
        totals.not_throughout,
        totals.declined,
        totals.deferred,
        totals.concerns,
        totals.with_chaperone,
        totals.offer_documented,
    ) == (6, 1, 1, 0, 1, 1, 1, 1, 2, 3, 5)
    assert totals.percent(totals.offer_documented) == 83
    assert totals.percent(1, of=4) == 25
    assert rules.Figures().percent(0) is None


def test_groups_with_the_most_gaps_come_first():
    by_department = rules.grouped(KNOWN, lambda r: r.department)
    assert [(name, f.examinations) for name, f in by_department] == [("Urology", 4), ("Gynaecology", 2)]
    by_clinician = dict(rules.grouped(KNOWN, lambda r: r.clinician))
    assert (by_clinician["Dr B"].untrained, by_clinician["Dr A"].no_offer) == (1, 1)


def test_the_trend_has_every_month_of_the_period_even_empty_ones():
    series = rules.monthly(KNOWN, date(2026, 4, 15), date(2026, 8, 3))
    assert [(m, f.examinations) for m, f in series] == [
        (date(2026, 4, 1), 0),
        (date(2026, 5, 1), 4),
        (date(2026, 6, 1), 0),
        (date(2026, 7, 1), 2),
        (date(2026, 8, 1), 0),
    ]
    assert rules.monthly(KNOWN, date(2026, 8, 1), date(2026, 9, 1))[0][1].examinations == 0


def test_months_cross_the_year_end():
    assert rules.months(date(2026, 12, 5), date(2027, 1, 1)) == [date(2026, 12, 1), date(2027, 1, 1)]


# --- the period ---


def test_the_default_period_is_the_last_twelve_months():
    period = rules.parse_period("", "", today=date(2026, 11, 20))
    assert (period.start, period.end, period.problems) == (date(2025, 12, 1), date(2026, 11, 20), {})


def test_a_chosen_period_is_kept():
    period = rules.parse_period("2026-04-01", "2027-03-31", today=date(2026, 11, 20))
    assert (period.start, period.end) == (date(2026, 4, 1), date(2027, 3, 31))


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [("01/04/2026", "", "start"), ("2026-05-01", "2026-04-01", "end"), ("2020-01-01", "2026-01-01", "end")],
)
def test_a_bad_period_is_explained_and_the_default_used(start, end, field):
    period = rules.parse_period(start, end, today=date(2026, 11, 20))
    assert field in period.problems
    assert period.end == date(2026, 11, 20)


# --- export and text ---


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_are_escaped(value):
    assert rules.csv_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Dr Ellis", 3, None, ""])
def test_other_cells_are_unchanged(value):
    assert rules.csv_safe(value) == value


def test_the_concern_says_which_record_it_came_from():
    text = rules.concern_text(
        reference="CHR-AAAA-BBBB",
        examined_on=date(2026, 5, 10),
        department="Urology",
        procedure="Breast examination",
        examiner="Dr Ellis",
        concern="  I could not see.  ",
    )
    assert text.startswith("Concern raised from chaperone record CHR-AAAA-BBBB (Breast examination, Urology")
    assert "Examining clinician: Dr Ellis." in text
    assert text.endswith("I could not see.")


def test_offer_evidence_with_and_without_records():
    assert (
        rules.offer_evidence(rules.Figures(), "2026/27")
        == "No intimate examinations recorded in Rampart in 2026/27"
    )
    line = rules.offer_evidence(rules.figures(KNOWN), "2026/27")
    assert line.startswith("5 of 6 intimate examinations (83%) had a chaperone offer documented in 2026/27")


def test_references_are_readable():
    reference = rules.new_reference()
    assert reference.startswith("CHR-")
    assert len(reference) == 13
    assert not set(reference[4:].replace("-", "")) & set("01OI")


def test_every_principle_names_known_figures():
    known = {k for k, _ in rules.FIGURE_LABELS}
    assert all(set(keys) <= known for _, _, keys in rules.PRINCIPLES)


# --- whom a concern is about ---


@pytest.mark.parametrize(
    ("subject", "present", "expected"),
    [
        (rules.ConcernSubject(), True, {"concern_about": "Select whom your concern is about"}),
        (rules.ConcernSubject("nobody"), True, {"concern_about": "Select whom your concern is about"}),
        (rules.ConcernSubject("examiner"), False, {}),
        (rules.ConcernSubject("chaperone"), True, {}),
        (rules.ConcernSubject("not_said"), False, {}),
        (rules.ConcernSubject("someone_else", name="Dr R", role="GP"), True, {}),
    ],
)
def test_whom_a_concern_is_about_is_answered(subject, present, expected):
    assert rules.subject_problems(subject, chaperone_present=present) == expected


def test_a_concern_about_the_chaperone_needs_a_chaperone_there():
    found = rules.subject_problems(rules.ConcernSubject("chaperone"), chaperone_present=False)
    assert list(found) == ["concern_about"]


def test_a_concern_about_someone_else_needs_a_name_and_a_role_that_can_be_stored():
    found = rules.subject_problems(
        rules.ConcernSubject("someone_else", staff_number="\x00"), chaperone_present=True
    )
    assert set(found) == {"concern_about_name", "concern_about_role", "concern_about_staff_number"}


def test_only_a_concern_about_a_person_names_one():
    assert [a for a in rules.ConcernAbout if rules.ConcernSubject(a).names_a_person] == [
        "examiner",
        "chaperone",
        "someone_else",
    ]


def test_the_concern_says_whom_it_is_about_when_asked():
    text = rules.concern_text(
        reference="CHR-A",
        examined_on=date(2026, 1, 5),
        department="Urology",
        procedure="Breast examination",
        examiner="Dr Mark Ellis",
        concern="x",
        about="the chaperone at this examination (Jo Smith)",
    )
    expected = "Dr Mark Ellis. The concern is about: the chaperone at this examination (Jo Smith)."
    assert expected in text
