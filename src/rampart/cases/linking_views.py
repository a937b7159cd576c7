"""The "Link to a staff account" page of a person on a case (see `cases.linking`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from rampart.cases import linking, services
from rampart.cases.forms import ConfirmAccountForm, FindAccountForm, VersionedForm
from rampart.cases.models import Case, Party
from rampart.cases.permissions import CaseAction
from rampart.cases.views import case_for_request
from rampart.core import policy

CONFLICT = "This case changed while you were working on it. Check the case page, then try again."


def _case_and_party(request: HttpRequest, reference: str, party_id: int) -> tuple[Case, Party]:
    case = case_for_request(request, reference, CaseAction.EDIT_CASE)
    party = get_object_or_404(case.parties.select_related("person__user", "person__linked_by"), pk=party_id)
    return case, party


@login_required
@require_http_methods(["GET", "POST"])
def party_account(request: HttpRequest, reference: str, party_id: int) -> HttpResponse:
    case, party = _case_and_party(request, reference, party_id)
    step = request.POST.get("step", "")
    data = request.POST if request.method == "POST" else None
    initial = {"version": case.version}
    find = FindAccountForm(data if step == "find" else None, initial=initial)
    confirm: ConfirmAccountForm | None = None
    problems: tuple[str, ...] = ()
    if step == "unlink":
        return _unlink(request, case, party)
    if step in ("find", "confirm"):
        finder = FindAccountForm(data)
        if finder.is_valid():
            typed = {k: finder.cleaned_data[k] for k in ("email", "staff_number")}
            accounts = linking.proposed_accounts(case.organisation, **typed)
            confirm = ConfirmAccountForm(
                data if step == "confirm" else None,
                accounts=accounts,
                initial={**typed, "version": finder.cleaned_data["version"]},
            )
            if step == "confirm" and confirm.is_valid():
                chosen = next(u for u in accounts if u.pk == confirm.cleaned_data["account"])
                try:
                    services.link_account(
                        actor=request.user,
                        case=case,
                        version=confirm.cleaned_data["version"],
                        party=party,
                        account=chosen,
                        **typed,
                    )
                except services.Conflict:
                    problems = (CONFLICT,)
                except services.StepRefused as refused:
                    problems = refused.reasons
                else:
                    return _linked(request, case, party)
            if not accounts:
                problems = (f"No account of anyone at {case.organisation.name} matches what you entered.",)
                confirm = None
        else:
            find = finder
    return render(
        request,
        "cases/party_account.html",
        {
            "title": "Link to a staff account",
            "case": case,
            "party": party,
            "find": find,
            "confirm": confirm,
            "problems": problems,
            "page_has_errors": bool(find.errors or (confirm and confirm.errors) or problems),
            "back_href": f"/cases/{case.reference}/",
        },
        status=409 if problems == (CONFLICT,) else 200,
    )


def _linked(request: HttpRequest, case: Case, party: Party) -> HttpResponse:
    if not policy.allowed(request.user, CaseAction.VIEW_CASE, case):
        # They linked their own account: the case is no longer theirs to see.
        messages.info(request, "Linked. You are involved in that case, so you can no longer see it.")
        return redirect("cases:list")
    messages.info(request, f"The {party.get_role_display().lower()} is linked to their staff account.")
    return redirect("cases:detail", reference=case.reference)


def _unlink(request: HttpRequest, case: Case, party: Party) -> HttpResponse:
    form = VersionedForm(request.POST)
    if form.is_valid():
        try:
            services.unlink_account(
                actor=request.user, case=case, version=form.cleaned_data["version"], party=party
            )
        except services.Conflict:
            messages.info(request, CONFLICT)
            return redirect("cases:party_account", reference=case.reference, party_id=party.pk)
        messages.info(
            request, f"The {party.get_role_display().lower()} is no longer linked to a staff account."
        )
    return redirect("cases:detail", reference=case.reference)
