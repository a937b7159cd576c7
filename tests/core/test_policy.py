"""The authorisation matrix: each role x each organisation relationship → allowed or denied."""

import pytest

from rampart.accounts.models import Role
from rampart.core import policy
from rampart.core.policy import Action
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
    *((Action.VIEW_ORGANISATION, role, "same") for role in Role),
    (Action.VIEW_ORGANISATION, Role.ICB_LEAD, "icb_above"),
    (Action.VIEW_ORGANISATION, Role.ANALYST, "icb_above"),
    (Action.VIEW_ORGANISATION, Role.ANALYST, "region_above"),
    (Action.VIEW_MEMBERS, Role.ADMINISTRATOR, "same"),
    (Action.MANAGE_MEMBERS, Role.ADMINISTRATOR, "same"),
    (Action.VIEW_AUDIT_LOG, Role.ADMINISTRATOR, "same"),
    (Action.VIEW_AUDIT_LOG, Role.PRIVACY_OFFICER, "same"),
    (Action.VERIFY_AUDIT_LOG, Role.ADMINISTRATOR, "same"),
    (Action.TRIAGE_REPORTS, Role.CASE_HANDLER, "same"),
    (Action.VIEW_REPORT, Role.CASE_HANDLER, "same"),
    (Action.REVEAL_REPORTER, Role.CASE_HANDLER, "same"),
    (Action.MESSAGE_REPORTER, Role.CASE_HANDLER, "same"),
    (Action.MANAGE_SIGNPOSTING, Role.ADMINISTRATOR, "same"),
    (Action.MANAGE_TRAINING, Role.ADMINISTRATOR, "same"),
    (Action.OPEN_CASE, Role.CASE_HANDLER, "same"),
    (Action.VIEW_CASE, Role.CASE_HANDLER, "same"),
    (Action.EDIT_CASE, Role.CASE_HANDLER, "same"),
    (Action.RECORD_REVIEW_DECISION, Role.CASE_HANDLER, "same"),
    (Action.INVESTIGATE, Role.CASE_HANDLER, "same"),
    (Action.MANAGE_REVIEW_GROUP, Role.ADMINISTRATOR, "same"),
    (Action.VIEW_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (Action.VIEW_ASSESSMENT, Role.ADMINISTRATOR, "same"),
    (Action.VIEW_ASSESSMENT, Role.ICB_LEAD, "icb_above"),
    (Action.EDIT_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (Action.EDIT_ASSESSMENT, Role.ADMINISTRATOR, "same"),
    (Action.APPROVE_ASSESSMENT, Role.BOARD_MEMBER, "same"),
    (Action.MANAGE_WORKFORCE_FIGURES, Role.ADMINISTRATOR, "same"),
    (Action.OVERSEE_PROVIDERS, Role.ICB_LEAD, "icb_above"),
    (Action.VIEW_ROLLUP, Role.ANALYST, "same"),
    (Action.VIEW_ROLLUP, Role.ANALYST, "icb_above"),
    (Action.VIEW_ROLLUP, Role.ANALYST, "region_above"),
    (Action.RECORD_CHAPERONING, Role.CLINICIAN, "same"),
    (Action.AUDIT_CHAPERONING, Role.CASE_HANDLER, "same"),
    (Action.AUDIT_CHAPERONING, Role.ADMINISTRATOR, "same"),
    (Action.VIEW_CHAPERONE_RECORD, Role.CASE_HANDLER, "same"),
    (Action.VIEW_CHAPERONE_RECORD, Role.ADMINISTRATOR, "same"),
    (Action.REVIEW_ACCESS_ALERTS, Role.PRIVACY_OFFICER, "same"),
    # Anyone who works at Trust A may record a weak signal there; nobody outside it may.
    *((Action.RECORD_WEAK_SIGNAL, role, "same") for role in Role),
    (Action.VIEW_PATTERNS, Role.CASE_HANDLER, "same"),
    (Action.CONFIRM_MATCH, Role.CASE_HANDLER, "same"),
    (Action.REVIEW_PATTERN_ALERT, Role.CASE_HANDLER, "same"),
    (Action.RUN_ONBOARDING_CHECK, Role.CASE_HANDLER, "same"),
    (Action.RUN_ONBOARDING_CHECK, Role.ADMINISTRATOR, "same"),
    (Action.REQUEST_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (Action.REQUEST_DISCLOSURE, Role.ADMINISTRATOR, "same"),
    (Action.PREPARE_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (Action.APPROVE_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (Action.VIEW_INVESTIGATIONS_REGISTER, Role.CASE_HANDLER, "same"),
    (Action.VIEW_INVESTIGATIONS_REGISTER, Role.ADMINISTRATOR, "same"),
    (Action.MANAGE_SHARING_CONTACT, Role.ADMINISTRATOR, "same"),
    # A released disclosure held by Trust A and requested by Trust B.
    (Action.VIEW_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (Action.VIEW_DISCLOSURE, Role.CASE_HANDLER, "other_trust"),
    (Action.VIEW_DISCLOSURE, Role.ADMINISTRATOR, "other_trust"),
    (Action.READ_DISCLOSURE, Role.CASE_HANDLER, "same"),
    (Action.READ_DISCLOSURE, Role.CASE_HANDLER, "other_trust"),
    (Action.READ_DISCLOSURE, Role.ADMINISTRATOR, "other_trust"),
}

REPORT_ACTIONS = {Action.VIEW_REPORT, Action.REVEAL_REPORTER, Action.MESSAGE_REPORTER}
CASE_ACTIONS = {Action.VIEW_CASE, Action.EDIT_CASE, Action.RECORD_REVIEW_DECISION, Action.INVESTIGATE}
# Asked of a chaperone record at Trust A made by someone else: only its people amend or raise from it.
CHAPERONE_RECORD_ACTIONS = {
    Action.VIEW_CHAPERONE_RECORD,
    Action.AMEND_CHAPERONE_RECORD,
    Action.RAISE_CHAPERONE_CONCERN,
}
DISCLOSURE_ACTIONS = {Action.VIEW_DISCLOSURE, Action.READ_DISCLOSURE}
OBJECT_ACTIONS = REPORT_ACTIONS | CASE_ACTIONS | CHAPERONE_RECORD_ACTIONS | DISCLOSURE_ACTIONS
CASES = [(a, r, rel) for a in Action for r in Role for rel in RELATIONSHIPS]


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
    else:
        target = orgs["trust_a"]
    assert policy.allowed(user, action, target) is expected


# Once a case is opened from a report, the report's actions follow the case (need to know). Where the
# asking case handler of Trust A stands on that case → the report actions allowed.
AFTER_A_CASE = {
    "named_handler": REPORT_ACTIONS,
    "no_handler_named": REPORT_ACTIONS,  # the trust's case handlers are then the case's team
    "not_on_the_team": set(),
    "investigator_on_the_team": {Action.VIEW_REPORT},
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
        policy.allowed(AnonymousUser(), a, orgs["trust_a"]) for a in Action if a not in OBJECT_ACTIONS
    )


def test_inactive_user_may_do_nothing(orgs):
    user = MembershipFactory(organisation=orgs["trust_a"], role=Role.ADMINISTRATOR).user
    user.is_active = False
    assert not any(policy.allowed(user, a, orgs["trust_a"]) for a in Action if a not in OBJECT_ACTIONS)


def test_charlie_sees_nothing_of_trust_a(charlie, orgs):
    visible = set(policy.visible_organisations(charlie))
    assert visible == {orgs["trust_b"]}


def test_icb_lead_sees_the_icb_and_its_providers_only(orgs):
    lead = MembershipFactory(organisation=orgs["icb_a"], role=Role.ICB_LEAD).user
    assert set(policy.visible_organisations(lead)) == {orgs["icb_a"], orgs["trust_a"], orgs["gp_a"]}


def test_regional_analyst_sees_the_whole_region(orgs):
    analyst = MembershipFactory(organisation=orgs["region"], role=Role.ANALYST).user
    visible = set(policy.visible_organisations(analyst))
    assert visible == {orgs[k] for k in ("region", "icb_a", "icb_b", "trust_a", "trust_b", "gp_a")}


def test_require_records_the_denial(charlie, orgs):
    from django.core.exceptions import PermissionDenied

    from rampart.core.models import AuditEntry

    with pytest.raises(PermissionDenied):
        policy.require(charlie, Action.VIEW_ORGANISATION, orgs["trust_a"])
    entry = AuditEntry.objects.latest("id")
    assert (entry.action, entry.actor, entry.detail["attempted"]) == (
        "permission_denied",
        charlie,
        Action.VIEW_ORGANISATION.value,
    )


def test_a_user_with_no_membership_sees_no_organisation(db):
    assert not policy.visible_organisations(UserFactory()).exists()
