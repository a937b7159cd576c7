"""Chaperoning pages: thin views that fetch through the policy or a selector, call a service for any
write and render."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from rampart.chaperoning import charts, forms, rules, selectors, services
from rampart.chaperoning.models import ChaperoneRecord
from rampart.chaperoning.permissions import ChaperoningAction
from rampart.core import policy
from rampart.core.forms import show_refusal
from rampart.core.policy import Action
from rampart.organisations.current import current_organisation
from rampart.organisations.models import Organisation
from rampart.reporting.permissions import ReportingAction


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%-d %B %Y at %H:%M")


def _page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    has_errors = any(getattr(f, "errors", None) for f in context.values() if hasattr(f, "is_bound"))
    return render(
        request,
        f"chaperoning/{template}",
        {"title": title, "page_has_errors": has_errors, "when": _when, **context},
    )


def _organisation(request: HttpRequest, action: Action) -> Organisation:
    org = current_organisation(request)
    if org is None:
        raise Http404
    policy.require(request.user, action, org)
    return org


def _record(request: HttpRequest, reference: str, action: Action | None = None) -> ChaperoneRecord:
    record = selectors.record_for(request.user, reference)
    if record is None:
        policy.not_found(
            request.user, ChaperoneRecord, attempted=str(action or "view"), reference=reference.upper()
        )
    if action is not None:
        policy.require(request.user, action, record)
    return record


# The assurance rule the policy page defers to for its link to the self-assessment, named (not
# imported): assurance sits above chaperoning (it reads chaperone audits as evidence).
VIEW_ASSESSMENT = "assurance.view_assessment"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = current_organisation(request)
    if org is None:
        raise Http404
    may_record = policy.allowed(request.user, ChaperoningAction.RECORD_CHAPERONING, org)
    may_audit = policy.allowed(request.user, ChaperoningAction.AUDIT_CHAPERONING, org)
    if not (may_record or may_audit):
        policy.require(request.user, ChaperoningAction.RECORD_CHAPERONING, org)
    records = list(selectors.own_records(request.user).filter(organisation=org)[:20]) if may_record else []
    return _page(
        request,
        "home.html",
        "Chaperoning",
        org=org,
        may_record=may_record,
        may_audit=may_audit,
        records=[(r, rules.gaps(r.facts())) for r in records],
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_record(request: HttpRequest) -> HttpResponse:
    org = _organisation(request, ChaperoningAction.RECORD_CHAPERONING)
    last = selectors.last_record_by(request.user, org)
    initial = (
        {"recorder_role": last.recorder_role, "setting": last.setting, "department": last.department}
        if last
        else {}
    )
    form = forms.RecordForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        concern = form.cleaned_data.get("concern") or ""
        try:
            record = services.record_examination(
                actor=request.user,
                organisation=org,
                answers=form.answers(),
                concern=concern,
                about=form.concern_subject() if concern.strip() else None,
            )
        except services.InvalidRecord as invalid:
            show_refusal(form, invalid)
        else:
            messages.info(request, f"Record {record.reference} saved.")
            if concern.strip():
                messages.info(request, "Your concern has been sent to the case handlers, confidentially.")
            return redirect("chaperoning:record", reference=record.reference)
    return _page(
        request,
        "record_form.html",
        "Record a chaperoned examination",
        form=form,
        org=org,
        back_href="/chaperoning/",
    )


@login_required
def record(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(request, reference)
    services.record_view(actor=request.user, record=found)
    now = timezone.now()
    return _page(
        request,
        "record.html",
        f"Chaperone record {found.reference}",
        record=found,
        gaps=[rules.GAP_LABELS[g] for g in rules.gaps(found.facts())],
        editable=rules.can_edit(found.recorded_at, now=now),
        editable_until=timezone.localtime(rules.editable_until(found.recorded_at)),
        may_amend=policy.allowed(request.user, ChaperoningAction.AMEND_CHAPERONE_RECORD, found),
        may_raise=policy.allowed(request.user, ChaperoningAction.RAISE_CHAPERONE_CONCERN, found),
        sees_reports=policy.allowed(request.user, ReportingAction.TRIAGE_REPORTS, found.organisation),
        labels={
            "setting": dict(rules.SETTINGS),
            "intimacy": dict(rules.INTIMACY),
            "consent": dict(rules.CONSENT),
            "capacity": dict(rules.CAPACITY),
            "offer": dict(rules.OFFERS),
            "recorder_role": dict(rules.RECORDER_ROLES),
        },
        back_href="/chaperoning/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_record(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(request, reference, ChaperoningAction.AMEND_CHAPERONE_RECORD)
    if not rules.can_edit(found.recorded_at, now=timezone.now()):
        messages.info(request, "More than 24 hours have passed: the record cannot change, add an addendum.")
        return redirect("chaperoning:addendum", reference=found.reference)
    initial = forms.RecordForm.initial_from(services.answers_of(found))
    form = forms.RecordForm(
        request.POST if request.method == "POST" else None, initial=initial, with_concern=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.amend_record(actor=request.user, record=found, answers=form.answers())
        except services.InvalidRecord as invalid:
            show_refusal(form, invalid)
        except services.EditWindowClosed as closed:
            messages.info(request, closed.reasons[0])
            return redirect("chaperoning:addendum", reference=found.reference)
        else:
            messages.info(request, "Record updated." if changed else "Nothing was changed.")
            return redirect("chaperoning:record", reference=found.reference)
    return _page(
        request,
        "record_form.html",
        f"Change record {found.reference}",
        form=form,
        org=found.organisation,
        record=found,
        back_href=f"/chaperoning/records/{found.reference}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def addendum(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(request, reference, ChaperoningAction.AMEND_CHAPERONE_RECORD)
    form = forms.AddendumForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_addendum(actor=request.user, record=found, **form.cleaned_data)
        except services.InvalidRecord as invalid:
            for name, message in invalid.problems.items():
                form.add_error(name, message)
        else:
            messages.info(request, "Addendum added. The original record is unchanged.")
            return redirect("chaperoning:record", reference=found.reference)
    return _page(
        request,
        "addendum.html",
        f"Add to record {found.reference}",
        form=form,
        record=found,
        back_href=f"/chaperoning/records/{found.reference}/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def concern(request: HttpRequest, reference: str) -> HttpResponse:
    found = _record(request, reference, ChaperoningAction.RAISE_CHAPERONE_CONCERN)
    form = forms.ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_concern(
                actor=request.user,
                record=found,
                text=form.cleaned_data["concern"],
                about=form.concern_subject(),
            )
        except services.InvalidRecord as invalid:
            show_refusal(form, invalid)
        else:
            messages.info(request, "Your concern has been sent to the case handlers, confidentially.")
            return redirect("chaperoning:record", reference=found.reference)
    return _page(
        request,
        "concern.html",
        f"Raise a concern about record {found.reference}",
        form=form,
        record=found,
        back_href=f"/chaperoning/records/{found.reference}/",
    )


def _audit_scope(request: HttpRequest) -> tuple[Organisation, forms.PeriodForm, rules.Period, Any]:
    """The organisation, the filters form, the period and the records an audit page covers."""
    org = _organisation(request, ChaperoningAction.AUDIT_CHAPERONING)
    departments, clinicians = selectors.filter_choices(org)
    period = rules.parse_period(
        request.GET.get("start", ""), request.GET.get("end", ""), today=timezone.localdate()
    )
    data = {"department": "", "clinician": "", **request.GET.dict()}
    for name in ("start", "end"):
        if not data.get(name) and name not in period.problems:
            data[name] = getattr(period, name).isoformat()
    form = forms.PeriodForm(data, departments=departments, clinicians=clinicians)
    chosen = form.cleaned_data if form.is_valid() else {}
    for name, message in period.problems.items():
        form.add_error(name, message)
    records = selectors.audit_records(
        org, period, department=chosen.get("department", ""), clinician=chosen.get("clinician", "")
    )
    return org, form, period, records


@login_required
def audit_report(request: HttpRequest) -> HttpResponse:
    org, form, period, records = _audit_scope(request)
    rows = selectors.audit_rows(records)
    totals = rules.figures(rows)
    series = rules.monthly(rows, period.start, period.end)
    gap_labels = [(k, label) for k, label in rules.FIGURE_LABELS if k in rules.GAP_FIGURES]
    return _page(
        request,
        "audit.html",
        f"Chaperoning audit: {org.name}",
        org=org,
        form=form,
        period=period,
        totals=totals,
        figure_labels=rules.FIGURE_LABELS,
        gap_labels=gap_labels,
        by_department=rules.grouped(rows, lambda r: r.department),
        by_clinician=rules.grouped(rows, lambda r: r.clinician),
        months=[(m.strftime("%B %Y"), f) for m, f in series],
        trend=charts.trend_chart(series),
        gaps_chart=charts.gaps_chart(totals, gap_labels),
        query=request.GET.urlencode(),
    )


CSV_HEADER = [
    "Reference",
    "Examined",
    "Department",
    "Setting",
    "Clinician",
    "Procedure",
    "Chaperone offer",
    "Chaperone",
    "Chaperone trained",
    "Deferred",
    "Concerns",
    "Gaps",
]


@login_required
def audit_csv(request: HttpRequest) -> HttpResponse:
    org, form, period, records = _audit_scope(request)
    if form.errors:
        raise Http404
    offers, settings_ = dict(rules.OFFERS), dict(rules.SETTINGS)
    counts = selectors.concern_counts(records)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    n = 0
    for r in records:
        n += 1
        trained = {True: "yes", False: "no", None: ""}[r.chaperone_trained]
        row = [
            r.reference,
            timezone.localtime(r.examined_at).strftime("%Y-%m-%d %H:%M"),
            r.department,
            settings_.get(r.setting, r.setting),
            r.examiner_name,
            r.procedure,
            offers.get(r.offer, r.offer),
            r.chaperone_name,
            trained,
            "yes" if r.deferred else "no",
            counts.get(r.pk, 0),
            "; ".join(rules.GAP_LABELS[g] for g in rules.gaps(r.facts())),
        ]
        writer.writerow([rules.csv_safe(v) for v in row])
    services.record_export(actor=request.user, organisation=org, period=period, rows=n)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="chaperoning-{org.ods_code}-{period.start}-{period.end}.csv"'
    )
    return response


@login_required
def policy_check(request: HttpRequest) -> HttpResponse:
    org, form, period, records = _audit_scope(request)
    totals = rules.figures(selectors.audit_rows(records))
    labels = dict(rules.FIGURE_LABELS)
    principles = [
        (code, title, [(labels[k], getattr(totals, k), totals.percent(getattr(totals, k))) for k in keys])
        for code, title, keys in rules.PRINCIPLES
    ]
    return _page(
        request,
        "policy.html",
        f"Chaperoning policy check: {org.name}",
        org=org,
        form=form,
        period=period,
        totals=totals,
        principles=principles,
        may_assess=policy.allowed(request.user, VIEW_ASSESSMENT, org),
    )
