"""The one place that answers "may this user do this to this object?".

Views, API endpoints and services ask `allowed` / `require`; none decides by itself. Rules are
`rules` predicates over the user's memberships (organisation, role) and where the object's
organisation sits in the hierarchy (national → region → ICB → provider).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NoReturn

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from rampart.accounts.models import Role
from rampart.organisations.models import Organisation


class Action(StrEnum):
    VIEW_ORGANISATION = "organisation.view"
    VIEW_MEMBERS = "organisation.view_members"
    MANAGE_MEMBERS = "organisation.manage_members"
    VIEW_AUDIT_LOG = "organisation.view_audit_log"
    VERIFY_AUDIT_LOG = "organisation.verify_audit_log"
    # Reporting: the case handlers of the organisation a report was made to; once a case is opened
    # from the report, only that case's team (VIEW_REPORT) or its handlers (the reveal, messages).
    TRIAGE_REPORTS = "reporting.triage"
    VIEW_REPORT = "reporting.view_report"
    REVEAL_REPORTER = "reporting.reveal_reporter"
    MESSAGE_REPORTER = "reporting.message_reporter"
    MANAGE_SIGNPOSTING = "reporting.manage_signposting"
    MANAGE_TRAINING = "learning.manage_training"
    # Cases: only the case team, never someone the case is about.
    OPEN_CASE = "cases.open"
    VIEW_CASE = "cases.view"
    EDIT_CASE = "cases.edit"
    RECORD_REVIEW_DECISION = "cases.record_review_decision"
    INVESTIGATE = "cases.investigate"
    MANAGE_REVIEW_GROUP = "cases.manage_review_group"
    VIEW_ASSESSMENT = "assurance.view_assessment"
    EDIT_ASSESSMENT = "assurance.edit_assessment"
    APPROVE_ASSESSMENT = "assurance.approve_assessment"
    MANAGE_WORKFORCE_FIGURES = "assurance.manage_workforce_figures"
    CONFIRM_CHARTER_PROGRESS = "assurance.confirm_charter_progress"
    OVERSEE_PROVIDERS = "assurance.oversee_providers"
    VIEW_ROLLUP = "assurance.view_rollup"
    # Chaperoning: clinicians record; the people on a record see it; handlers and admins audit.
    RECORD_CHAPERONING = "chaperoning.record"
    AUDIT_CHAPERONING = "chaperoning.audit"
    VIEW_CHAPERONE_RECORD = "chaperoning.view_record"
    AMEND_CHAPERONE_RECORD = "chaperoning.amend_record"
    RAISE_CHAPERONE_CONCERN = "chaperoning.raise_concern"
    # EPR access alerts: the privacy officers of the organisation the scan was run for.
    REVIEW_ACCESS_ALERTS = "access_alerts.review"
    # Cumulative patterns: anyone working at an organisation may record a weak signal there; only its
    # case handlers see signals, confirm uncertain matches and review pattern alerts.
    RECORD_WEAK_SIGNAL = "patterns.record_signal"
    VIEW_PATTERNS = "patterns.view"
    CONFIRM_MATCH = "patterns.confirm_match"
    REVIEW_PATTERN_ALERT = "patterns.review_alert"
    # Information sharing (objects: the organisation acting). Onboarding checks and disclosure requests
    # come from a recruiting organisation's case handlers or administrators; the holding organisation's
    # case handlers prepare a disclosure, a second one approves it.
    RUN_ONBOARDING_CHECK = "sharing.onboarding_check"
    REQUEST_DISCLOSURE = "sharing.request_disclosure"
    PREPARE_DISCLOSURE = "sharing.prepare_disclosure"
    APPROVE_DISCLOSURE = "sharing.approve_disclosure"
    VIEW_INVESTIGATIONS_REGISTER = "sharing.view_register"
    MANAGE_SHARING_CONTACT = "sharing.manage_contact"
    # Objects: a disclosure. Its holder's case handlers and its requester's case handlers or
    # administrators see it; the requester reads its content only once released.
    VIEW_DISCLOSURE = "sharing.view_disclosure"
    READ_DISCLOSURE = "sharing.read_disclosure"


def memberships(user: Any) -> frozenset[tuple[int, str]]:
    """(organisation id, role) pairs for an active, signed-in user; cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_rampart_memberships", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("organisation_id", "role"))
        user._rampart_memberships = cached
    return cached


def _lineage_ids(org: Organisation) -> set[int]:
    return {org.pk, *(a.pk for a in org.ancestors())}


def _holds(user: Any, org_ids: set[int], roles: set[str] | None = None) -> bool:
    return any(o in org_ids and (roles is None or r in roles) for o, r in memberships(user))


@rules.predicate
def is_member(user: Any, org: Organisation) -> bool:
    return _holds(user, {org.pk})


@rules.predicate
def is_icb_lead_over(user: Any, org: Organisation) -> bool:
    """An ICB lead oversees the ICB and the providers it commissions."""
    icb_ids = {org.pk} if org.kind == "icb" else ({org.parent_id} if org.parent_id else set())
    return _holds(user, icb_ids, {Role.ICB_LEAD})


@rules.predicate
def is_analyst_over(user: Any, org: Organisation) -> bool:
    """A regional or national analyst sees the organisations in their region or the country."""
    return _holds(user, _lineage_ids(org), {Role.ANALYST})


def _role_here(*roles: Role) -> Any:
    @rules.predicate(name=f"holds_{'_or_'.join(roles)}")
    def predicate(user: Any, org: Organisation) -> bool:
        return _holds(user, {org.pk}, set(roles))

    return predicate


_RULES = rules.RuleSet()
_RULES.add_rule(Action.VIEW_ORGANISATION, is_member | is_icb_lead_over | is_analyst_over)
_RULES.add_rule(Action.VIEW_MEMBERS, _role_here(Role.ADMINISTRATOR))
_RULES.add_rule(Action.MANAGE_MEMBERS, _role_here(Role.ADMINISTRATOR))
_RULES.add_rule(Action.VIEW_AUDIT_LOG, _role_here(Role.ADMINISTRATOR, Role.PRIVACY_OFFICER))
_RULES.add_rule(Action.VERIFY_AUDIT_LOG, _role_here(Role.ADMINISTRATOR))


def _case_of(report: Any) -> Any:
    """The case opened from a report, or None (the reverse one-to-one, cached on the report)."""
    return getattr(report, "case", None)


@rules.predicate
def sees_cases_for_report(user: Any, report: Any) -> bool:
    """A case handler where the report was made, while no case exists; once one does, need to know
    follows the case: only someone who sees that case."""
    if not _holds(user, {report.organisation_id}, {Role.CASE_HANDLER}):
        return False
    case = _case_of(report)
    return case is None or bool(sees_case.test(user, case))


@rules.predicate
def handles_cases_for_report(user: Any, report: Any) -> bool:
    """As `sees_cases_for_report`, but once a case exists only someone who handles it (never its
    investigators or review group): messaging the reporter and revealing who they are."""
    if not _holds(user, {report.organisation_id}, {Role.CASE_HANDLER}):
        return False
    case = _case_of(report)
    return case is None or bool(handles_case.test(user, case))


_RULES.add_rule(Action.TRIAGE_REPORTS, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.VIEW_REPORT, sees_cases_for_report)
_RULES.add_rule(Action.REVEAL_REPORTER, handles_cases_for_report)
_RULES.add_rule(Action.MESSAGE_REPORTER, handles_cases_for_report)
_RULES.add_rule(Action.MANAGE_SIGNPOSTING, _role_here(Role.ADMINISTRATOR))
_RULES.add_rule(Action.MANAGE_TRAINING, _role_here(Role.ADMINISTRATOR))


def _case_predicate(test: Any) -> Any:
    @rules.predicate(name=test.__name__)
    def predicate(user: Any, case: Any) -> bool:
        from rampart.cases import selectors

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        return bool(selectors.is_visible(user, case) and test(user, case))

    return predicate


@_case_predicate
def sees_case(user: Any, case: Any) -> bool:
    return True


@_case_predicate
def handles_case(user: Any, case: Any) -> bool:
    from rampart.cases import selectors

    return _holds(user, {case.organisation_id}, {Role.CASE_HANDLER}) and (
        selectors.is_on_team(user, case, "handler") or not selectors.has_named_handler(case)
    )


@_case_predicate
def reviews_case(user: Any, case: Any) -> bool:
    from rampart.cases import selectors

    return selectors.is_review_group_member(user, case)


@_case_predicate
def investigates_case(user: Any, case: Any) -> bool:
    from rampart.cases import selectors

    return selectors.is_on_team(user, case, "investigator")


_RULES.add_rule(Action.OPEN_CASE, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.VIEW_CASE, sees_case)
_RULES.add_rule(Action.EDIT_CASE, handles_case)
_RULES.add_rule(Action.RECORD_REVIEW_DECISION, handles_case | reviews_case)
_RULES.add_rule(Action.INVESTIGATE, handles_case | investigates_case)
_RULES.add_rule(Action.MANAGE_REVIEW_GROUP, _role_here(Role.ADMINISTRATOR))


@rules.predicate
def is_primary_care(user: Any, org: Organisation) -> bool:
    return bool(org.kind == "primary_care")


# Assurance: board members and administrators self-assess; a board member (the named executive)
# approves; in a primary care provider the case handler or administrator acts for the practice.
_primary_care_staff = is_primary_care & _role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR)
_RULES.add_rule(
    Action.VIEW_ASSESSMENT,
    _role_here(Role.BOARD_MEMBER, Role.ADMINISTRATOR) | _primary_care_staff | is_icb_lead_over,
)
_RULES.add_rule(
    Action.EDIT_ASSESSMENT, _role_here(Role.BOARD_MEMBER, Role.ADMINISTRATOR) | _primary_care_staff
)
_RULES.add_rule(
    Action.APPROVE_ASSESSMENT,
    _role_here(Role.BOARD_MEMBER) | (is_primary_care & _role_here(Role.ADMINISTRATOR)),
)
_RULES.add_rule(Action.MANAGE_WORKFORCE_FIGURES, _role_here(Role.ADMINISTRATOR))
_RULES.add_rule(Action.CONFIRM_CHARTER_PROGRESS, _primary_care_staff)
_RULES.add_rule(Action.OVERSEE_PROVIDERS, is_icb_lead_over)
_RULES.add_rule(Action.VIEW_ROLLUP, is_analyst_over)
_RULES.add_rule(Action.REVIEW_ACCESS_ALERTS, _role_here(Role.PRIVACY_OFFICER))
_RULES.add_rule(Action.RECORD_WEAK_SIGNAL, is_member)
_RULES.add_rule(Action.VIEW_PATTERNS, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.CONFIRM_MATCH, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.REVIEW_PATTERN_ALERT, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.RUN_ONBOARDING_CHECK, _role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR))
_RULES.add_rule(Action.REQUEST_DISCLOSURE, _role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR))
_RULES.add_rule(Action.PREPARE_DISCLOSURE, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.APPROVE_DISCLOSURE, _role_here(Role.CASE_HANDLER))
_RULES.add_rule(Action.VIEW_INVESTIGATIONS_REGISTER, _role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR))
_RULES.add_rule(Action.MANAGE_SHARING_CONTACT, _role_here(Role.ADMINISTRATOR))


@rules.predicate
def holds_disclosure(user: Any, disclosure: Any) -> bool:
    return _holds(user, {disclosure.holder_id}, {Role.CASE_HANDLER})


@rules.predicate
def requested_disclosure(user: Any, disclosure: Any) -> bool:
    return _holds(user, {disclosure.requester_id}, {Role.CASE_HANDLER, Role.ADMINISTRATOR})


@rules.predicate
def disclosure_released(user: Any, disclosure: Any) -> bool:
    return bool(disclosure.status == "released")


_RULES.add_rule(Action.VIEW_DISCLOSURE, holds_disclosure | requested_disclosure)
_RULES.add_rule(Action.READ_DISCLOSURE, holds_disclosure | (requested_disclosure & disclosure_released))


def _on_record(*fields: str) -> Any:
    """The user is named on a chaperone record (as one of `fields`) and still works there."""

    @rules.predicate(name=f"named_on_record_as_{'_or_'.join(fields)}")
    def predicate(user: Any, record: Any) -> bool:
        named = any(getattr(record, f"{f}_id") == user.pk for f in fields)
        return named and _holds(user, {record.organisation_id})

    return predicate


@rules.predicate
def audits_record(user: Any, record: Any) -> bool:
    return _holds(user, {record.organisation_id}, {Role.CASE_HANDLER, Role.ADMINISTRATOR})


_RULES.add_rule(Action.RECORD_CHAPERONING, _role_here(Role.CLINICIAN))
_RULES.add_rule(Action.AUDIT_CHAPERONING, _role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR))
_RULES.add_rule(
    Action.VIEW_CHAPERONE_RECORD, _on_record("recorded_by", "examiner", "chaperone_user") | audits_record
)
_RULES.add_rule(Action.AMEND_CHAPERONE_RECORD, _on_record("recorded_by"))
_RULES.add_rule(Action.RAISE_CHAPERONE_CONCERN, _on_record("recorded_by", "chaperone_user"))


# Records about the people on a case. Whoever is linked to one of those people (`cases.linking`) may
# never see them, whatever roles they hold. Each app that holds such records says so through its
# AppConfig's optional `about_user(user, obj)` hook (as `person_recorded` and `navigation` plug in), so
# core imports none of them. (Cases themselves are kept from them by `cases.selectors.visible_cases`.)
def _hooks(name: str) -> tuple[Any, ...]:
    from rampart.core.plugins import implementations

    return implementations(name)


def _about_user(user: Any, obj: Any) -> bool:
    if getattr(obj, "_meta", None) is None or not getattr(user, "is_authenticated", False):
        return False
    return any(hook(user, obj) for hook in _hooks("about_user"))


def records_about(user: Any, label: str) -> frozenset[int]:
    """Ids of the `label` records ("app.model") about the user, for lists to leave out (the same
    answer `allowed` gives one object): from each AppConfig's optional `records_about_user` hook."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    found: set[int] = set()
    for hook in _hooks("records_about_user"):
        found |= hook(user, label)
    return frozenset(found)


def allowed(user: Any, action: Action, obj: Any) -> bool:
    if _about_user(user, obj):
        return False
    return bool(_RULES.test_rule(action, user, obj))


def require(user: Any, action: Action, obj: Any) -> None:
    """Raise PermissionDenied (and record the denial) unless the user may act on obj."""
    if allowed(user, action, obj):
        return
    _record_denial(user, obj, {"attempted": str(action)})
    raise PermissionDenied


def holding_organisation(obj: Any) -> Organisation | None:
    """The organisation that holds obj: itself, its `organisation`, a disclosure's `holder`, or
    the organisation of the case it belongs to (a referral)."""
    if obj is None or isinstance(obj, Organisation):
        return obj
    for field in ("organisation", "holder"):
        if getattr(obj, f"{field}_id", None) is not None:
            return getattr(obj, field)  # type: ignore[no-any-return]
    case = getattr(obj, "case", None)
    return holding_organisation(case) if case is not None else None


def not_found(user: Any, model: Any, *, attempted: str, **lookup: Any) -> NoReturn:
    """Raise Http404 for an object the user may not see. If it exists (elsewhere), first record the
    attempt against the organisation that holds it; the response is the same 404 either way."""
    held = model._default_manager.filter(**lookup).first() if lookup else None
    if held is not None:
        _record_denial(user, held, {"attempted": attempted, "reason": "not visible"})
    raise Http404


def _record_denial(user: Any, obj: Any, detail: dict[str, Any]) -> None:
    from rampart.core import audit, denials
    from rampart.core.models import AuditAction

    organisation = holding_organisation(obj)
    audit.record(
        actor=user,
        action=AuditAction.PERMISSION_DENIED,
        obj=obj,
        organisation=organisation,
        detail=detail,
    )
    if organisation is not None:
        denials.watch(user, organisation)


def visible_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations the user may see: their own, plus those below them for ICB leads and analysts."""
    held = memberships(user)
    own = {o for o, _ in held}
    overseeing = {o for o, r in held if r in (Role.ICB_LEAD, Role.ANALYST)}
    below = (
        Q(parent__in=overseeing) | Q(parent__parent__in=overseeing) | Q(parent__parent__parent__in=overseeing)
    )
    return Organisation.objects.filter(Q(pk__in=own) | below).distinct()
