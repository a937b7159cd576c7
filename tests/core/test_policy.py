"""The authorisation matrix: each role x each organisation relationship → allowed or denied."""

import pytest

from rampart.access_alerts.permissions import AccessAlertAction
from rampart.accounts.models import Role
from rampart.accounts.permissions import AccountAction
from rampart.assurance.permissions import AssuranceAction
from rampart.cases.permissions import CaseAction
from rampart.chaperoning.permissions import ChaperoningAction
from rampart.core import policy
from rampart.learning.permissions import LearningAction
from rampart.organisations.permissions import OrganisationAction, visible_organisations
from rampart.patterns.permissions import PatternAction
from rampart.referrals.permissions import ReferralAction
from rampart.reporting.permissions import ReportingAction
from rampart.sharing.permissions import SharingAction
from tests.chaperoning.factories import ChaperoneRecordFactory
from tests.factories import CaseFactory, MembershipFactory, ReportFactory, UserFactory

# Where the user's membership sits relative to the organisation being acted on (Trust A, under ICB A).
RELATIONSHIPS = {
    "same": "trust_a",
    "icb_above": "icb_a",
    "region_above": "region",
    "other_trust": "trust_b",
    "other_icb": "icb_b",
}

# (action, role, relationship) → allowed. Anything not listed is denied.
ALLOWED = {
    *((OrganisationAction.VIEW_ORGANISATION, role, "same") for role in Role),
    (OrganisationAction.VIEW_ORGANISATION, Role.ICB_LEAD, "icb_above"),
    (OrganisationAction.VIEW_ORGANISATION, Role.ANALYST, "icb_above"),
    (OrganisationAction.VIEW_ORGANISATION, Role.ANALYST, "region_above"),
    (AccountAction.VIEW_MEMBERS, Role.ADMINISTRATOR, "same"),
    (AccountAction.MANAGE_MEMBERS, Role.ADMINISTRATOR, "same"),
    (OrganisationAction.VIEW_AUDIT_LOG, Role.ADMINISTRATOR, "same"),
    (OrganisationAction.VIEW_AUDIT_LOG, Role.PRIVACY_OFFICER, "same"),
    (OrganisationAction.VERIFY_AUDIT_LOG, Role.ADMINISTRATOR, "same"),
    (ReportingAction.TRIAGE_REPORTS, Role.CASE_HANDLER, "same"),
    (ReportingAction.VIEW_REPORT, Role.CASE_HANDLER, "same"),
    (ReportingAction.REVEAL_REPORTER, Role.CASE_HANDLER, "same"),
    (ReportingAction.MESSAGE_REPORTER, Role.CASE_HANDLER, "same"),
    (ReportingAction.MANAGE_SIGNPOSTING, Role.ADMINISTRATOR, "same"),
    (ReportingAction.WRITE_OUTCOME_STATEMENT, Role.CASE_HANDLER, "same"),
    (LearningAction.MANAGE_TRAINING, Role.ADMINISTRATOR, "same"),
    (CaseAction.OPEN_CASE, Role.CASE_HANDLER, "same"),
    (CaseAction.VIEW_CASE, Role.CASE_HANDLER, "same"),
    (CaseAction.EDIT_CASE, Role.CASE_HANDLER, "same"),
    (CaseAction.RECORD_REVIEW_DECISION, Role.CASE_HANDLER, "same"),
    (CaseAction.INVESTIGATE, Role.CASE_HANDLER, "same"),
    (CaseAction.MANAGE_REVIEW_GROUP, Role.ADMINISTRATOR, "same"),
    (CaseAction.VIEW_FINDINGS, Role.CASE_HANDLER, "same"),
    (CaseAction.VIEW_INTERVIEWS_AND_EVIDENCE, Role.CASE_HANDLER, "same"),
    (CaseAction.VIEW_RISK_AND_SUPPORT, Role.CASE_HANDLER, "same"),
    (AssuranceAction.VIEW_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (AssuranceAction.VIEW_ASSESSMENT, Role.ADMINISTRATOR, "same"),
    (AssuranceAction.VIEW_ASSESSMENT, Role.ICB_LEAD, "icb_above"),
    (AssuranceAction.EDIT_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (AssuranceAction.EDIT_ASSESSMENT, Role.ADMINISTRATOR, "same"),
    (AssuranceAction.APPROVE_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (AssuranceAction.MANAGE_WORKFORCE_FIGURES, Role.ADMINISTRATOR, "same"),
    (AssuranceAction.OVERSEE_PROVIDERS, Role.ICB_LEAD, "icb_above"),
    (AssuranceAction.VIEW_ROLLUP, Role.ANALYST, "same"),
    (AssuranceAction.VIEW_ROLLUP, Role.ANALYST, "icb_above"),
    (AssuranceAction.VIEW_ROLLUP, Role.ANALYST, "region_above"),
    (ChaperoningAction.RECORD_CHAPERONING, Role.CLINICIAN, "same"),
    (ChaperoningAction.AUDIT_CHAPERONING, Role.CASE_HANDLER, "same"),
    (ChaperoningAction.AUDIT_CHAPERONING, Role.ADMINISTRATOR, "same"),
    (ChaperoningAction.VIEW_CHAPERONE_RECORD, Role.CASE_HANDLER, "same"),
    (ChaperoningAction.VIEW_CHAPERONE_RECORD, Role.ADMINISTRATOR, "same"),
    (AccessAlertAction.REVIEW_ACCESS_ALERTS, Role.PRIVACY_OFFICER, "same"),
    # Anyone who works at Trust A may record a weak signal there; nobody outside it may.
    *((PatternAction.RECORD_WEAK_SIGNAL, role, "same") for role in Role),
    (PatternAction.VIEW_PATTERNS, Role.CASE_HANDLER, "same"),
    (PatternAction.CONFIRM_MATCH, Role.CASE_HANDLER, "same"),
    (PatternAction.REVIEW_PATTERN_ALERT, Role.CASE_HANDLER, "same"),
    (SharingAction.RUN_ONBOARDING_CHECK, Role.CASE_HANDLER, "same"),
    (SharingAction.RUN_ONBOARDING_CHECK, Role.ADMINISTRATOR, "same"),
    (SharingAction.REQUEST_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (SharingAction.REQUEST_DISCLOSURE, Role.ADMINISTRATOR, "same"),
    (SharingAction.PREPARE_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (SharingAction.APPROVE_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (SharingAction.VIEW_INVESTIGATIONS_REGISTER, Role.CASE_HANDLER, "same"),
    (SharingAction.VIEW_INVESTIGATIONS_REGISTER, Role.ADMINISTRATOR, "same"),
    (SharingAction.MANAGE_SHARING_CONTACT, Role.ADMINISTRATOR, "same"),
    # A released disclosure held by Trust A and requested by Trust B.
    (SharingAction.VIEW_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (SharingAction.VIEW_DISCLOSURE, Role.CASE_HANDLER, "other_trust"),
    (SharingAction.VIEW_DISCLOSURE, Role.ADMINISTRATOR, "other_trust"),
    (SharingAction.READ_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (SharingAction.READ_DISCLOSURE, Role.CASE_HANDLER, "other_trust"),
    (SharingAction.READ_DISCLOSURE, Role.ADMINISTRATOR, "other_trust"),
    # A commissioner notification Trust A sent to ICB A: only ICB A's lead receives it (the region's
    # MDSIPS case handlers receive theirs: tests/referrals/test_notifications.py).
    (ReferralAction.RECEIVE_NOTIFICATIONS, Role.ICB_LEAD, "icb_above"),
}

REPORT_ACTIONS = {
    ReportingAction.VIEW_REPORT,
    ReportingAction.REVEAL_REPORTER,
    ReportingAction.MESSAGE_REPORTER,
    ReportingAction.WRITE_OUTCOME_STATEMENT,
}
CASE_ACTIONS = {
    CaseAction.VIEW_CASE,
    CaseAction.EDIT_CASE,
    CaseAction.RECORD_REVIEW_DECISION,
    CaseAction.INVESTIGATE,
    CaseAction.VIEW_FINDINGS,
    CaseAction.VIEW_INTERVIEWS_AND_EVIDENCE,
    CaseAction.VIEW_RISK_AND_SUPPORT,
}
# Asked of a chaperone record at Trust A made by someone else: only its people amend or raise from it.
CHAPERONE_RECORD_ACTIONS = {
    ChaperoningAction.VIEW_CHAPERONE_RECORD,
    ChaperoningAction.AMEND_CHAPERONE_RECORD,
    ChaperoningAction.RAISE_CHAPERONE_CONCERN,
}
DISCLOSURE_ACTIONS = {SharingAction.VIEW_DISCLOSURE, SharingAction.READ_DISCLOSURE}
NOTIFICATION_ACTIONS = {ReferralAction.RECEIVE_NOTIFICATIONS}
OBJECT_ACTIONS = (
    REPORT_ACTIONS | CASE_ACTIONS | CHAPERONE_RECORD_ACTIONS | DISCLOSURE_ACTIONS | NOTIFICATION_ACTIONS
)
# Every app's actions: the matrix covers each (a test below fails when an app adds an action to its
# permissions.py that is not in this list).
ACTIONS = [
    *OrganisationAction,
    *AccountAction,
    *ReportingAction,
    *LearningAction,
    *CaseAction,
    *AssuranceAction,
    *ChaperoningAction,
    *AccessAlertAction,
    *PatternAction,
    *SharingAction,
    *ReferralAction,
]
CASES = [(a, r, rel) for a in ACTIONS for r in Role for rel in RELATIONSHIPS]


def test_the_matrix_covers_every_action_some_app_registers():
    assert {str(a) for a in ACTIONS} == policy.actions()


def test_an_action_no_app_registers_is_a_fault_not_a_quiet_refusal(orgs):
    from django.core.exceptions import ImproperlyConfigured

    user = MembershipFactory(organisation=orgs["trust_a"], role=Role.ADMINISTRATOR).user
    with pytest.raises(ImproperlyConfigured):
        policy.allowed(user, "organisation.no_such_action", orgs["trust_a"])


@pytest.mark.parametrize(
    ("action", "role", "relationship"),
    CASES,
    ids=[f"{a.value}-{r.value}-{rel}" for a, r, rel in CASES],
)
def test_authorisation_matrix(orgs, action, role, relationship):
    user = MembershipFactory(organisation=orgs[RELATIONSHIPS[relationship]], role=role).user
    expected = (action, role, relationship) in ALLOWED
    # Actions on a report are asked of a report made to Trust A; the rest of Trust A itself.
    # (A case with no named handler yet: the trust's case handlers are its team.)
    if action in REPORT_ACTIONS:
        target = ReportFactory(organisation=orgs["trust_a"])
    elif action in CASE_ACTIONS:
        target = CaseFactory(organisation=orgs["trust_a"])
    elif action in CHAPERONE_RECORD_ACTIONS:
        target = ChaperoneRecordFactory(organisation=orgs["trust_a"])
    elif action in DISCLOSURE_ACTIONS:
        from tests.sharing.conftest import disclosure

        target = disclosure(holder=orgs["trust_a"], requester=orgs["trust_b"], status="released")
    elif action in NOTIFICATION_ACTIONS:
        from tests.referrals.conftest import delivered_notification

        target = delivered_notification(orgs["trust_a"], orgs["icb_a"])
    else:
        target = orgs["trust_a"]
    assert policy.allowed(user, action, target) is expected


# Once a case is opened from a report, the report's actions follow the case (need to know). Where the
# asking case handler of Trust A stands on that case → the report actions allowed.
AFTER_A_CASE = {
    "named_handler": REPORT_ACTIONS,
    "no_handler_named": REPORT_ACTIONS,  # the trust's case handlers are then the case's team
    "not_on_the_team": set(),
    "investigator_on_the_team": {ReportingAction.VIEW_REPORT},
    "case_about_them": set(),
}


@pytest.mark.parametrize(
    ("position", "action"),
    [(p, a) for p in AFTER_A_CASE for a in sorted(REPORT_ACTIONS)],
)
def test_report_actions_follow_the_case_once_one_exists(orgs, position, action):
    from rampart.cases.models import CaseTeamMember, Party, Person

    user = MembershipFactory(organisation=orgs["trust_a"], role=Role.CASE_HANDLER).user
    report = ReportFactory(organisation=orgs["trust_a"])
    case = CaseFactory(organisation=orgs["trust_a"], report=report)
    someone_else = MembershipFactory(organisation=orgs["trust_a"], role=Role.CASE_HANDLER).user
    if position != "no_handler_named":
        handler = user if position == "named_handler" else someone_else
        CaseTeamMember.objects.create(case=case, user=handler, role="handler")
    if position == "investigator_on_the_team":
        CaseTeamMember.objects.create(case=case, user=user, role="investigator")
    if position == "case_about_them":
        person = Person.objects.create(organisation=orgs["trust_a"], kind="staff", name="Them", user=user)
        Party.objects.create(case=case, person=person, role="subject")
    assert policy.allowed(user, action, report) is (action in AFTER_A_CASE[position])


def test_report_actions_after_a_case_are_never_another_trusts(orgs, charlie):
    report = ReportFactory(organisation=orgs["trust_a"])
    CaseFactory(organisation=orgs["trust_a"], report=report)
    assert not any(policy.allowed(charlie, a, report) for a in REPORT_ACTIONS)


def test_anonymous_visitor_may_do_nothing(orgs):
    from django.contrib.auth.models import AnonymousUser

    assert not any(
        policy.allowed(AnonymousUser(), a, orgs["trust_a"]) for a in ACTIONS if a not in OBJECT_ACTIONS
    )


def test_inactive_user_may_do_nothing(orgs):
    user = MembershipFactory(organisation=orgs["trust_a"], role=Role.ADMINISTRATOR).user
    user.is_active = False
    assert not any(policy.allowed(user, a, orgs["trust_a"]) for a in ACTIONS if a not in OBJECT_ACTIONS)


def test_charlie_sees_nothing_of_trust_a(charlie, orgs):
    visible = set(visible_organisations(charlie))
    assert visible == {orgs["trust_b"]}


def test_icb_lead_sees_the_icb_and_its_providers_only(orgs):
    lead = MembershipFactory(organisation=orgs["icb_a"], role=Role.ICB_LEAD).user
    assert set(visible_organisations(lead)) == {orgs["icb_a"], orgs["trust_a"], orgs["gp_a"]}


def test_regional_analyst_sees_the_whole_region(orgs):
    analyst = MembershipFactory(organisation=orgs["region"], role=Role.ANALYST).user
    visible = set(visible_organisations(analyst))
    assert visible == {orgs[k] for k in ("region", "icb_a", "icb_b", "trust_a", "trust_b", "gp_a")}


def test_require_records_the_denial(charlie, orgs):
    from django.core.exceptions import PermissionDenied

    from rampart.core.models import AuditEntry

    with pytest.raises(PermissionDenied):
        policy.require(charlie, OrganisationAction.VIEW_ORGANISATION, orgs["trust_a"])
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.detail["attempted"]) == (
        "permission_denied",
        charlie,
        OrganisationAction.VIEW_ORGANISATION.value,
    )


def test_a_user_with_no_membership_sees_no_organisation(db):
    assert not visible_organisations(UserFactory()).exists()
