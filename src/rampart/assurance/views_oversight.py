"""Primary care charter progress (provider and ICB views) and the regional / national roll-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from rampart.assurance import forms, selectors, services
from rampart.assurance.evidence import current_period
from rampart.assurance.permissions import AssuranceAction
from rampart.assurance.rollup import MEASURES, rollup
from rampart.assurance.views import _apply_errors, _organisation, _page
from rampart.organisations.models import Organisation, OrganisationKind


@login_required
@require_http_methods(["GET", "POST"])
def charter_progress(request: HttpRequest, ods_code: str) -> HttpResponse:
    """A primary care provider confirms sign-up, checklist and chaperone policy review."""
    org = _organisation(request, ods_code, AssuranceAction.CONFIRM_CHARTER_PROGRESS)
    today = timezone.localdate()
    progress = selectors.charter_progress_of(org)
    initial = {}
    if progress:
        initial = {
            "charter_signed_on": progress.charter_signed_on,
            "checklist_completed_on": progress.checklist_completed_on,
            "chaperone_policy_reviewed_on": progress.chaperone_policy_reviewed_on,
        }
    form = forms.CharterProgressForm(request.POST or None, initial=initial, today=today)
    if request.method == "POST" and form.is_valid():
        services.confirm_charter_progress(actor=request.user, provider=org, **form.cleaned_data)
        messages.info(request, f"Saved. {org.parent.name if org.parent else 'Your ICB'} can see this now.")
        return redirect("assurance:charter_progress", ods_code=org.ods_code)
    return _page(
        request,
        "charter_progress.html",
        "Sexual Safety Charter: confirm your progress",
        org=org,
        form=form,
        progress=progress,
        deadlines=selectors.primary_care_deadlines(),
        back_href=f"/assurance/{org.ods_code}/",
    )


def _icb(request: HttpRequest, ods_code: str) -> Organisation:
    icb = _organisation(request, ods_code, AssuranceAction.OVERSEE_PROVIDERS)
    if icb.kind != OrganisationKind.ICB:
        raise Http404
    return icb


def _provider(request: HttpRequest, icb: Organisation, ods_code: str) -> Organisation:
    provider = _organisation(request, ods_code, AssuranceAction.OVERSEE_PROVIDERS)
    if provider.parent_id != icb.pk or provider.kind != OrganisationKind.PRIMARY_CARE:
        raise Http404
    return provider


@login_required
def oversight(request: HttpRequest, ods_code: str) -> HttpResponse:
    icb = _icb(request, ods_code)
    today = timezone.localdate()
    rows = selectors.oversight_rows(icb, today=today)
    return _page(
        request,
        "oversight.html",
        f"Primary care providers: {icb.name}",
        icb=icb,
        rows=rows,
        counts={rag: sum(1 for r in rows if r.status.rag == rag) for rag in ("red", "amber", "green")},
        trusts=selectors.trust_rows(icb),
        notifications=selectors.notification_rows(icb, today=today),
        deadlines=selectors.primary_care_deadlines(),
        today=today,
        back_href="/assurance/",
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_contact(request: HttpRequest, ods_code: str, provider_code: str) -> HttpResponse:
    icb = _icb(request, ods_code)
    provider = _provider(request, icb, provider_code)
    today = timezone.localdate()
    form = forms.ContactForm(request.POST or None, initial={"contacted_on": today}, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_icb_contact(actor=request.user, provider=provider, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.info(request, f"Contact with {provider.name} recorded.")
            return redirect("assurance:oversight", ods_code=icb.ods_code)
    return _page(
        request,
        "contact.html",
        f"Record contact with {provider.name}",
        icb=icb,
        provider=provider,
        form=form,
        back_href=f"/assurance/icb/{icb.ods_code}/",
    )


@login_required
@require_POST
def remind(request: HttpRequest, ods_code: str, provider_code: str) -> HttpResponse:
    icb = _icb(request, ods_code)
    provider = _provider(request, icb, provider_code)
    url = request.build_absolute_uri(reverse("assurance:charter_progress", args=[provider.ods_code]))
    try:
        sent = services.remind_provider(actor=request.user, provider=provider, confirm_url=url)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.info(request, f"Reminder sent to {sent.recipients} people at {provider.name}.")
    return redirect("assurance:oversight", ods_code=icb.ods_code)


@login_required
def rollup_page(request: HttpRequest, ods_code: str) -> HttpResponse:
    area = _organisation(request, ods_code, AssuranceAction.VIEW_ROLLUP)
    if area.kind not in (OrganisationKind.REGION, OrganisationKind.NATIONAL):
        raise Http404
    period = current_period(timezone.localdate())
    total, rows = rollup(area, period=period)
    return _page(
        request,
        "rollup.html",
        f"Roll-up: {area.name}",
        area=area,
        measures=MEASURES,
        total=total,
        rows=rows,
        period=period,
        back_href="/assurance/",
    )
