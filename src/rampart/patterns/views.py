"""Patterns pages: thin views that fetch through the policy or a selector, call a service for any
write and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from rampart.core import policy
from rampart.core.errors import Refused
from rampart.core.policy import Action
from rampart.organisations.current import current_organisation
from rampart.organisations.models import Organisation
from rampart.patterns import forms, selectors, services
from rampart.patterns.models import SignalKind
from rampart.patterns.permissions import PatternAction
from rampart.patterns.thresholds import REASON_TEXT, Reason


def kinds_text(kinds: list[str]) -> str:
    labels = dict(SignalKind.choices)
    return ", ".join(labels.get(k, k) for k in kinds)


def reasons_text(reasons: list[str]) -> str:
    words = [REASON_TEXT[Reason(r)] for r in reasons]
    return "; ".join([words[0], *(w[0].lower() + w[1:] for w in words[1:])]) + "." if words else ""


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    has_errors = any(getattr(f, "errors", None) for f in context.values() if hasattr(f, "is_bound"))
    return render(
        request,
        f"patterns/{template}",
        {
            "title": title,
            "page_has_errors": has_errors,
            "kinds_text": kinds_text,
            "reasons_text": reasons_text,
            **context,
        },
    )


def _organisation(request: HttpRequest, action: Action) -> Organisation:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, action, org)
    return org


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, PatternAction.VIEW_PATTERNS)
    return _page(
        request,
        "home.html",
        "Patterns and weak signals",
        org=org,
        alerts=selectors.open_alerts_named(
            list(selectors.open_alerts(org, viewer=request.user).select_related("professional"))
        ),
        candidates=list(selectors.pending_candidates(org, viewer=request.user)),
        signals=selectors.recent_signals(org, viewer=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_signal(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, PatternAction.RECORD_WEAK_SIGNAL)
    form = forms.SignalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_weak_signal(actor=request.user, organisation=org, answers=dict(form.cleaned_data))
        except Refused as refused:
            form.show_refusal(refused)
        else:
            return redirect("patterns:signal_recorded")
    return _page(request, "signal_form.html", "Record a worry about a colleague", form=form, org=org)


@login_required
def signal_recorded(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, PatternAction.RECORD_WEAK_SIGNAL)
    return _page(request, "signal_recorded.html", "Your worry has been recorded", org=org)


@login_required
def signal(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, PatternAction.VIEW_PATTERNS)
    found = selectors.signal_for(org, pk, viewer=request.user)
    if found is None:
        raise Http404
    text = services.read_signal(actor=request.user, signal=found)
    return _page(
        request, "signal.html", "Weak signal", org=org, signal=found, text=text, back_href="/patterns/"
    )


@login_required
@require_http_methods(["GET", "POST"])
def alert(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, PatternAction.VIEW_PATTERNS)
    found = selectors.alert_for(org, pk, viewer=request.user)
    if found is None:
        raise Http404
    form = forms.DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.record_decision(actor=request.user, alert=found, **form.cleaned_data)
        messages.info(request, "Decision recorded.")
        return redirect("patterns:alert", pk=found.pk)
    items = selectors.alert_items(request.user, found)
    texts = {
        item.signal.pk: services.read_signal(actor=request.user, signal=item.signal)
        for item in items.own
        if item.signal is not None
    }
    return _page(
        request,
        "alert.html",
        "Pattern alert",
        org=org,
        alert=found,
        who=selectors.who(found),
        newer=selectors.newer_alert(found),
        reasons=[REASON_TEXT[Reason(r)] for r in found.reasons],
        items=items,
        texts=texts,
        decisions=list(found.decisions.select_related("decided_by")),
        form=form,
        back_href="/patterns/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    org = _organisation(request, PatternAction.CONFIRM_MATCH)
    found = selectors.candidate_for(org, pk, viewer=request.user)
    if found is None:
        raise Http404
    form = forms.MatchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and found.status == "pending":
        if form.cleaned_data["same"] == "yes":
            services.confirm_match(actor=request.user, candidate=found)
            messages.info(request, "The records are linked.")
        else:
            services.reject_match(actor=request.user, candidate=found)
            messages.info(request, "Kept apart: you will not be asked about these records again.")
        return redirect("patterns:home")
    from rampart.core import audit
    from rampart.core.models import AuditAction

    audit.record(
        actor=request.user,
        action=AuditAction.READ,
        obj=found,
        organisation=org,
        detail={"what": "possible match"},
    )
    return _page(
        request,
        "candidate.html",
        "Are these the same person?",
        org=org,
        candidate=found,
        others=selectors.candidate_records(found),
        form=form,
        back_href="/patterns/",
    )
