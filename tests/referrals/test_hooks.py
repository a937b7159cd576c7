"""Referral records kept in step from outside a case write: an organisation's settings changed through
its service (`organisation_changed` → `follow_organisation`) move its open cases' records and leave its
closed cases' alone; `rampart sync-referrals` puts right what was changed past the services, says how
many cases it changed, and changes nothing when run again."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command

from rampart import cli
from rampart.core.models import AuditEntry
from rampart.organisations.services import upsert_organisation
from rampart.referrals import services
from rampart.referrals.models import Referral
from tests.factories import CaseFactory
from tests.referrals.conftest import add_parties, screen

FIELDS = ("duty_code", "indicated", "duty_status", "recipient", "due_on", "status", "sent_on")


def _records(case) -> set[tuple]:
    return set(Referral.objects.filter(case=case).values_list(*FIELDS))


def _indicated(case) -> dict[str, bool]:
    return dict(Referral.objects.filter(case=case).values_list("duty_code", "indicated"))


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


def _set_trust(orgs, **settings) -> None:
    """Trust A's settings changed through the organisations service, its other settings kept."""
    trust = orgs["trust_a"]
    trust.refresh_from_db()
    now = {
        "cqc_registered": trust.cqc_registered,
        "regulated_activity_provider": trust.regulated_activity_provider,
        **settings,
    }
    upsert_organisation(
        actor=None, ods_code=trust.ods_code, name=trust.name, kind=trust.kind, parent=trust.parent, **now
    )


@pytest.fixture
def closed(orgs):
    """A closed case at Trust A whose records were in step when it closed."""
    from rampart.cases.models import Person

    case = CaseFactory(organisation=orgs["trust_a"], closed=True, parties=2)
    Person.objects.filter(parties__case=case, parties__role="affected").update(kind="patient")
    services.sync_referrals(actor=case._factory_handler, case=case)
    assert Referral.objects.filter(case=case, duty_code="CQC_NOTIFICATION", indicated=True).exists()
    return case


# --- organisation_changed -----------------------------------------------------------------------------


def test_an_organisation_no_longer_cqc_registered_moves_its_open_cases_records_not_its_closed_ones(
    screened, closed, orgs
):
    assert _indicated(screened)["CQC_NOTIFICATION"] is True
    closed_before = _records(closed)
    others = {code for code, on in _indicated(screened).items() if on and code != "CQC_NOTIFICATION"}

    _set_trust(orgs, cqc_registered=False)

    assert _indicated(screened)["CQC_NOTIFICATION"] is False  # kept, no longer indicated
    assert {code for code, on in _indicated(screened).items() if on} == others
    assert _records(closed) == closed_before
    cqc = Referral.objects.get(case=screened, duty_code="CQC_NOTIFICATION")
    assert AuditEntry.objects.filter(
        object_type="referrals.referral",
        object_id=str(cqc.pk),
        detail__what="No longer indicated by the duties engine",
    ).exists()


def test_an_organisation_newly_cqc_registered_opens_the_record_on_open_cases_only(screened, closed, orgs):
    _set_trust(orgs, cqc_registered=False)
    Referral.objects.filter(case=closed, duty_code="CQC_NOTIFICATION").delete()  # as if it never had one
    closed_before = _records(closed)

    _set_trust(orgs, cqc_registered=True)

    assert _indicated(screened)["CQC_NOTIFICATION"] is True
    assert _records(closed) == closed_before
    assert not Referral.objects.filter(case=closed, duty_code="CQC_NOTIFICATION").exists()


def test_a_change_to_another_organisation_leaves_these_records_alone(screened, orgs):
    before = _records(screened)
    trust_b = orgs["trust_b"]

    upsert_organisation(
        actor=None,
        ods_code=trust_b.ods_code,
        name=trust_b.name,
        kind=trust_b.kind,
        parent=trust_b.parent,
        cqc_registered=False,
        regulated_activity_provider=False,
    )

    assert _records(screened) == before


def test_an_organisation_change_that_rolls_back_takes_the_records_with_it(screened, orgs):
    from django.db import transaction

    before = _records(screened)
    moved = []

    def change_then_fail():
        with transaction.atomic():
            _set_trust(orgs, cqc_registered=False)
            moved.append(_indicated(screened)["CQC_NOTIFICATION"])  # inside the change
            raise RuntimeError("the change failed after")

    with pytest.raises(RuntimeError):
        change_then_fail()

    assert moved == [False]
    assert _records(screened) == before


# --- rampart sync-referrals ---------------------------------------------------------------------------


@pytest.fixture
def two_open(alice, orgs, closed):
    """Two screened open cases at Trust A, and the closed one."""
    from rampart.cases import services as cases

    found = []
    for _ in range(2):
        case = cases.open_case(actor=alice, organisation=orgs["trust_a"], summary="Comments on nights.")
        screen(case, alice, criminal=True)
        add_parties(case, alice)
        found.append(case)
    return found


def _sync() -> str:
    out = io.StringIO()
    call_command("sync_referrals", stdout=out)
    return out.getvalue()


def test_sync_referrals_puts_right_what_was_changed_past_the_services_and_says_how_many_cases(
    two_open, closed
):
    first, second = two_open
    in_step = {case.pk: _records(case) for case in (*two_open, closed)}
    # Past the services: a record deleted on one case; a due date moved and a duty marked gone on the
    # other; and a record deleted on the closed case (closed cases are not brought into step).
    Referral.objects.filter(case=first, duty_code="DBS_BARRING_REFERRAL").delete()
    cqc = Referral.objects.get(case=second, duty_code="CQC_NOTIFICATION")
    Referral.objects.filter(pk=cqc.pk).update(due_on=cqc.due_on + timedelta(days=30))
    Referral.objects.filter(case=second, duty_code="POLICE_REPORT").update(indicated=False)
    Referral.objects.filter(case=closed, duty_code="CQC_NOTIFICATION").delete()
    closed_now = _records(closed)

    printed = _sync()

    assert printed.strip() == "cases whose referral records changed: 2"
    assert _records(first) == in_step[first.pk]
    assert _records(second) == in_step[second.pk]
    assert _records(closed) == closed_now != in_step[closed.pk]
    assert (
        Referral.objects.get(case=first, duty_code="DBS_BARRING_REFERRAL").changes.count() == 1
    )  # opened anew, to do


def test_sync_referrals_run_again_changes_nothing(two_open):
    Referral.objects.filter(case=two_open[0], duty_code="DBS_BARRING_REFERRAL").delete()
    assert _sync().strip() == "cases whose referral records changed: 1"
    counts, records = _row_counts(), {c.pk: _records(c) for c in two_open}
    versions = list(Referral.objects.order_by("pk").values_list("pk", "version", "changed_at"))

    printed = _sync()

    assert printed.strip() == "cases whose referral records changed: 0"
    assert _row_counts() == counts
    assert {c.pk: _records(c) for c in two_open} == records
    assert list(Referral.objects.order_by("pk").values_list("pk", "version", "changed_at")) == versions


def test_the_rampart_command_names_it_sync_referrals_with_a_hyphen(two_open, monkeypatch):
    from django.core import management

    ran = []
    monkeypatch.setattr(management, "execute_from_command_line", ran.append)
    Referral.objects.filter(case=two_open[1], duty_code="CQC_NOTIFICATION").delete()

    assert cli.main(["sync-referrals"]) == 0
    assert ran == [["rampart", "sync_referrals"]]
    assert management.get_commands()["sync_referrals"] == "rampart.referrals"
    assert _sync().strip() == "cases whose referral records changed: 1"  # what it runs
    assert Referral.objects.filter(case=two_open[1], duty_code="CQC_NOTIFICATION").exists()
