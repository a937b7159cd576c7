"""Reads of cases, scoped by need to know, and the facts the workflow and duties engine need."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone

from rampart import duties
from rampart.accounts.models import Role
from rampart.accounts.permissions import memberships
from rampart.cases import hooks, identifiers, workflow
from rampart.cases.duty_panel import DutyPanel, child_on, duty_panel
from rampart.cases.models import (
    REMOVES_FROM_CLINICAL_DUTIES,
    REMOVES_FROM_REGULATED_ACTIVITY,
    Case,
    CaseTeamMember,
    CaseTransition,
    DecisionKind,
    InterimMeasure,
    Investigation,
    MeasureKind,
    Outcome,
    Party,
    PartyRole,
    Person,
    PoliceLiaison,
    RecordedDecision,
    Regulator,
    ReviewGroupDecision,
    ReviewGroupMember,
    TeamRole,
)
from rampart.core import policy
from rampart.core.plugins import DetailRow
from rampart.duties import Duty

REVIEW_STATES = (workflow.State.AWAITING_REVIEW_GROUP, workflow.State.REVIEWED)


def visible_cases(user: Any) -> QuerySet[Case]:
    """Only the case team sees a case: its named handlers and investigators, the review group for cases
    referred to it, and the organisation's case handlers while nobody is named. Never a case the user
    is involved in (linked to one of its people, in any role), whatever roles they hold. (Written as
    id subqueries so PostgreSQL can use the team's user index; see docs/performance.md.)"""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return _visible_cases(user, review_orgs=_review_orgs(user))


def _review_orgs(user: Any) -> set[int]:
    return set(ReviewGroupMember.objects.filter(user=user).values_list("organisation_id", flat=True))


def _visible_cases(user: Any, *, review_orgs: set[int]) -> QuerySet[Case]:
    held = memberships(user)
    handler_orgs = {o for o, r in held if r == Role.CASE_HANDLER}
    on_team = CaseTeamMember.objects.filter(user=user).values("case_id")
    named = CaseTeamMember.objects.filter(case=OuterRef("pk"), role=TeamRole.HANDLER)
    decided = ReviewGroupDecision.objects.filter(case=OuterRef("pk"))
    # Linked (cases.linking) to anyone on the case, in any role: never theirs to see.
    about_me = Party.objects.filter(person__user=user).values("case_id")
    scope = Q(pk__in=on_team)
    if handler_orgs:
        scope |= Q(organisation__in=handler_orgs) & ~Q(Exists(named))
    if review_orgs:
        scope |= Q(organisation__in=review_orgs) & (Q(state__in=REVIEW_STATES) | Q(Exists(decided)))
    return Case.objects.filter(scope).exclude(pk__in=about_me)


def case_for(user: Any, reference: str) -> Case | None:
    return visible_cases(user).select_related("organisation", "report").filter(reference=reference).first()


@dataclass(frozen=True)
class PageAccess:
    """What the policy's case rules ask about one person and one case, read once by `case_for_page`
    so that a page may ask the policy as often as it needs without asking the database again."""

    user_id: int
    team_roles: frozenset[str]  # this person's roles on the case team
    named_handler: bool  # anyone is named as the case's handler
    in_review_group: bool  # this person is in the review group of the case's organisation


_PAGE_ACCESS = "_rampart_page_access"


def case_for_page(user: Any, reference: str) -> Case | None:
    """`case_for`, carrying its `PageAccess` for this person: for a page that only reads the case.
    A write may change the team or the state, so services and forms use `case_for`, whose case the
    policy's rules always check against fresh rows."""
    if not getattr(user, "is_authenticated", False):
        return None
    review_orgs = _review_orgs(user)
    case = (
        _visible_cases(user, review_orgs=review_orgs)
        .select_related("organisation", "report")
        .filter(reference=reference)
        .first()
    )
    if case is None:
        return None
    team = CaseTeamMember.objects.filter(Q(user=user) | Q(role=TeamRole.HANDLER), case=case)
    rows = list(team.values_list("user_id", "role"))
    access = PageAccess(
        user_id=user.pk,
        team_roles=frozenset(role for user_id, role in rows if user_id == user.pk),
        named_handler=any(role == TeamRole.HANDLER for _, role in rows),
        in_review_group=case.organisation_id in review_orgs,
    )
    setattr(case, _PAGE_ACCESS, access)
    return case


def _page_access(case: Case, user: Any = None) -> PageAccess | None:
    """The case's `PageAccess`, if it has one (and, given a user, only if it was read for them)."""
    access: PageAccess | None = getattr(case, _PAGE_ACCESS, None)
    if access is None or (user is not None and access.user_id != user.pk):
        return None
    return access


def is_visible(user: Any, case: Case) -> bool:
    """Whether the case is among `visible_cases(user)`."""
    if _page_access(case, user) is not None:
        return True  # the page found it among visible_cases(user) in this request
    return visible_cases(user).filter(pk=case.pk).exists()


def is_on_team(user: Any, case: Case, role: str | None = None) -> bool:
    access = _page_access(case, user)
    if access is not None:
        return role in access.team_roles if role else bool(access.team_roles)
    team = CaseTeamMember.objects.filter(case=case, user=user)
    return team.filter(role=role).exists() if role else team.exists()


def has_named_handler(case: Case) -> bool:
    access = _page_access(case)
    if access is not None:
        return access.named_handler
    return case.team.filter(role=TeamRole.HANDLER).exists()


def is_review_group_member(user: Any, case: Case) -> bool:
    access = _page_access(case, user)
    if access is not None:
        return access.in_review_group
    return ReviewGroupMember.objects.filter(organisation=case.organisation_id, user=user).exists()


def overdue_measures(case: Case, *, today: date) -> QuerySet[InterimMeasure]:
    return case.interim_measures.filter(ends_on__isnull=True, review_on__lt=today)


# The case's investigation, police liaison and outcome, read together (`_records`).
Records = tuple[Investigation | None, PoliceLiaison | None, Outcome | None]


def facts_for(
    case: Case,
    *,
    reason_given: bool = False,
    parties: Sequence[Party] | None = None,
    records: Records | None = None,
    decisions: Sequence[Decided] | None = None,
) -> workflow.CaseFacts:
    """The workflow's facts, read fresh. A page that has already read the parties (with their risk
    assessments and support offers prefetched), the case's records (`_records`) and its recorded
    decisions (`recorded_decisions`) may hand them in. The apps above cases say what stops closure
    (`hooks.closure_blockers`), asked only when closing is the next step."""
    if parties is None:
        parties = list(case.parties.all().prefetch_related("risk_assessments", "support_offers"))
    investigation, police, outcome = records or _records(case)
    if decisions is None:
        decisions = recorded_decisions(case)
    decision = case.review_decisions.first()
    state = workflow.State(case.state)
    standing = [d.decision for d in decisions if d.standing]
    return workflow.CaseFacts(
        state=state,
        sexual_dimension=case.sexual_dimension,
        parties=len(parties),
        parties_without_risk_assessment=sum(1 for p in parties if not p.risk_assessments.all()),
        parties_without_support_offer=sum(1 for p in parties if not p.support_offers.all()),
        review_checklist=frozenset(decision.checklist) if decision else frozenset(),
        trained_investigator_assigned=bool(
            investigation and (investigation.investigators.exists() or investigation.independent_investigator)
        ),
        investigation_started=investigation is not None,
        findings_recorded=bool(investigation and investigation.completed_on),
        outcome_recorded=outcome is not None,
        open_interim_measures_overdue=overdue_measures(case, today=timezone.localdate()).count(),
        reason_given=reason_given,
        review_group_decided=decision is not None,
        police_considered=police is not None
        or any(d.kind == DecisionKind.POLICE_NOT_INVOLVED for d in standing),
        closure_blockers=tuple(hooks.closure_blockers(case=case))
        if state is workflow.State.OUTCOME_RECORDED
        else (),
        overridden=frozenset(
            step for step in workflow.OVERRIDES if any(d.kind == f"override:{step}" for d in standing)
        ),
    )


@dataclass(frozen=True)
class Decided:
    """A decision recorded with a reason, and whether it stands: made since the case last reopened
    (an override of an earlier round does not carry over)."""

    decision: RecordedDecision
    standing: bool


def recorded_decisions(case: Case) -> list[Decided]:
    """The case's decisions recorded with a reason (overrides, police not involved), newest first.
    One query."""
    reopened = CaseTransition.objects.filter(case=case, step=workflow.Step.REOPEN).order_by("-at")
    rows = (
        RecordedDecision.objects.filter(case=case)
        .select_related("made_by")
        .annotate(last_reopened=Subquery(reopened.values("at")[:1]))
    )
    return [Decided(d, d.last_reopened is None or d.made_at > d.last_reopened) for d in rows]


def _records(case: Case) -> Records:
    """The case's investigation, police liaison and outcome in one query. Read fresh rows, not the case
    object's cached relations: a service may have just changed them."""
    fresh = (
        Case.objects.select_related("investigation", "police", "outcome")
        .only("pk", "investigation", "police", "outcome")
        .filter(pk=case.pk)
        .first()
    )
    return (
        getattr(fresh, "investigation", None),
        getattr(fresh, "police", None),
        getattr(fresh, "outcome", None),
    )


def duties_facts(
    case: Case,
    *,
    parties: Sequence[Party] | None = None,
    records: Records | None = None,
    measures: Sequence[InterimMeasure] | None = None,
) -> dict[str, Any]:
    """The duties engine's facts, derived from the case so the handler never types them twice. A page
    that has already read the parties (with their people, risk assessments prefetched) and the case's
    records may hand them in. What nobody has recorded stays null (unknown), never false, so the
    engine says what would change and the duties panel asks for it (`duties_panel`)."""
    org = case.organisation
    if parties is None:
        parties = list(case.parties.select_related("person").prefetch_related("risk_assessments"))
    reported_on = timezone.localtime(case.opened_at).date()
    subject = next((p for p in parties if p.role == PartyRole.SUBJECT), None)
    affected = [p for p in parties if p.role == PartyRole.AFFECTED]
    investigation, police, outcome = records or _records(case)
    if measures is None:
        measures = list(case.interim_measures.all())
    removal = _removal(measures, subject, outcome, today=timezone.localdate())
    facts: dict[str, Any] = {
        "reported_on": reported_on.isoformat(),
        "organisation": {
            "cqc_registered": org.cqc_registered,
            "regulated_activity_provider": org.regulated_activity_provider,
        },
        "concern": {
            "sexual_dimension": case.sexual_dimension,
            "categories": list(case.categories),
            "criminal_allegation": case.criminal_allegation,
            "affected": _affected_facts(affected, reported_on),
        },
        "police": {
            "involved": police is not None,
            "investigation_active": bool(police and police.investigation_active),
            "charged": bool(police and police.charged),
        },
        "risk": {
            # A risk assessment (the latest for anyone involved) said the police should be contacted.
            "police_contact_advised": any(
                latest.contact_police for p in parties for latest in p.risk_assessments.all()[:1]
            ),
        },
        "actions": {
            "suspended": removal.suspended,
            "removed_from_regulated_activity": removal.from_regulated_activity,
            "removed_from_clinical_duties": removal.from_clinical_duties,
            "removed_on": removal.on.isoformat() if removal.on else None,
            "would_have_removed_if_not_left": bool(outcome and outcome.left_before_removal),
            "dismissed": bool(outcome and outcome.kind == "dismissal"),
        },
        "findings": {
            # True for a whole or a partial finding: something was found against the subject
            # (docs/duties.md, "Partly substantiated"); null until the investigation says.
            "substantiated": investigation.substantiated if investigation else None,
            # Unknown until an outcome records the finding: the engine then says "consider".
            "relevant_conduct": outcome.relevant_conduct if outcome else None,
            "harm_test_met": outcome.harm_test_met if outcome else None,
            "autobar_caution_or_conviction": outcome.caution_or_conviction if outcome else None,
        },
    }
    if org.kind not in ("national", "region"):
        facts["organisation"]["kind"] = org.kind
    if subject is not None:
        facts["subject"] = _subject_facts(subject.person, today=timezone.localdate())
    return facts


def _affected_facts(affected: Sequence[Party], reported_on: date) -> dict[str, Any]:
    """Who was affected: a patient if any of them is; a child or an adult at risk if any of them is;
    not if all of them are known not to be; else unknown (also while nobody affected is recorded)."""
    if not affected:
        return {"child": None, "adult_at_risk": None}
    kinds = {_affected_kind(p) for p in affected}
    return {
        "kind": next(k for k in ("patient", "student", "staff", "public") if k in kinds),
        "child": _any_known([child_on(p.person, reported_on) for p in affected]),
        "adult_at_risk": _any_known([p.person.adult_at_risk for p in affected]),
    }


def _affected_kind(party: Party) -> str:
    return {"staff": "staff", "patient": "patient", "student": "student"}.get(party.person.kind, "public")


def _subject_kind(kind: str) -> str:
    return {
        "contractor": "contractor",
        "volunteer": "volunteer",
        "patient": "patient",
        "student": "student",
        "public": "public",
    }.get(kind, "staff")


def _any_known(answers: Sequence[bool | None]) -> bool | None:
    if any(a is True for a in answers):
        return True
    return False if answers and all(a is False for a in answers) else None


def _subject_facts(person: Person, *, today: date) -> dict[str, Any]:
    return {
        "kind": _subject_kind(person.kind),
        "role": person.role or None,
        "regulator": person.regulator or None,
        "resident_doctor": person.resident_doctor,
        "on_performers_list": person.on_performers_list,
        "in_regulated_activity": person.in_regulated_activity,
        "works_with_children": person.works_with_children,
        "left_organisation": person.left_on is not None and person.left_on <= today,
        # A leaving date still to come is not "left": the engine hears of it once it has passed.
        "left_on": person.left_on.isoformat() if person.left_on and person.left_on <= today else None,
    }


@dataclass(frozen=True)
class Removal:
    """Whether the subject is now removed from regulated activity or clinical duties, and since when."""

    suspended: bool
    from_regulated_activity: bool
    from_clinical_duties: bool
    on: date | None
    measures: tuple[InterimMeasure, ...]  # the measures that remove them, begun (ended or not)


def _removal(
    measures: Sequence[InterimMeasure], subject: Party | None, outcome: Outcome | None, *, today: date
) -> Removal:
    """From the interim measures on the subject (or on nobody named) that have begun, and the outcome
    (removed from regulated activity on the day it was recorded). Having been removed from regulated
    activity or clinical duties stays true once a removing measure has begun, ended or not (the DBS
    referral duty does not lapse when the exclusion ends); only `suspended` needs an exclusion still
    in force (an ended exclusion is no longer a suspension)."""
    removing = REMOVES_FROM_REGULATED_ACTIVITY | REMOVES_FROM_CLINICAL_DUTIES
    about = {None, subject.pk if subject else None}
    begun = tuple(m for m in measures if m.kind in removing and m.party_id in about and m.starts_on <= today)
    kinds = {m.kind for m in begun}
    in_force = {m.kind for m in begun if m.ends_on is None or m.ends_on > today}
    starts = [m.starts_on for m in begun]
    by_outcome = bool(outcome and outcome.removed_from_regulated_activity)
    if by_outcome and outcome is not None:
        starts.append(timezone.localtime(outcome.recorded_at).date())
    return Removal(
        suspended=MeasureKind.EXCLUSION in in_force,
        from_regulated_activity=by_outcome or bool(kinds & REMOVES_FROM_REGULATED_ACTIVITY),
        from_clinical_duties=bool(kinds & REMOVES_FROM_CLINICAL_DUTIES),
        on=min(starts, default=None),
        measures=begun,
    )


def work_queue(user: Any, queue: str) -> QuerySet[Case]:
    cases = visible_cases(user)
    today = timezone.localdate()
    if queue == "mine":
        mine = CaseTeamMember.objects.filter(user=user).values("case_id")
        return cases.filter(pk__in=mine).exclude(state=workflow.State.CLOSED)
    if queue == "overdue":
        overdue = InterimMeasure.objects.filter(ends_on__isnull=True, review_on__lt=today).values("case_id")
        return cases.filter(pk__in=overdue)
    if queue == "review_group":
        return cases.filter(state=workflow.State.AWAITING_REVIEW_GROUP)
    return cases


def search_cases(cases: QuerySet[Case], term: str) -> QuerySet[Case]:
    """Cases whose reference starts with the term, or where someone involved has exactly that staff
    number, registration number (with any regulator) or ESR person number. Identifiers are stored
    encrypted and found through their keyed hashes (cases.identifiers), so only a whole number
    matches, ignoring case and spaces: there is no partial match on a hash."""
    by_reference = Q(reference__startswith=term.upper())
    staff = identifiers.staff_number_key(term)
    if not staff:  # nothing but spaces: an empty hash would match everyone without that number
        return cases.filter(by_reference)
    registration = [identifiers.registration_key(regulator, term) for regulator in Regulator.values]
    people = Party.objects.filter(
        Q(person__staff_number_key=staff)
        | Q(person__registration_key__in=registration)
        | Q(person__esr_key=identifiers.esr_key(term))
    )
    return cases.filter(by_reference | Q(pk__in=people.values("case_id")))


@dataclass(frozen=True)
class Reveal:
    """One time someone was shown who sent a report: who, when and why (from the audit log)."""

    by: Any
    label: str
    at: Any
    reason: str


def reporter_reveals(report: Any) -> list[Reveal]:
    """Every reveal of a report's sender, newest first, whether made from the report or the case.
    The audit log is the record (`reporting.services.reveal_identity` writes each one)."""
    from rampart.core.models import AuditEntry

    entries = AuditEntry.objects.filter(
        object_type=report._meta.label_lower, object_id=str(report.pk), detail__what="reporter identity"
    ).select_related("actor")
    return [
        Reveal(by=e.actor, label=e.actor_label, at=e.at, reason=str(e.detail.get("reason", "")))
        for e in entries.order_by("-id")
    ]


@dataclass(frozen=True)
class CaseOverview:
    """One case as its page and the case API show it: its people, the workflow's facts, the duties
    the engine finds, and what other apps add (`cases.hooks.case_panels`: referral records, who
    else holds concerns, the EPR access events...), so the page and the API cannot disagree."""

    case: Case
    parties: list[Party]
    facts: workflow.CaseFacts
    duties: list[Duty]
    panels: list[hooks.CasePanel]
    # The investigation, police liaison and outcome it read, for the case's sections (cases.sections).
    records: Records = (None, None, None)
    # The interim measures it read, and each duty with the facts behind it, what is done and what to ask.
    measures: list[InterimMeasure] = field(default_factory=list)
    duty_panel: DutyPanel | None = None
    # The decisions recorded with a reason (overrides, police not involved), newest first.
    decisions: list[Decided] = field(default_factory=list)

    def panels_in(self, section: str) -> list[hooks.CasePanel]:
        return [p for p in self.panels if p.section == section]

    @property
    def rows(self) -> list[DetailRow]:
        """The rows other apps add to the case's summary list."""
        return [row for p in self.panels_in("summary") for row in p.rows]

    @property
    def data(self) -> dict[str, Any]:
        """What the panels show, as plain data for the API, by key."""
        return {p.key: p.data for p in self.panels if p.data is not None}


def case_overview(user: Any, case: Case) -> CaseOverview:
    """The overview of a case for someone the policy lets see it (`VIEW_CASE`, else PermissionDenied,
    recorded). Only reads: open the case with `case_for_page`, so the policy's many checks here and
    in the panels reuse what it read about this person."""
    from rampart.cases.permissions import CaseAction  # cases.permissions reads this module

    policy.require(user, CaseAction.VIEW_CASE, case)
    # The review group's decisions, read once: for the workflow's facts and the page's decisions section.
    decisions = ReviewGroupDecision.objects.select_related("recorded_by")
    prefetch_related_objects([case], Prefetch("review_decisions", queryset=decisions))
    parties = list(
        case.parties.select_related("person").prefetch_related("risk_assessments", "support_offers")
    )
    records = _records(case)
    measures = list(case.interim_measures.all())
    engine_facts = duties_facts(case, parties=parties, records=records, measures=measures)
    found = duties.evaluate(engine_facts)
    panels = hooks.case_panels(case=case, user=user)
    referral_records = next((p.data for p in panels if p.key == "referral_records"), None) or []
    recorded = recorded_decisions(case)
    return CaseOverview(
        case=case,
        parties=parties,
        facts=facts_for(case, parties=parties, records=records, decisions=recorded),
        decisions=recorded,
        duties=found,
        panels=panels,
        records=records,
        measures=measures,
        duty_panel=duty_panel(
            case,
            duties=found,
            parties=parties,
            records=records,
            measures=measures,
            facts=engine_facts,
            referral_records=referral_records,
        ),
    )


def actions_taken(*, organisation: Any, since: date, until: date) -> list[tuple[str, int]]:
    """Public counts for the organisation's "you said, we did" page (`CasesConfig.actions_taken`),
    on the cases opened from its reports: those closed from `since` to `until` (both days included)
    that have an outcome (counted once however often they were closed), and the interim measures put
    in place in those days. Counts only; reporting suppresses those under 5."""
    zone = timezone.get_current_timezone()
    start = datetime.combine(since, time(0), tzinfo=zone)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=zone)
    from_reports = Case.objects.filter(organisation=organisation, report__isnull=False)
    closed = (
        from_reports.filter(state=workflow.State.CLOSED, outcome__isnull=False)
        .filter(
            Exists(
                CaseTransition.objects.filter(
                    case=OuterRef("pk"), to_state=workflow.State.CLOSED, at__gte=start, at__lt=end
                )
            )
        )
        .count()
    )
    measures = InterimMeasure.objects.filter(
        case__in=from_reports.values("pk"), starts_on__gte=since, starts_on__lte=until
    ).count()
    return [("Cases closed with an outcome", closed), ("Interim measures put in place", measures)]
