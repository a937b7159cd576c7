"""The duties a case shows come from what its pages record, each fact asked once (issue 16): through the
case's pages and services, never the engine alone."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from rampart.accounts.services import create_api_token
from rampart.cases import selectors, services
from rampart.cases.models import Investigation
from rampart.duties import DutyCode
from tests.dates import date_post
from tests.factories import CaseFactory


def _post(client, case, action, data, party=None):
    where = (
        f"/cases/{case.reference}/parties/{party.pk}/{action}/"
        if party
        else f"/cases/{case.reference}/{action}/"
    )
    fresh = type(case).objects.get(pk=case.pk)
    response = client.post(where, {"version": fresh.version, **data})
    assert response.status_code == 302, (action, response.status_code, response.content[:3000])
    return response


def _fresh(case):
    """The case as it is now: the pages posted above have moved its version on."""
    return type(case).objects.get(pk=case.pk)


def _overview(alice, case):
    return selectors.case_overview(alice, selectors.case_for_page(alice, case.reference))


def _duty(alice, case, code):
    return next((d for d in _overview(alice, case).duties if d.code is code), None)


def _row(alice, case, code):
    panel = _overview(alice, case).duty_panel
    return next((r for r in panel.rows if r.duty.code is code), None)


def _triage(client, case, **extra):
    _post(
        client,
        case,
        "triage",
        {
            "sexual_dimension": "yes",
            "screening_notes": "Touching during an examination.",
            "priority": "immediate",
            **extra,
        },
    )


def _add(client, case, role, kind, name, **extra):
    _post(client, case, "parties/add", {"role": role, "kind": kind, "name": name, **extra})
    return case.parties.order_by("-id").first()


@pytest.fixture
def assault(alice, orgs):
    return services.open_case(
        actor=alice,
        organisation=orgs["trust_a"],
        summary="A patient on the children's ward says a healthcare assistant touched her.",
        categories=["sexual_assault"],
    )


def test_a_child_patient_and_a_sexual_assault_make_safeguarding_required_due_today(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    born = timezone.localdate().replace(year=timezone.localdate().year - 14)
    _add(client, assault, "affected", "patient", "Maisie Okafor", **date_post("dob", born))
    _add(client, assault, "subject", "staff", "Dale Pryce", profession="healthcare_support_worker")

    duty = _duty(alice, assault, DutyCode.SAFEGUARDING_REFERRAL)

    assert duty is not None
    assert duty.status == "required"
    assert duty.due == timezone.localdate()
    row = _row(alice, assault, DutyCode.SAFEGUARDING_REFERRAL)
    assert any("under 18 (from their date of birth)" in line.text for line in row.because)
    page = client.get(f"/cases/{assault.reference}/").content.decode()
    assert "Safeguarding referral: required, due" in page


def test_under_18_answered_when_the_date_of_birth_is_not_known_counts_as_a_child(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    _add(client, assault, "affected", "patient", "Kofi Mensah", under_18="yes")

    assert selectors.duties_facts(assault)["concern"]["affected"]["child"] is True
    assert _duty(alice, assault, DutyCode.SAFEGUARDING_REFERRAL).status == "required"


def test_an_adult_patient_of_unknown_age_is_asked_about_not_assumed(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    patient = _add(client, assault, "affected", "patient", "Ruth Adeyemi")

    facts = selectors.duties_facts(assault)
    assert facts["concern"]["affected"]["child"] is None
    assert facts["concern"]["affected"]["adult_at_risk"] is None
    questions = _overview(alice, assault).duty_panel.questions
    texts = [q.text for q in questions]
    assert "Is the person affected under 18?" in texts
    assert "Is the person affected an adult at risk?" in texts
    href = next(q.href for q in questions if q.text == "Is the person affected under 18?")
    assert href == f"/cases/{assault.reference}/parties/{patient.pk}/facts/"
    page = client.get(f"/cases/{assault.reference}/").content.decode()
    assert "Questions that could change these duties" in page
    assert href in page


def test_answering_the_question_on_the_persons_page_changes_the_facts(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    patient = _add(client, assault, "affected", "patient", "Ruth Adeyemi")
    assert client.get(f"/cases/{assault.reference}/parties/{patient.pk}/facts/").status_code == 200

    _post(client, assault, "facts", {"under_18": "no", "adult_at_risk": "yes"}, party=patient)

    affected = selectors.duties_facts(assault)["concern"]["affected"]
    assert (affected["child"], affected["adult_at_risk"]) == (False, True)
    assert "Is the person affected under 18?" not in [
        q.text for q in _overview(alice, assault).duty_panel.questions
    ]


@pytest.fixture
def nurse_case(alice, as_user, orgs):
    """A case under investigation (its review group has met) about a staff nurse and an older patient."""
    case = CaseFactory(
        investigating=True,
        organisation=orgs["trust_a"],
        handler=alice,
        summary="A staff nurse made sexual remarks to and touched an older patient with dementia.",
        categories=["unwanted_touching", "sexual_comments"],
    )
    client = as_user(alice)
    _add(
        client,
        case,
        "affected",
        "patient",
        "Edith Barnes",
        **date_post("dob", "1938-02-11"),
        adult_at_risk="yes",
    )
    subject = _add(
        client,
        case,
        "subject",
        "staff",
        "Gareth Lloyd",
        profession="nurse",
        regulator="NMC",
        in_regulated_activity="yes",
        works_with_children="no",
    )
    return case, subject, client


def test_a_nurse_removed_from_regulated_activity_with_relevant_conduct_and_the_harm_test_met_needs_dbs(
    alice, nurse_case
):
    case, _subject, client = nurse_case
    excluded_on = timezone.localdate() - timedelta(days=3)
    _post(
        client,
        case,
        "interim",
        {
            "kind": "exclusion",
            "reason": "Excluded while the allegation is investigated.",
            **date_post("starts_on", excluded_on),
            **date_post("review_on", excluded_on + timedelta(days=14)),
        },
    )
    actions = selectors.duties_facts(case)["actions"]
    assert (actions["suspended"], actions["removed_from_regulated_activity"]) == (True, True)
    assert actions["removed_on"] == excluded_on.isoformat()
    services.record_findings(
        actor=alice,
        case=_fresh(case),
        version=None,
        findings="The remarks and the touching were found.",
        finding="substantiated",
    )

    _post(
        client,
        case,
        "outcome",
        {
            "kind": "dismissal",
            "removed_from_regulated_activity": "on",
            "relevant_conduct": "on",
            "harm_test_met": "on",
            "caution_or_conviction": "no",
        },
    )

    duty = _duty(alice, case, DutyCode.DBS_BARRING_REFERRAL)
    assert duty is not None
    assert duty.status == "required"
    assert duty.due is not None
    assert excluded_on <= duty.due <= timezone.localdate() + timedelta(days=31)
    row = _row(alice, case, DutyCode.DBS_BARRING_REFERRAL)
    assert any("Exclusion or suspension" in line.text and "not ended" in line.text for line in row.because)
    assert any(line.text.startswith("Outcome: Dismissal") for line in row.because)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "DBS barring referral: required, due" in page


def test_an_ended_exclusion_is_no_longer_a_suspension_but_still_a_removal(alice, nurse_case):
    case, subject, _client = nurse_case
    started = timezone.localdate() - timedelta(days=30)
    measure = services.add_interim_measure(
        actor=alice,
        case=_fresh(case),
        version=None,
        kind="exclusion",
        reason="Excluded pending a first look.",
        starts_on=started,
        review_on=started + timedelta(days=7),
        party=subject,
    )
    assert selectors.duties_facts(case)["actions"]["suspended"] is True
    services.end_interim_measure(
        actor=alice, case=_fresh(case), version=None, measure=measure, ends_on=started + timedelta(days=10)
    )

    actions = selectors.duties_facts(case)["actions"]

    assert (actions["suspended"], actions["removed_from_regulated_activity"], actions["removed_on"]) == (
        False,
        True,
        started.isoformat(),
    )
    row_lines = [line.text for row in _overview(alice, case).duty_panel.rows for line in row.because]
    assert any("so it is no longer in force; the removal it made still counts" in t for t in row_lines)


def test_restricted_practice_removes_from_clinical_duties_and_drug_access_is_named(alice, nurse_case):
    case, _subject, _ = nurse_case
    services.add_interim_measure(
        actor=alice,
        case=_fresh(case),
        version=None,
        kind="access_removed",
        reason="No access to the ward's drugs while the concern is looked into.",
        starts_on=date(2026, 1, 5),
        review_on=date(2026, 1, 19),
    )

    actions = selectors.duties_facts(case)["actions"]

    assert actions["removed_from_clinical_duties"] is True
    assert actions["removed_from_regulated_activity"] is False
    assert actions["removed_on"] == "2026-01-05"
    from rampart.cases.models import MeasureKind

    assert "drugs that could be fatal" in MeasureKind("access_removed").label


def test_partly_substantiated_is_kept_as_its_own_answer(alice, nurse_case):
    case, _, _client = nurse_case
    services.record_findings(
        actor=alice,
        case=_fresh(case),
        version=None,
        findings="The remarks were made; no touching found.",
        finding="partly_substantiated",
    )

    investigation = Investigation.objects.get(case=case)

    assert investigation.finding == "partly_substantiated"
    assert investigation.get_finding_display() == "Partly substantiated"
    lines = [line.text for row in _overview(alice, case).duty_panel.rows for line in row.because]
    assert "Investigation finding: partly substantiated" in lines
    assert "Investigation finding: substantiated" not in lines


def test_the_police_charge_and_the_risk_assessments_police_question_reach_the_duties(alice, nurse_case):
    case, subject, client = nurse_case
    _post(
        client,
        case,
        "police",
        {"police_reference": "WMP/123/26", "investigation_active": "on", "charged": "on"},
    )
    _post(
        client,
        case,
        "risk",
        {
            "details": "He lives near the patient.",
            "contact_police": "on",
            **date_post("review_on", date(2026, 12, 31)),
        },
        party=subject,
    )

    facts = selectors.duties_facts(case)

    assert facts["police"]["charged"] is True
    assert facts["risk"]["police_contact_advised"] is True
    assert _row(alice, case, DutyCode.POLICE_REPORT) is None or _row(alice, case, DutyCode.POLICE_REPORT).done


def test_a_subject_who_left_is_given_to_the_engine_with_the_day(alice, nurse_case):
    case, subject, client = nurse_case
    left = timezone.localdate() - timedelta(days=2)

    _post(
        client, case, "facts", {**date_post("left_on", left), "in_regulated_activity": "yes"}, party=subject
    )

    facts = selectors.duties_facts(case)["subject"]
    assert (facts["left_organisation"], facts["left_on"]) == (True, left.isoformat())
    assert _duty(alice, case, DutyCode.INFORMATION_SHARING_ON_TRANSFER) is not None


def test_unknown_regulated_activity_stays_null_and_is_asked(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    _add(client, assault, "subject", "staff", "Dale Pryce", profession="healthcare_support_worker")

    assert selectors.duties_facts(assault)["subject"]["in_regulated_activity"] is None
    row = _row(alice, assault, DutyCode.DBS_BARRING_REFERRAL)
    assert row is not None
    assert "Does the subject's work include regulated activity?" in [q.text for q in row.questions]


def test_assess_risk_for_everyone_shows_done_with_when_and_who_once_every_party_is_assessed(
    alice, as_user, assault
):
    client = as_user(alice)
    _triage(client, assault)
    people = [
        _add(client, assault, "affected", "patient", "Maisie Okafor", under_18="yes"),
        _add(client, assault, "subject", "staff", "Dale Pryce"),
    ]
    _post(
        client,
        assault,
        "risk",
        {"details": "Kept apart.", **date_post("review_on", date(2026, 12, 31))},
        party=people[0],
    )
    assert _row(alice, assault, DutyCode.RISK_ASSESSMENT_ALL_PARTIES).done is None

    _post(
        client,
        assault,
        "risk",
        {"details": "Off the ward.", **date_post("review_on", date(2026, 12, 31))},
        party=people[1],
    )

    done = _row(alice, assault, DutyCode.RISK_ASSESSMENT_ALL_PARTIES).done
    assert done is not None
    assert done.on == timezone.localdate()
    assert done.by == (alice.get_full_name() or alice.email)
    assert (
        "Assess risk for everyone involved: done"
        in client.get(f"/cases/{assault.reference}/").content.decode()
    )


def test_the_case_api_gives_the_same_duties_statuses_and_due_dates_as_the_page(alice, as_user, assault):
    client = as_user(alice)
    _triage(client, assault)
    _add(client, assault, "affected", "patient", "Maisie Okafor", under_18="yes")
    _, token = create_api_token(alice, "script")

    body = (
        Client()
        .get(f"/api/v1/cases/{assault.reference}", headers={"Authorization": f"Bearer {token}"})
        .json()
    )

    page = [
        (r.duty.code.value, r.duty.status.value, r.duty.due)
        for r in _overview(alice, assault).duty_panel.rows
    ]
    api = [
        (d["code"], d["status"], date.fromisoformat(d["due"]) if d["due"] else None) for d in body["duties"]
    ]
    assert api == page
    assert ("SAFEGUARDING_REFERRAL", "required", timezone.localdate()) in api
    # A child is not asked about as an adult at risk (Care Act 2014 s.42 is about adults).
    assert body["questions"] == [q.text for q in _overview(alice, assault).duty_panel.questions]
    assert "Is the person affected an adult at risk?" not in body["questions"]
