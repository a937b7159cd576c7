"""Pages that keep a case moving: its team (add, remove, hand over), reviewing, changing or ending an
interim measure, and a decision recorded with a reason (an override of a workflow guard, or not
involving the police). Thin: the policy (`CaseAction.EDIT_CASE`, the case's handlers), the
selectors of `cases.team`, and the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from rampart.cases import forms, selectors, services, team, team_forms, workflow
from rampart.cases.models import Case, DecisionKind, TeamRole
from rampart.cases.permissions import CaseAction
from rampart.cases.views import CONFLICT, case_for_request
from rampart.core import audit, errors, policy
from rampart.core.forms import show_refusal
from rampart.core.models import AuditAction

# The decisions a handler records with a reason, by the slug of their page.
DECISIONS: dict[str, DecisionKind] = {
    "outcome-without-review-group": DecisionKind.OUTCOME_WITHOUT_REVIEW_GROUP,
    "close-with-referrals-outstanding": DecisionKind.CLOSE_WITH_REFERRALS_OUTSTANDING,
    "police-not-involved": DecisionKind.POLICE_NOT_INVOLVED,
}
# The override page for each step a recorded decision may override (workflow.OVERRIDES).
OVERRIDE_PAGES: dict[workflow.Step, str] = {
    workflow.Step.RECORD_OUTCOME: "outcome-without-review-group",
    workflow.Step.CLOSE: "close-with-referrals-outstanding",
}


def _save(
    request: HttpRequest,
    form: forms.forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done: str,
    then: Callable[[], HttpResponse],
) -> tuple[HttpResponse | None, bool]:
    """Call the service with the form's answers: on success, say `done` and go `then`; a stale form
    or a refusal goes back on the form. Returns the redirect (or None) and whether the form was stale."""
    if request.method != "POST" or not form.is_valid():
        return None, False
    try:
        save(dict(form.cleaned_data))
    except services.Conflict:
        show_refusal(form, errors.Conflict(CONFLICT))
        return None, True
    except services.StepRefused as refused:
        show_refusal(form, errors.Refused(*refused.reasons))
        return None, False
    messages.info(request, done)
    return then(), False


def _after_team_change(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the case, or to the case list for someone the change took off the case."""
    if selectors.is_visible(request.user, case) and policy.allowed(request.user, CaseAction.VIEW_CASE, case):
        return redirect("cases:detail", reference=case.reference)
    return redirect("cases:list")


def _page(
    request: HttpRequest, case: Case, template: str, title: str, form: Any, stale: bool, **extra: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "title": title,
            "case": case,
            "form": form,
            "page_has_errors": bool(form is not None and form.errors),
            "back_href": f"/cases/{case.reference}/",
            **extra,
        },
        status=409 if stale else 200,
    )


@login_required
@require_GET
def case_team(request: HttpRequest, reference: str) -> HttpResponse:
    """Who is on the case team, with links to add, remove and hand over (the case's handlers)."""
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    members = team.team_members(case)
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=case,
        organisation=case.organisation,
        detail={"what": "case team"},
    )
    handlers = sum(1 for m in members if m.role == TeamRole.HANDLER)
    return _page(
        request,
        case,
        "cases/team.html",
        "Case team",
        None,
        False,
        members=members,
        last_handler=handlers <= 1,
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_member(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    form = team_forms.AddTeamMemberForm(
        request.POST or None,
        initial={"version": case.version},
        handlers=team.candidates(case, TeamRole.HANDLER),
        investigators=team.candidates(case, TeamRole.INVESTIGATOR),
    )
    done, stale = _save(
        request,
        form,
        lambda d: services.add_team_member(
            actor=request.user, case=case, version=d["version"], user=d["user"], role=d["role"]
        ),
        "Added to the case team. They have been sent an e-mail with a link to the case.",
        lambda: redirect("cases:team", reference=case.reference),
    )
    return done or _page(request, case, "cases/action.html", "Add someone to the case team", form, stale)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, reference: str, member_id: int) -> HttpResponse:
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    member = next((m for m in team.team_members(case) if m.pk == member_id), None)
    if member is None:
        raise Http404
    form = forms.VersionedForm(request.POST or None, initial={"version": case.version})
    user, role = member.user, member.role
    done, stale = _save(
        request,
        form,
        lambda d: services.remove_team_member(
            actor=request.user, case=case, version=d["version"], user=user, role=role
        ),
        "Removed from the case team.",
        lambda: _after_team_change(request, case),
    )
    name = user.get_full_name() or user.email
    title = f"Remove {name} from the case team ({member.get_role_display().lower()})"
    return done or _page(request, case, "cases/action.html", title, form, stale)


@login_required
@require_http_methods(["GET", "POST"])
def hand_over(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    handlers = [u for u in team.candidates(case, TeamRole.HANDLER) if u.pk != request.user.pk]
    form = team_forms.HandOverForm(request.POST or None, initial={"version": case.version}, handlers=handlers)
    done, stale = _save(
        request,
        form,
        lambda d: services.hand_over(
            actor=request.user, case=case, version=d["version"], to=d["to"], keep_previous=d["keep_previous"]
        ),
        "Case handed over. The new handler has been sent an e-mail with a link to the case.",
        lambda: _after_team_change(request, case),
    )
    return done or _page(request, case, "cases/action.html", "Hand the case over", form, stale)


@login_required
@require_http_methods(["GET", "POST"])
def review_measure(request: HttpRequest, reference: str, measure_id: int) -> HttpResponse:
    """Review an interim measure: keep it (with the next review date), change it, or end it."""
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    measure = team.measure_of(case, measure_id)
    if measure is None:
        raise Http404
    form = team_forms.MeasureReviewForm(
        request.POST or None, initial={"version": case.version, "decision": "continue"}
    )

    def save(d: dict[str, Any]) -> Any:
        if d["decision"] == "end":
            return services.end_interim_measure(
                actor=request.user,
                case=case,
                version=d["version"],
                measure=measure,
                ends_on=d["ends_on"],
                notes=d["notes"],
            )
        change = d["decision"] == "change"
        return services.review_interim_measure(
            actor=request.user,
            case=case,
            version=d["version"],
            measure=measure,
            notes=d["notes"],
            next_review_on=d["next_review_on"],
            kind=d["kind"] if change else None,
            reason=d["reason"] if change else None,
        )

    done, stale = _save(
        request,
        form,
        save,
        "Interim measure review recorded.",
        lambda: redirect("cases:detail", reference=case.reference),
    )
    if done:
        return done
    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=measure,
        organisation=case.organisation,
        detail={"what": "interim measure and its reviews"},
    )
    return _page(
        request,
        case,
        "cases/measure_review.html",
        f"Review the interim measure: {measure.get_kind_display()}",
        form,
        stale,
        measure=measure,
        today=timezone.localdate(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_decision(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """A decision with its reason: an override of a guard (the page lists what it lifts), or a
    decision not to involve the police."""
    decided = DECISIONS.get(kind)
    if decided is None:
        raise Http404
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    form = team_forms.DecisionForm(request.POST or None, initial={"version": case.version})
    done, stale = _save(
        request,
        form,
        lambda d: services.record_decision(
            actor=request.user, case=case, version=d["version"], kind=decided, reason=d["reason"]
        ),
        "Decision recorded.",
        lambda: redirect("cases:detail", reference=case.reference),
    )
    if done:
        return done
    lifts: tuple[str, ...] = ()
    if decided.value.startswith("override:"):
        step = workflow.Step(decided.value.removeprefix("override:"))
        lifts = workflow.check(step, selectors.facts_for(case)).reasons
    return _page(
        request, case, "cases/decision.html", f"Record a decision: {decided.label}", form, stale, lifts=lifts
    )
