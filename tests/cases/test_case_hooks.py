"""The case's plug-in points seen from outside: the case page and the case API show the same referral
records (one `case_overview`); reading a case writes nothing but its read audit (records are kept in
step by `case_changed`, inside the writes); a write that fails leaves nothing of itself, the referral
records it would have moved included; and each app's `case_panels` appear only for those the policy
lets see them, showing the links that change a record only to those who may."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.test import Client
from markupsafe import escape

from rampart.accounts.services import create_api_token
from rampart.cases import hooks, services
from rampart.cases.models import Case, CaseTeamMember, CaseTransition, TimelineEntry
from rampart.core.models import AuditAction, AuditEntry
from rampart.organisations.services import upsert_organisation
from rampart.referrals import services as referrals
from rampart.referrals.models import Referral
from tests.factories import MembershipFactory
from tests.referrals.conftest import add_parties, screen
from tests.sharing.conftest import held_case, professional

RECORD_FIELDS = (
    "duty_code",
    "indicated",
    "duty_status",
    "recipient",
    "due_on",
    "status",
    "sent_on",
    "version",
)


def _row_counts() -> dict[str, int]:
    """How many rows every model's table holds."""
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


def _records(case: Case) -> set[tuple]:
    return set(Referral.objects.filter(case=case).values_list(*RECORD_FIELDS))


def _case_row(case: Case) -> dict:
    return Case.objects.filter(pk=case.pk).values().get()


def _api(user) -> tuple[Client, dict[str, str]]:
    _, token = create_api_token(user, "script")
    return Client(), {"Authorization": f"Bearer {token}"}


@pytest.fixture
def screened(case, alice):
    """A screened case with a patient affected and a registered nurse as subject: several referral
    records, opened by the case writes."""
    screen(case, alice, criminal=True)
    add_parties(case, alice)
    return case


# --- 1. the page and the API show the same records ----------------------------------------------------


def _page_records(body: str, case: Case) -> tuple[set[str], set[str]]:
    """The records the case page links to (by duty slug): those under their duty, and those it lists
    as no longer indicated."""
    view = re.compile(rf'href="/referrals/{re.escape(case.reference)}/([a-z-]+)/"')
    head, _, rest = body.partition("Referral records no longer indicated")
    kept, _, _ = rest.partition("Overdue referrals on all your cases")
    return set(view.findall(head)), set(view.findall(kept))


def test_the_case_page_and_the_case_api_show_the_same_referral_records(screened, alice, orgs, as_user):
    cqc = Referral.objects.get(case=screened, duty_code="CQC_NOTIFICATION")
    referrals.change_status(
        actor=alice,
        referral=cqc,
        version=None,
        status="sent",
        sent_on=cqc.changed_at.date(),
        recipient_reference="CQC-1",
        reason="",
    )
    # No longer CQC-registered (through the organisations service): the record is kept, not indicated.
    trust = orgs["trust_a"]
    upsert_organisation(
        actor=None,
        ods_code=trust.ods_code,
        name=trust.name,
        kind=trust.kind,
        parent=trust.parent,
        cqc_registered=False,
        regulated_activity_provider=trust.regulated_activity_provider,
    )

    body = as_user(alice).get(f"/cases/{screened.reference}/").content.decode()
    client, token = _api(alice)
    shown = client.get(f"/api/v1/cases/{screened.reference}", headers=token).json()["panels"][
        "referral_records"
    ]

    under_duties, kept = _page_records(body, screened)
    from_api = {r["duty"].lower().replace("_", "-"): r for r in shown}
    in_db = {r.slug: r for r in Referral.objects.filter(case=screened)}
    assert len(in_db) >= 4  # police, DBS, regulator, CQC at least
    assert under_duties | kept == set(from_api) == set(in_db)
    assert kept == {slug for slug, r in from_api.items() if not r["indicated"]} == {"cqc-notification"}
    assert under_duties == {slug for slug, r in from_api.items() if r["indicated"]}
    for slug, r in from_api.items():
        record = in_db[slug]
        assert (r["status"], r["indicated"], r["due_on"]) == (
            record.status,
            record.indicated,
            record.due_on and record.due_on.isoformat(),
        )
        if record.indicated:  # its status after the duty's name, in the duty's summary line
            assert re.search(
                rf"{re.escape(escape(record.name))}: (required|consider)[^<]*\. {record.status_label}", body
            )
    assert "CQC notification</a>: sent" in body


# --- 2. reading a case writes nothing but its read audit ----------------------------------------------


def _page_reader(user, as_user):
    client = as_user(user)
    return lambda case: client.get(f"/cases/{case.reference}/")


def _api_reader(user, as_user):
    client, token = _api(user)
    return lambda case: client.get(f"/api/v1/cases/{case.reference}", headers=token)


@pytest.mark.parametrize("reader", [_page_reader, _api_reader], ids=["page", "api"])
def test_reading_a_case_writes_nothing_but_read_audit_entries(reader, screened, alice, as_user):
    read = reader(alice, as_user)  # signed in, or holding a token, before counting
    # Out of step, as after a change past the services: a record gone, another's due date moved.
    Referral.objects.filter(case=screened, duty_code="DBS_BARRING_REFERRAL").delete()
    Referral.objects.filter(case=screened, duty_code="CQC_NOTIFICATION").update(due_on=None)
    records, case_row = _records(screened), _case_row(screened)
    timeline = list(TimelineEntry.objects.filter(case=screened).values_list("pk", "what"))
    counts = _row_counts()
    last_audit = AuditEntry.objects.latest("id").pk

    response = read(screened)

    assert response.status_code == 200
    added = AuditEntry.objects.filter(pk__gt=last_audit)
    assert {e.action for e in added} == {AuditAction.READ}
    assert added.filter(object_type="cases.case", object_id=str(screened.pk)).count() == 1
    after = _row_counts()
    after["core.AuditEntry"] -= added.count()
    assert after == counts
    assert _records(screened) == records
    assert _case_row(screened) == case_row
    assert list(TimelineEntry.objects.filter(case=screened).values_list("pk", "what")) == timeline


# --- 3. a write that fails leaves nothing -------------------------------------------------------------


def _triage(case, alice, *, version, sexual_dimension="yes"):
    services.triage(
        actor=alice,
        case=case,
        version=version,
        sexual_dimension=sexual_dimension,
        screening_notes="Touching described",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=True,
    )


def _assert_nothing_written(case, counts, case_row, records):
    assert _records(case) == records
    assert _row_counts() == counts
    assert _case_row(case) == case_row


def test_a_stale_write_opens_no_referral_record_and_saves_nothing(case, alice):
    stale = case.version
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=services.PersonDetails(kind="patient", name="Pat"),
    )
    counts, case_row, records = _row_counts(), _case_row(case), _records(case)

    with pytest.raises(services.Conflict):
        _triage(case, alice, version=stale)

    _assert_nothing_written(case, counts, case_row, records)
    _triage(case, alice, version=case.version)  # from the current version, the same triage moves them
    assert _records(case) != records


def test_a_refused_step_opens_no_referral_record_and_saves_nothing(case, alice):
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=services.PersonDetails(kind="patient", name="Pat"),
    )
    counts, case_row, records = _row_counts(), _case_row(case), _records(case)

    with pytest.raises(services.StepRefused):
        _triage(case, alice, version=None, sexual_dimension="unknown")

    _assert_nothing_written(case, counts, case_row, records)
    _triage(Case.objects.get(pk=case.pk), alice, version=None)  # screened, the same write moves them
    assert _records(case) != records


def test_a_write_refused_by_a_later_hook_rolls_back_the_records_the_referral_hook_opened(
    case, alice, monkeypatch
):
    """`case_changed` may refuse the write: what the referrals hook did before it rolls back too."""
    real = hooks.implementations
    seen: list[int] = []

    def refuse(*, case, actor):
        seen.append(Referral.objects.filter(case=case).count())  # the referral hook ran first
        raise services.StepRefused(("Refused by another app",))

    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=services.PersonDetails(kind="patient", name="Pat"),
    )
    monkeypatch.setattr(
        hooks, "implementations", lambda name: (*real(name), refuse) if name == "case_changed" else real(name)
    )
    counts, case_row, records = _row_counts(), _case_row(case), _records(case)

    with pytest.raises(services.StepRefused):
        _triage(case, alice, version=None)

    assert seen[-1] > 0
    _assert_nothing_written(case, counts, case_row, records)
    assert not CaseTransition.objects.filter(case=case, step="triage").exists()


def test_a_failing_referral_hook_rolls_back_the_whole_write(case, alice, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("duties engine unavailable")

    monkeypatch.setattr(referrals, "keep_in_step", broken)
    counts, case_row, records = _row_counts(), _case_row(case), _records(case)

    with pytest.raises(RuntimeError):
        _triage(case, alice, version=None)

    _assert_nothing_written(case, counts, case_row, records)
    assert Case.objects.get(pk=case.pk).state == "new"


# --- 4. panels only for those who may see them --------------------------------------------------------

PANELS = {"referral_records", "held_elsewhere", "access_events"}


@pytest.fixture
def privacy_officer(orgs):
    return MembershipFactory(organisation=orgs["trust_a"], role="privacy_officer").user


@pytest.fixture
def panelled(alice, orgs, privacy_officer):
    """A case from a report the EPR access scan raised (its access events), screened, whose subject a
    trust under another ICB also holds an investigation about (held elsewhere): every app's panel."""
    from rampart.access_alerts import services as access_alerts
    from rampart.access_alerts.models import AccessAlert
    from rampart.patterns.models import PersonLink
    from tests.access_alerts.conftest import alert_rows, event_rows

    access_alerts.import_scan(
        actor=privacy_officer,
        organisation=orgs["trust_a"],
        source="test",
        alerts=alert_rows(),
        events=event_rows(),
    )
    alert = AccessAlert.objects.order_by("-score").first()
    access_alerts.raise_concern(actor=privacy_officer, alert=alert, details="Please look.")
    case = services.open_case_from_report(actor=alice, report=alert.report)
    screen(case, alice)
    add_parties(case, alice)
    prof = professional()  # the nurse's NMC number, as add_parties records it
    held_case(orgs["trust_b"], prof, staff_number="B1")
    subject = case.parties.get(role="subject").person
    PersonLink.objects.create(
        person=subject, professional=prof, method="registration", linked_at=case.opened_at
    )
    case.evidence_href = f"/access-alerts/{alert.public_id}/events.csv"
    return case


@pytest.fixture
def ivy(panelled, orgs):
    """An investigator on the case team: she may see the case, not change it."""
    user = MembershipFactory(organisation=orgs["trust_a"], role="investigator").user
    CaseTeamMember.objects.create(case=panelled, user=user, role="investigator")
    return user


def _keys(panels) -> set[str]:
    return {p.key for p in panels if not p.key.startswith("referral:")}


def test_every_apps_panels_are_there_for_those_who_may_see_the_case(panelled, alice, ivy, as_user):
    for user in (alice, ivy):
        found = hooks.case_panels(case=panelled, user=user)
        assert _keys(found) == PANELS
        assert {p.key for p in found} >= {"referral:DBS_BARRING_REFERRAL", "referral:CQC_NOTIFICATION"}
        client, token = _api(user)
        assert (
            set(client.get(f"/api/v1/cases/{panelled.reference}", headers=token).json()["panels"]) == PANELS
        )
        page = as_user(user).get(f"/cases/{panelled.reference}/").content.decode()
        assert 'data-testid="held-elsewhere"' in page
        assert "ask Trust B for a disclosure" in page
        assert f'href="{panelled.evidence_href}" download>' in page
        assert f'href="/referrals/{panelled.reference}/dbs-barring-referral/"' in page
        # What the access events panel links to, they may open.
        assert as_user(user).get(panelled.evidence_href).status_code == 200


def test_no_app_gives_a_panel_to_someone_who_may_not_see_the_case(
    panelled, orgs, charlie, privacy_officer, as_user
):
    """Each app asks the policy itself, even called without the overview's check: a colleague not on
    the case, the privacy officer who raised it (she may read its access events from her queue, not the
    case), a handler under another ICB."""
    colleague = MembershipFactory(organisation=orgs["trust_a"], role="case_handler").user
    for user in (colleague, privacy_officer, charlie):
        assert hooks.case_panels(case=panelled, user=user) == []
        assert as_user(user).get(f"/cases/{panelled.reference}/").status_code == 404
        client, token = _api(user)
        assert client.get(f"/api/v1/cases/{panelled.reference}", headers=token).status_code == 404
    assert as_user(privacy_officer).get(panelled.evidence_href).status_code == 200


def test_only_those_who_may_change_a_referral_record_get_its_links_to_change_it(
    panelled, alice, ivy, as_user
):
    status = f'href="/referrals/{panelled.reference}/dbs-barring-referral/status/"'
    packet = f'href="/referrals/{panelled.reference}/dbs-barring-referral/packet.pdf"'

    handler = as_user(alice).get(f"/cases/{panelled.reference}/").content.decode()
    investigator = as_user(ivy).get(f"/cases/{panelled.reference}/").content.decode()

    assert status in handler
    assert packet in handler
    assert status not in investigator
    assert packet not in investigator
    assert as_user(ivy).get(f"/referrals/{panelled.reference}/dbs-barring-referral/status/").status_code in (
        403,
        404,
    )
