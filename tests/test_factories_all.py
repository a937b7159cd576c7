"""Every factory of the apps on top of cases builds a record the services could have made: saved, its
people working where the record belongs, and each state trait in the state it names."""

from datetime import timedelta

import pytest
from django.utils import timezone

from rampart.access_alerts import services as access_alerts
from rampart.accounts.models import Role
from rampart.assurance.models import AssessmentStatus
from rampart.assurance.rules import ItemStatus
from rampart.cases.models import Person
from rampart.cases.workflow import State
from rampart.chaperoning import rules as chaperoning
from rampart.learning.models import TrainingRecord
from rampart.learning.selectors import current, has_current_training
from rampart.patterns.models import CandidateStatus, Professional
from rampart.sharing import rules as sharing
from tests.factories import (
    AccessAlertFactory,
    ActionPlanItemFactory,
    AddendumFactory,
    AlertDecisionFactory,
    AlertEvidenceFactory,
    AlertImportFactory,
    AssessmentFactory,
    AssessmentItemFactory,
    CaseFactory,
    ChaperoneConcernFactory,
    ChaperoneRecordFactory,
    CharterProgressFactory,
    DisclosureFactory,
    EvidenceAttachmentFactory,
    MatchCandidateFactory,
    OnboardingCheckFactory,
    PatternAlertFactory,
    PatternDecisionFactory,
    PersonLinkFactory,
    ProfessionalFactory,
    ProviderReminderFactory,
    SharingContactFactory,
    TrainingRecordFactory,
    WeakSignalFactory,
    WorkforceFigureFactory,
    states_along,
)

pytestmark = pytest.mark.django_db


def works_at(user, organisation, role) -> bool:
    return user.memberships.filter(organisation=organisation, role=role).exists()


# --- the shared shape of state traits -----------------------------------------------------------------


def test_states_along_makes_each_trait_include_the_one_before():
    traits = states_along("screened", triaged=State.TRIAGED, referred=State.AWAITING_REVIEW_GROUP)
    assert traits["triaged"].overrides == {"screened": True, "state": State.TRIAGED}
    assert traits["referred"].overrides == {"triaged": True, "state": State.AWAITING_REVIEW_GROUP}


@pytest.mark.parametrize(
    "trait", ["triaged", "referred", "reviewed", "investigating", "outcome_recorded", "closed"]
)
def test_each_case_trait_reaches_its_state_through_every_step_before_it(trait):
    case = CaseFactory(**{trait: True})
    reached = list(case.transitions.order_by("at").values_list("to_state", flat=True))
    assert reached[-1] == case.state
    assert reached[0] == State.NEW
    assert case.state != State.NEW


# --- learning -------------------------------------------------------------------------------------------


def test_a_training_record_is_current_for_a_member_of_its_organisation():
    record = TrainingRecordFactory(investigator=True)
    today = timezone.localdate()
    assert record.user.memberships.filter(organisation=record.organisation).exists()
    assert record.person_name == record.user.get_full_name()
    assert has_current_training(record.user, record.course, on=today)


def test_an_expired_training_record_no_longer_counts():
    record = TrainingRecordFactory(expired=True, chaperone=True)
    assert record.expires_on < timezone.localdate()
    assert not TrainingRecord.objects.filter(current(record.course, on=timezone.localdate())).exists()


def test_bank_staff_are_trained_by_name_and_staff_number_without_an_account():
    records = TrainingRecordFactory.create_batch(3, bank_staff=True)
    assert all(r.user is None and r.person_name and r.staff_number for r in records)
    assert len({r.person_name for r in records}) > 1  # names vary as people do


# --- chaperoning ----------------------------------------------------------------------------------------


def test_a_chaperone_record_by_its_examiner_has_no_gaps():
    record = ChaperoneRecordFactory()
    assert works_at(record.examiner, record.organisation, Role.CLINICIAN)
    assert record.recorded_by == record.examiner
    assert record.examiner_name == record.examiner.get_full_name()
    assert record.has_chaperone
    assert chaperoning.gaps(record.facts()) == []
    assert chaperoning.can_edit(record.recorded_at, now=timezone.now())


def test_a_record_without_an_offer_shows_the_gap_and_a_deferred_one_its_reason():
    assert chaperoning.gaps(ChaperoneRecordFactory(no_offer=True).facts()) == [chaperoning.Gap.NO_OFFER]
    deferred = ChaperoneRecordFactory(deferred_examination=True)
    assert deferred.deferred
    assert deferred.deferral_reason
    assert not deferred.has_chaperone


def test_a_record_made_by_the_chaperone_names_them_as_the_chaperone():
    record = ChaperoneRecordFactory(by_chaperone=True)
    assert record.recorder_role == "chaperone"
    assert record.chaperone_user == record.recorded_by != record.examiner
    assert works_at(record.recorded_by, record.organisation, Role.CLINICIAN)


def test_an_addendum_comes_after_the_edit_window_from_the_records_author():
    addendum = AddendumFactory()
    assert addendum.author == addendum.record.recorded_by
    assert not chaperoning.can_edit(addendum.record.recorded_at, now=addendum.written_at)


def test_a_chaperone_concern_is_a_confidential_report_to_the_records_organisation():
    concern = ChaperoneConcernFactory()
    report = concern.report
    assert report.organisation == concern.record.organisation
    assert report.anonymity == "confidential"
    assert report.reporter_email == concern.raised_by.email
    assert report.what_happened == concern.text
    assert report.status_changes.get().status == "received"


# --- patterns -------------------------------------------------------------------------------------------


def test_professionals_are_found_by_the_keyed_hash_of_their_number():
    doctor, nurse = ProfessionalFactory(), ProfessionalFactory(nurse=True, esr=True)
    assert doctor.registration_key
    assert doctor.registration_key != doctor.registration_number
    assert nurse.regulator == "NMC"
    assert nurse.esr_key
    assert Professional.objects.filter(registration_key=nurse.registration_key).get() == nurse


def test_a_person_link_joins_the_same_registration_number():
    link = PersonLinkFactory()
    assert link.person.registration_key == link.professional.registration_key
    assert Person.objects.get(link__professional=link.professional) == link.person


def test_a_match_candidate_waits_until_a_handler_at_the_persons_organisation_decides():
    pending = MatchCandidateFactory()
    assert pending.status == CandidateStatus.PENDING
    assert pending.decided_by is None
    for trait, status in (("confirmed", CandidateStatus.CONFIRMED), ("rejected", CandidateStatus.REJECTED)):
        decided = MatchCandidateFactory(**{trait: True})
        assert decided.status == status
        assert works_at(decided.decided_by, decided.person.organisation, Role.CASE_HANDLER)
        assert decided.decided_at > decided.found_at


def test_a_weak_signal_is_about_someone_at_the_organisation_that_recorded_it():
    signal = WeakSignalFactory()
    assert signal.person.organisation == signal.organisation
    assert works_at(signal.recorded_by, signal.organisation, Role.CASE_HANDLER)
    assert signal.observed_on < timezone.localdate()


def test_a_reviewed_pattern_alert_has_its_decision_by_a_handler_there():
    alert = PatternAlertFactory(reviewed=True)
    decision = alert.decisions.get()
    assert alert.status == "reviewed"
    assert works_at(decision.decided_by, alert.organisation, Role.CASE_HANDLER)
    assert PatternAlertFactory().decisions.count() == 0


def test_a_pattern_decision_follows_its_alert():
    decision = PatternDecisionFactory()
    assert decision.decided_at > decision.alert.raised_at
    assert decision.alert.status == "reviewed"


# --- sharing --------------------------------------------------------------------------------------------


def test_a_sharing_contact_is_kept_by_an_administrator_of_its_organisation():
    contact = SharingContactFactory()
    assert works_at(contact.updated_by, contact.organisation, Role.ADMINISTRATOR)
    assert SharingContactFactory(organisation=contact.organisation) == contact  # one per organisation


def test_an_onboarding_check_keeps_the_identifier_only_encrypted_and_hashed():
    check = OnboardingCheckFactory()
    assert works_at(check.checked_by, check.organisation, Role.CASE_HANDLER)
    assert check.identifier not in check.identifier_key
    assert OnboardingCheckFactory(identifier=check.identifier).identifier_key == check.identifier_key


def test_a_requested_disclosure_is_on_a_basis_its_holder_can_rely_on():
    disclosure = DisclosureFactory()
    assert disclosure.requester != disclosure.holder
    assert works_at(disclosure.requested_by, disclosure.requester, Role.CASE_HANDLER)
    assert sharing.basis_problem(disclosure.basis_requested, holder_kind=disclosure.holder.kind) is None
    assert [(c.from_status, c.to_status) for c in disclosure.changes.all()] == [("", "requested")]


def test_a_released_disclosure_was_prepared_and_approved_by_two_handlers_at_the_holder():
    disclosure = DisclosureFactory(released=True)
    assert disclosure.status == sharing.Status.RELEASED
    assert disclosure.released_at
    assert disclosure.prepared_by != disclosure.approved_by
    for person in (disclosure.prepared_by, disclosure.approved_by):
        assert works_at(person, disclosure.holder, Role.CASE_HANDLER)
    assert [c.to_status for c in disclosure.changes.all()] == ["requested", "prepared", "released"]
    assert disclosure.changes.last().actor == disclosure.approved_by
    told = (disclosure.person_told, disclosure.person_told_on, disclosure.not_told_reason)
    assert sharing.told_problem(*told, timezone.localdate()) is None


@pytest.mark.parametrize(
    ("trait", "statuses"),
    [("prepared", ["requested", "prepared"]), ("declined", ["requested", "declined"])],
)
def test_each_disclosure_trait_has_its_status_rows(trait, statuses):
    disclosure = DisclosureFactory(**{trait: True})
    assert disclosure.status == statuses[-1]
    assert [c.to_status for c in disclosure.changes.all()] == statuses
    assert disclosure.approved_by is None
    assert disclosure.released_at is None


# --- access alerts --------------------------------------------------------------------------------------


def test_an_alert_import_is_made_by_the_organisations_privacy_officer():
    scan = AlertImportFactory()
    assert works_at(scan.imported_by, scan.organisation, Role.PRIVACY_OFFICER)
    assert 0 < scan.explained_share < 1


def test_an_access_alert_has_the_keyed_hashes_the_import_would_write():
    alert = AccessAlertFactory()
    assert alert.organisation == alert.scan.organisation
    assert alert.status == "new"
    assert not alert.explained
    assert alert.user_key == access_alerts.user_key(alert.epr_user_id)
    assert alert.first_ts < alert.last_ts < alert.scan.imported_at


def test_a_dismissed_alert_has_a_privacy_officers_decision_with_its_reason():
    alert = AccessAlertFactory(dismissed=True)
    decision = alert.decisions.get()
    assert (alert.status, decision.status) == ("dismissed", "dismissed")
    assert decision.reason
    assert works_at(decision.actor, alert.organisation, Role.PRIVACY_OFFICER)
    assert AlertDecisionFactory().alert.status == "dismissed"


def test_alert_evidence_lists_the_alerts_own_accesses():
    evidence = AlertEvidenceFactory()
    lines = evidence.events_csv.splitlines()
    assert len(lines) == evidence.rows + 1
    assert all(evidence.alert.epr_user_id in line for line in lines[1:])
    assert AccessAlertFactory(with_evidence=True).evidence.rows == 3


# --- assurance ------------------------------------------------------------------------------------------


def test_an_assessment_starts_in_progress_for_this_financial_year():
    assessment = AssessmentFactory()
    start = int(assessment.period[:4])
    today = timezone.localdate()
    assert today >= timezone.datetime(start, 4, 1).date() - timedelta(days=1)
    assert not assessment.is_locked
    assert [c.status for c in assessment.status_changes.all()] == [AssessmentStatus.DRAFT]
    assert works_at(assessment.created_by, assessment.organisation, Role.ADMINISTRATOR)


def test_an_approved_assessment_is_locked_with_a_board_members_approval_and_its_history():
    assessment = AssessmentFactory(approved=True)
    assert assessment.is_locked
    assert assessment.submitted_at
    assert assessment.approved_at
    assert works_at(assessment.approved_by, assessment.organisation, Role.BOARD_MEMBER)
    assert assessment.approver_name == assessment.approved_by.get_full_name()
    assert [c.status for c in assessment.status_changes.all()] == ["draft", "submitted", "approved"]
    submitted = AssessmentFactory(submitted=True)
    assert submitted.status == "submitted"
    assert submitted.approved_by is None


def test_an_item_met_is_updated_by_someone_at_the_assessments_organisation():
    item = AssessmentItemFactory(met=True)
    assert item.status == ItemStatus.MET
    assert works_at(item.updated_by, item.assessment.organisation, Role.ADMINISTRATOR)
    assert AssessmentItemFactory(assessment=item.assessment).status == ItemStatus.NOT_STARTED


def test_evidence_and_actions_belong_to_their_items_assessment():
    evidence = EvidenceAttachmentFactory()
    assert evidence.url
    assert not evidence.file
    action = ActionPlanItemFactory()
    assert action.assessment == action.item.assessment
    assert action.due_on > timezone.localdate()


def test_a_workforce_figure_never_counts_more_completions_than_staff():
    figure = WorkforceFigureFactory()
    assert figure.elearning_completed <= figure.headcount
    assert works_at(figure.recorded_by, figure.organisation, Role.ADMINISTRATOR)


def test_charter_progress_is_a_primary_care_providers_with_its_steps_in_order():
    progress = CharterProgressFactory(complete=True)
    assert progress.provider.kind == "primary_care"
    assert (
        progress.charter_signed_on
        < progress.checklist_completed_on
        < progress.chaperone_policy_reviewed_on
        < progress.contacted_on
    )
    assert CharterProgressFactory().contacted_on is None


def test_a_provider_reminder_comes_from_a_lead_of_the_providers_icb():
    reminder = ProviderReminderFactory()
    icb = reminder.provider.parent
    assert icb.kind == "icb"
    assert works_at(reminder.sent_by, icb, Role.ICB_LEAD)
