"""Case pages: thin views over the selectors, services and the workflow."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rampart import duties
from rampart.cases import forms, sections, selectors, services, workflow
from rampart.cases.models import Case, Party
from rampart.cases.permissions import CaseAction
from rampart.core import audit, errors, policy
from rampart.core.forms import show_refusal
from rampart.core.models import AuditAction
from rampart.core.policy import Action
from rampart.learning.models import Course
from rampart.learning.selectors import trained_users
from rampart.organisations.current import current_organisation
from rampart.reporting.attachments import MAX_BYTES, Refused
from rampart.reporting.forms import CATEGORIES
from rampart.reporting.permissions import ReportingAction
from rampart.reporting.selectors import report_for

CONFLICT = (
    "This case changed while you were working on it. Your answers are below: check the case "
    "page for the changes, then save again."
)


def case_for_request(request: HttpRequest, reference: str, action: Action = CaseAction.VIEW_CASE) -> Case:
    """The case a page names, if the policy allows `action` on it; else 404 (recorded against the
    organisation that holds it, when it exists elsewhere) or 403. Every case page opens it so."""
    case = selectors.case_for(request.user, reference)
    if case is None:
        policy.not_found(request.user, Case, attempted=str(action), reference=reference)
    policy.require(request.user, action, case)
    return case


@dataclass(frozen=True)
class UncountedPage:
    """A page of a long list without counting it: with hundreds of thousands of cases an exact count
    costs more than the page itself, and the pagination component needs only previous and next."""

    object_list: list[Any]
    number: int
    more: bool

    @classmethod
    def of(cls, rows: Any, requested: str | None, size: int = 25) -> UncountedPage:
        number = int(requested) if requested and requested.isdigit() and int(requested) > 0 else 1
        window = list(rows[(number - 1) * size : number * size + 1])
        return cls(window[:size], number, len(window) > size)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    queue = request.GET.get("queue", "mine")
    cases = selectors.work_queue(request.user, queue)
    state = request.GET.get("state", "")
    if state in workflow.State.__members__.values():
        cases = cases.filter(state=state)
    search = request.GET.get("q", "").strip()[:40]
    if search:
        cases = selectors.search_cases(cases, search)
    order = "opened_at" if request.GET.get("sort") == "oldest" else "-opened_at"
    page = UncountedPage.of(
        cases.select_related("organisation")
        .only("reference", "state", "priority", "opened_at", "organisation__name")
        .order_by(order),
        request.GET.get("page"),
    )
    org = current_organisation(request)
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=org,
        organisation=org,
        detail={
            "what": "case list",
            "queue": queue if queue in ("mine", "overdue", "review_group") else "all",
            "state": state if state in workflow.State.__members__.values() else "",
            "searched": bool(search),
            "page": page.number,
        },
    )
    return render(
        request,
        "cases/list.html",
        {
            "title": "Cases",
            "page": page,
            "queue": queue,
            "sort": request.GET.get("sort", ""),
            "state": state,
            "q": search,
            "states": [(s.value, workflow.STATE_LABELS[s]) for s in workflow.State],
            "can_open": org is not None and policy.allowed(request.user, CaseAction.OPEN_CASE, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, CaseAction.OPEN_CASE, org)
    form = forms.OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.open_case(actor=request.user, organisation=org, **form.cleaned_data)
        return redirect("cases:detail", reference=case.reference)
    return render(
        request,
        "form_page.html",
        {"title": "Raise a case", "form": form, "page_has_errors": bool(form.errors), "back_href": "/cases/"},
    )


@login_required
@require_http_methods(["POST"])
def open_from_report(request: HttpRequest, reference: str) -> HttpResponse:

    report = report_for(request.user, reference)
    if report is None:
        raise Http404
    if hasattr(report, "case"):
        return redirect("cases:detail", reference=report.case.reference)
    case = services.open_case_from_report(actor=request.user, report=report)
    messages.info(request, f"Case {case.reference} opened from report {report.reference}.")
    return redirect("cases:detail", reference=case.reference)


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The case page: its overview (what the case API shows too), the steps this person may take
    and the panels other apps add. Only reads: referral records are made by the writes."""
    # Every policy check on this case during the request (the page's own and the panels') reuses
    # what the policy's case rules need to know about this person, read once with the case.
    case = selectors.case_for_page(request.user, reference)
    if case is None:
        policy.not_found(request.user, Case, attempted=str(CaseAction.VIEW_CASE), reference=reference)
    overview = selectors.case_overview(request.user, case)
    shown = sections.case_sections(request.user, overview)
    # One READ for the page, naming the sections it showed (never what they say).
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=case,
        organisation=case.organisation,
        detail={"what": "case page", "sections": shown.shown},
    )
    facts = overview.facts
    may = {a: policy.allowed(request.user, a, case) for a in {spec.permission for spec in ACTIONS.values()}}
    # Each next step the case allows, as a link, only for those whose page this person may use.
    steps = [
        (slug, label, workflow.check(step, facts))
        for step in workflow.available_steps(facts)
        for slug, label in [STEP_LINKS[step]]
        if may[ACTIONS[slug].permission]
    ]
    can_reveal = _may_reveal(request, case)
    return render(
        request,
        "cases/detail.html",
        {
            "title": f"Case {case.reference}",
            "case": case,
            "overview": overview,
            "facts": facts,
            "steps": steps,
            "parties": overview.parties,
            "measures": case.interim_measures.all(),
            "today": timezone.localdate(),
            "overdue": facts.open_interim_measures_overdue,
            "timeline": case.timeline.select_related("actor")[:50],
            "categories": dict(CATEGORIES),
            "duties": overview.duties,
            "duty_names": duties.DUTY_NAMES,
            "can_edit": may[CaseAction.EDIT_CASE],
            "can_review": may[CaseAction.RECORD_REVIEW_DECISION],
            "can_investigate": may[CaseAction.INVESTIGATE],
            "back_href": "/cases/",
            "can_reveal": can_reveal,
            "can_write_outcome_statement": may_write_outcome_statement(request.user, case),
            "reveals": selectors.reporter_reveals(case.report) if can_reveal else [],
            "sections": shown,
            "risk_labels": dict(forms.RISKS),
            "checklist_labels": workflow.REVIEW_CHECKLIST,
            "checked_from_data": workflow.checked_from_data(facts),
        },
    )


def _may_reveal(request: HttpRequest, case: Case) -> bool:
    """Whether this person may learn who made the confidential report the case came from (the
    policy's REVEAL_REPORTER: only the case's handlers)."""
    report = case.report
    return bool(
        report is not None
        and report.anonymity == "confidential"
        and policy.allowed(request.user, ReportingAction.REVEAL_REPORTER, report)
    )


def may_write_outcome_statement(user: Any, case: Case) -> bool:
    """Whether the case came from a report whose reporter has an inbox to read it in, and this
    person may write the reporter's outcome statement (the policy's WRITE_OUTCOME_STATEMENT: only
    the case's handlers)."""
    return (
        case.report is not None
        and policy.allowed(user, ReportingAction.WRITE_OUTCOME_STATEMENT, case.report)
        and case.report.reporter_has_inbox
    )


# After closing a case that came from a report: the reporter now sees the outcome statement.
CLOSED_TELL_THE_REPORTER = (
    "Case closed. Write the outcome statement for the reporter: they see it in their inbox now that "
    "the case is closed. The link is under Next steps."
)


@login_required
@require_http_methods(["GET", "POST"])
def reveal_reporter(request: HttpRequest, reference: str) -> HttpResponse:
    """A case handler learns who made the confidential report, giving a reason (audited, timeline)."""
    case = case_for_request(request, reference)
    if case.report is None or case.report.anonymity != "confidential":
        raise Http404
    policy.require(request.user, ReportingAction.REVEAL_REPORTER, case.report)
    form = forms.RevealReporterForm(request.POST or None)
    identity = None
    if request.method == "POST" and form.is_valid():
        identity = services.reveal_reporter(
            actor=request.user, report=case.report, reason=form.cleaned_data["reason"]
        )
    return render(
        request,
        "cases/reveal.html",
        {
            "title": "Who made the report",
            "case": case,
            "form": form,
            "identity": identity,
            "reveals": selectors.reporter_reveals(case.report),
            "page_has_errors": bool(form.errors),
            "back_href": f"/cases/{case.reference}/",
        },
    )


@dataclass(frozen=True)
class CasePage:
    """One page that changes a case: its form, who may use it and the service it calls."""

    title: str
    form: type[forms.forms.Form]
    permission: Action
    save: Callable[..., Any]
    done: str
    form_kwargs: Callable[[Case], dict[str, Any]] = lambda case: {}
    needs_party: bool = False
    # The answers already recorded, for a page that changes them (keyed by field name).
    initial: Callable[[Case, Party | None], dict[str, Any]] = lambda case, party: {}


def _investigation_kwargs(case: Case) -> dict[str, Any]:
    return {
        "investigators": trained_users(
            case.organisation, Course.SPECIALIST_INVESTIGATION, on=timezone.localdate()
        )
    }


def _assign(request: HttpRequest, case: Case, data: dict[str, Any], party: Party | None) -> Any:
    chosen = [u for u in _investigation_kwargs(case)["investigators"] if str(u.pk) == data["investigator"]]
    return services.assign_investigation(
        actor=request.user,
        case=case,
        version=data["version"],
        terms_of_reference=data["terms_of_reference"],
        investigators=chosen,
        independent_investigator=data["independent_investigator"],
    )


def _findings(request: HttpRequest, case: Case, data: dict[str, Any], party: Party | None) -> Any:
    return services.record_findings(
        actor=request.user,
        case=case,
        version=data["version"],
        findings=data["findings"],
        finding=data["finding"],
    )


def _evidence(request: HttpRequest, case: Case, data: dict[str, Any], party: Party | None) -> Any:

    upload = data["file"]
    try:
        return services.add_evidence(
            actor=request.user,
            case=case,
            version=data["version"],
            description=data["description"],
            raw=upload.read(MAX_BYTES + 1),
            name=upload.name or "",
        )
    except Refused as refused:
        raise services.StepRefused((str(refused),)) from None


def _add_party(request: HttpRequest, case: Case, data: dict[str, Any], party: Party | None) -> Any:
    data = dict(data)
    version, role = data.pop("version"), data.pop("role")
    return services.add_party(
        actor=request.user, case=case, version=version, role=role, person=services.PersonDetails(**data)
    )


def _person_facts(case: Case, party: Party | None) -> dict[str, Any]:
    assert party is not None
    person = party.person
    answers = {
        name: forms.answer_of(getattr(person, name)) for name in forms.PersonFactsForm.FACT_FIELDS[:-1]
    }
    return {**answers, "left_on": person.left_on}


def _simple(service: Callable[..., Any], *, with_party: bool = False) -> Callable[..., Any]:
    def save(request: HttpRequest, case: Case, data: dict[str, Any], party: Party | None) -> Any:
        extra = {"party": party} if with_party else {}
        return service(actor=request.user, case=case, **data, **extra)

    return save


ACTIONS: dict[str, CasePage] = {
    "triage": CasePage(
        "Triage: screen the concern",
        forms.TriageForm,
        CaseAction.EDIT_CASE,
        _simple(services.triage),
        "Triage recorded.",
    ),
    "parties/add": CasePage(
        "Add someone involved",
        forms.PartyForm,
        CaseAction.EDIT_CASE,
        _add_party,
        "Added to the case.",
    ),
    "facts": CasePage(
        "What the duties need to know about them",
        forms.PersonFactsForm,
        CaseAction.EDIT_CASE,
        _simple(services.update_person_facts, with_party=True),
        "Details updated.",
        needs_party=True,
        initial=_person_facts,
    ),
    "risk": CasePage(
        "Risk assessment",
        forms.RiskAssessmentForm,
        CaseAction.EDIT_CASE,
        _simple(services.record_risk_assessment, with_party=True),
        "Risk assessment recorded.",
        needs_party=True,
    ),
    "support": CasePage(
        "Support offered",
        forms.SupportForm,
        CaseAction.EDIT_CASE,
        _simple(services.record_support_offer, with_party=True),
        "Support recorded.",
        needs_party=True,
    ),
    "interim": CasePage(
        "Add an interim measure",
        forms.InterimMeasureForm,
        CaseAction.EDIT_CASE,
        _simple(services.add_interim_measure),
        "Interim measure recorded.",
    ),
    "police": CasePage(
        "Police liaison",
        forms.PoliceForm,
        CaseAction.EDIT_CASE,
        _simple(services.update_police_liaison),
        "Police liaison updated.",
    ),
    "refer": CasePage(
        "Refer to the review group",
        forms.VersionedForm,
        CaseAction.EDIT_CASE,
        _simple(services.refer_to_review_group),
        "Referred to the review group.",
    ),
    "review": CasePage(
        "Review group decision",
        forms.ReviewDecisionForm,
        CaseAction.RECORD_REVIEW_DECISION,
        _simple(services.record_review_decision),
        "Review group decision recorded.",
        form_kwargs=lambda case: {"checked": workflow.checked_from_data(selectors.facts_for(case))},
    ),
    "investigation": CasePage(
        "Commission an investigation",
        forms.InvestigationForm,
        CaseAction.EDIT_CASE,
        _assign,
        "Investigation commissioned.",
        form_kwargs=_investigation_kwargs,
    ),
    "findings": CasePage(
        "Investigation findings", forms.FindingsForm, CaseAction.INVESTIGATE, _findings, "Findings recorded."
    ),
    "interview": CasePage(
        "Record an interview",
        forms.InterviewForm,
        CaseAction.INVESTIGATE,
        _simple(services.add_interview, with_party=True),
        "Interview recorded.",
        needs_party=True,
    ),
    "evidence": CasePage(
        "Add evidence", forms.EvidenceForm, CaseAction.INVESTIGATE, _evidence, "Evidence added."
    ),
    "outcome": CasePage(
        "Record the outcome",
        forms.OutcomeForm,
        CaseAction.EDIT_CASE,
        _simple(services.record_outcome),
        "Outcome recorded.",
    ),
    "close": CasePage(
        "Close the case", forms.VersionedForm, CaseAction.EDIT_CASE, _simple(services.close), "Case closed."
    ),
    "reopen": CasePage(
        "Reopen the case", forms.ReasonForm, CaseAction.EDIT_CASE, _simple(services.reopen), "Case reopened."
    ),
}


# The pages whose work a police investigation restrains: they show what the police agreed may continue.
POLICE_RESTRAINS = frozenset({"investigation", "interview", "evidence"})

# Workflow steps as links on the case page: the page (a key of ACTIONS) and the link text.
STEP_LINKS: dict[workflow.Step, tuple[str, str]] = {
    workflow.Step.TRIAGE: ("triage", "Triage: screen the concern"),
    workflow.Step.REFER_TO_REVIEW_GROUP: ("refer", "Refer to the review group"),
    workflow.Step.RECORD_REVIEW_DECISION: ("review", "Record the review group's decision"),
    workflow.Step.START_INVESTIGATION: ("investigation", "Commission an investigation"),
    workflow.Step.RECORD_OUTCOME: ("outcome", "Record the outcome"),
    workflow.Step.CLOSE: ("close", "Close the case"),
    workflow.Step.REOPEN: ("reopen", "Reopen the case"),
}


@login_required
@require_http_methods(["GET", "POST"])
def case_action(
    request: HttpRequest, reference: str, action: str, party_id: int | None = None
) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    case = case_for_request(request, reference, spec.permission)
    party = get_object_or_404(case.parties, pk=party_id) if spec.needs_party else None
    extra = spec.form_kwargs(case)
    initial = {**spec.initial(case, party), "version": case.version}
    form = spec.form(request.POST or None, request.FILES or None, initial=initial, **extra)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            spec.save(request, case, data, party)
        except services.Conflict:
            stale = True
            show_refusal(form, errors.Conflict(CONFLICT))
        except services.StepRefused as refused:
            show_refusal(form, errors.Refused(*refused.reasons))
        except PermissionDenied:
            raise
        else:
            tell_reporter = action == "close" and may_write_outcome_statement(request.user, case)
            messages.info(request, CLOSED_TELL_THE_REPORTER if tell_reporter else spec.done)
            return redirect("cases:detail", reference=case.reference)
    return render(
        request,
        "cases/action.html",
        {
            "title": spec.title,
            "case": case,
            "party": party,
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": f"/cases/{case.reference}/",
            "police": sections.police_restraint(case) if action in POLICE_RESTRAINS else None,
        },
        status=409 if stale else 200,
    )
