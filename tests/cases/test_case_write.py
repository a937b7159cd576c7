"""The one shape of a case write (`cases.services._write.case_write`) and the one version claim
(`core.locking.claim_version`)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rampart.cases import services
from rampart.cases.models import Case, TimelineEntry
from rampart.cases.services import _write
from rampart.core.locking import Conflict, claim_version
from rampart.core.models import AuditEntry


def _add_witness(actor, case, version):
    return services.add_party(
        actor=actor,
        case=case,
        version=version,
        role="witness",
        person=services.PersonDetails(kind="staff", name="W"),
    )


def test_a_write_claims_the_next_version_and_says_what_it_did(alice, case):
    before = case.version
    _add_witness(alice, case, before)
    assert Case.objects.get(pk=case.pk).version == case.version == before + 1
    assert TimelineEntry.objects.filter(case=case, what="Witness added").count() == 1


def test_a_stale_version_changes_nothing(alice, case):
    stale = case.version
    _add_witness(alice, case, stale)
    entries, audited = TimelineEntry.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Conflict):
        _add_witness(alice, case, stale)
    assert case.parties.count() == 1
    assert (TimelineEntry.objects.count(), AuditEntry.objects.count()) == (entries, audited)
    assert case.version == Case.objects.get(pk=case.pk).version == stale + 1


def test_a_refused_step_leaves_the_version_in_memory_as_read(alice, case):
    version = case.version
    with pytest.raises(services.StepRefused):
        services.close(actor=alice, case=case, version=version)  # a new case cannot close
    assert case.version == Case.objects.get(pk=case.pk).version == version
    assert case.state == "new"


def test_a_refused_triage_leaves_no_screening_in_memory_for_the_next_write(alice, case):
    """Triage sets the screening before its step is checked; refused, the case object must not keep
    it, or the next write on the same object keeps the referral records in step with facts the
    database does not hold (a police liaison record for a criminal allegation never saved)."""
    from rampart.referrals.models import Referral

    with pytest.raises(services.StepRefused):
        services.triage(
            actor=alice,
            case=case,
            version=case.version,
            sexual_dimension="unknown",
            screening_notes="",
            immediate_actions="",
            priority="urgent",
            criminal_allegation=True,
        )
    fresh = Case.objects.get(pk=case.pk)
    assert (case.criminal_allegation, case.priority) == (fresh.criminal_allegation, fresh.priority)
    services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="affected",
        person=services.PersonDetails(kind="patient", name="Pat"),
    )
    assert not Referral.objects.filter(case=case, duty_code="POLICE_LIAISON").exists()


def test_the_policy_is_asked_before_the_version(charlie, case):
    with pytest.raises(PermissionDenied):
        _add_witness(charlie, case, case.version - 1)


def test_apps_hear_of_each_write_inside_it(alice, case, monkeypatch):
    heard = []
    monkeypatch.setattr(
        _write.hooks, "case_changed", lambda *, case, actor: heard.append((case.pk, actor.pk, case.version))
    )
    _add_witness(alice, case, None)
    assert heard == [(case.pk, alice.pk, case.version)]


def test_an_app_that_refuses_rolls_the_write_back(alice, case, monkeypatch):
    def refuse(*, case, actor):
        raise RuntimeError("out of step")

    monkeypatch.setattr(_write.hooks, "case_changed", refuse)
    version = case.version
    with pytest.raises(RuntimeError):
        _add_witness(alice, case, version)
    assert case.parties.count() == 0
    assert case.version == Case.objects.get(pk=case.pk).version == version


def test_a_write_that_says_nothing_is_refused(alice, case):
    version = case.version
    with pytest.raises(RuntimeError, match="timeline"), _write.case_write(alice, case, version=version):
        pass
    assert Case.objects.get(pk=case.pk).version == version


def test_claim_version_follows_the_form_not_the_row_in_memory(alice, case):
    loaded = case.version
    claim_version(case, None)
    other = Case.objects.get(pk=case.pk)
    with pytest.raises(Conflict):
        claim_version(other, loaded)
    claim_version(other, None)
    assert Case.objects.get(pk=case.pk).version == loaded + 2
