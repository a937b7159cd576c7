"""The public reporting journey and the anonymous inbox (no sign-in, nothing identifying kept)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from rampart.organisations.selectors import organisation_by_ods_code, search_accepting_reports
from rampart.reporting import attachments, journey, selectors, services
from rampart.reporting.codes import format_receipt_code
from rampart.reporting.forms import (
    CATEGORIES,
    STEP_FORMS,
    AttachmentForm,
    MessageForm,
    ReceiptCodeForm,
    SignInLinkForm,
)
from rampart.reporting.models import Report

DRAFT_COOKIE = "rampart_report"
INBOX_COOKIE = "rampart_inbox"
BROWSER_COOKIE = "rampart_inbox_browser"
INBOX_MINUTES = 30


def _set_cookie(response: HttpResponse, name: str, value: str, minutes: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=minutes * 60,
        httponly=True,
        samesite="Lax",
        secure=not settings.LOCAL_HTTP,
        path="/report/",
    )


@require_http_methods(["GET"])
def start(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/start.html", {"title": "Report a concern about sexual misconduct"})


def _draft(request: HttpRequest) -> Any:
    return services.draft_for(request.COOKIES.get(DRAFT_COOKIE))


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in STEP_FORMS:
        raise Http404
    draft = _draft(request)
    answers = services.answers_of(draft)
    if slug != "organisation" and draft is None:
        return redirect("reporting:step", slug="organisation")
    if not journey.applies(slug, answers):
        return redirect("reporting:step", slug=journey.next_step(slug, answers))
    form_class = STEP_FORMS[slug]
    choices = search_accepting_reports(request.GET.get("q", "")) if slug == "organisation" else None
    kwargs: dict[str, Any] = {"choices": choices} if slug == "organisation" else {}
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            token = None
            try:
                if draft is None:
                    draft, token = services.start_draft(organisation=form.to_answers()["organisation"])
            except services.RateLimited as limited:
                form.add_error(None, _busy_message(limited, what="start your report"))
                status = 429
            else:
                answers = services.save_answers(draft, form.to_answers())
                response = redirect(_after(slug, answers, changing=bool(request.GET.get("change"))))
                if token:
                    _set_cookie(response, DRAFT_COOKIE, token, 120)
                return response
    else:
        form = form_class(initial=form_class.from_answers(answers), **kwargs)
    previous = journey.previous_step(slug, answers)
    template = {"organisation": "step_organisation", "when-where": "step_when_where"}.get(slug, "step")
    return render(
        request,
        f"reporting/{template}.html",
        {
            "title": _TITLES[slug],
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": f"/report/{previous}/" if previous else "/report/",
            "answers": answers,
            "choices": choices,
            "query": request.GET.get("q", ""),
            "categories": CATEGORIES,
        },
        status=status,
    )


def _busy_message(limited: services.RateLimited, *, what: str) -> str:
    """Kind words for a refusal that is not the reporter's doing; what they typed is kept."""
    minutes = max(1, (limited.seconds + 59) // 60)
    return (
        f"We are receiving more reports than usual, so we could not {what} just now. "
        f"Nothing you have told us has been lost. Please try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}"
    )


def _after(slug: str, answers: dict[str, Any], *, changing: bool) -> str:
    """Where a page leads: danger first, then back to the summary when changing an answer."""
    if slug == "safety" and journey.urgent(answers):
        return "/report/get-help-now/"
    if changing:
        return "/report/check/"
    following = journey.next_step(slug, answers)
    return f"/report/{following}/"


_TITLES = {
    "organisation": "Where did it happen?",
    "about": "Who is your concern about?",
    "affected": "Who was affected?",
    "what-happened": "What happened?",
    "when-where": "When and where did it happen?",
    "safety": "Is anyone in danger?",
    "anonymity": "How do you want to be known?",
    "contact": "Your contact details",
}


@never_cache
@require_http_methods(["GET"])
def urgent(request: HttpRequest) -> HttpResponse:
    answers = services.answers_of(_draft(request))
    return render(
        request,
        "reporting/urgent.html",
        {
            "title": "Get help now",
            "back_href": "/report/safety/",
            "next_href": "/report/" + journey.next_step("safety", answers) + "/",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def attachments_step(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    if draft is None:
        return redirect("reporting:step", slug="organisation")
    answers = services.answers_of(draft)
    form = AttachmentForm()
    error = None
    if request.method == "POST":
        if "remove" in request.POST:
            services.remove_draft_attachment(draft, request.POST.get("remove"))
            return redirect("reporting:attachments")
        upload = request.FILES.get("file")
        if upload is None and "upload" in request.POST:
            error = "Select a file to add, or continue without one"
        elif upload is not None:
            try:
                attachments.add_to_draft(draft, upload.read(attachments.MAX_BYTES + 1), upload.name or "")
            except attachments.Refused as refused:
                error = str(refused)
            else:
                return redirect("reporting:attachments")
        else:
            return redirect("reporting:check")
    previous = journey.previous_step("attachments", answers)
    return render(
        request,
        "reporting/step_attachments.html",
        {
            "title": "Add photos or documents",
            "form": form,
            "error": error,
            "page_has_errors": bool(error),
            "files": selectors.draft_attachments(draft),
            "back_href": f"/report/{previous}/",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    draft = _draft(request)
    answers = services.answers_of(draft)
    if draft is None:
        return redirect("reporting:step", slug="organisation")
    gap = journey.first_unanswered_step(answers)
    if gap is not None:
        return redirect("reporting:step", slug=gap)
    problem = None
    if request.method == "POST":
        try:
            submitted = services.submit_report(
                answers, draft=draft, from_public=True, receipt_for_everyone=True
            )
        except services.RateLimited as limited:
            problem = _busy_message(limited, what="send your report")
        else:
            return _sent(request, submitted)
    return render(
        request,
        "reporting/check.html",
        {
            "title": "Check your answers before sending your report",
            "answers": answers,
            "organisation": organisation_by_ods_code(answers.get("organisation") or ""),
            "categories": dict(CATEGORIES),
            "files": selectors.draft_attachments(draft),
            "back_href": "/report/attachments/",
            "problem": problem,
            "page_has_errors": bool(problem),
        },
        status=429 if problem else 200,
    )


def _sent(request: HttpRequest, submitted: services.Submitted) -> HttpResponse:
    response = render(
        request,
        "reporting/confirmation.html",
        {
            "title": "Your report has been sent",
            "report": submitted.report,
            "receipt_code": format_receipt_code(submitted.receipt_code) if submitted.receipt_code else None,
            "signposts": selectors.signposts_for(submitted.report.organisation),
        },
    )
    response.delete_cookie(DRAFT_COOKIE, path="/report/")
    return response


# --- the anonymous inbox --------------------------------------------------------------------------


def _browser_key(request: HttpRequest) -> tuple[str, bool]:
    """A random per-browser value (in a cookie) so wrong codes can be counted without an IP address."""
    existing = request.COOKIES.get(BROWSER_COOKIE)
    if existing and len(existing) == 32 and existing.isalnum():
        return existing, False
    import secrets

    return secrets.token_hex(16), True


@never_cache
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    form = ReceiptCodeForm(request.POST or None)
    browser, new_browser = _browser_key(request)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = services.open_inbox(form.cleaned_data["code"], browser_key=browser)
        except services.Busy:
            form.add_error("code", "The inbox is busy. Wait a minute and try again")
            status = 429
        except services.RateLimited as limited:
            form.add_error(
                "code", f"Too many wrong codes. Wait {limited.seconds // 60 + 1} minutes and try again"
            )
            status = 429
        else:
            if report is not None:
                response = redirect("reporting:conversation")
                lookup = services.receipt_lookup(form.cleaned_data["code"])
                _set_cookie(response, INBOX_COOKIE, signing.dumps(lookup, salt="inbox"), INBOX_MINUTES)
                return response
            form.add_error(
                "code", "We could not find a report with that receipt code. Check it and try again"
            )
            status = 404
    response = render(
        request,
        "reporting/inbox.html",
        {
            "title": "Read replies about your report",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/report/",
        },
        status=status,
    )
    if new_browser:
        _set_cookie(response, BROWSER_COOKIE, browser, 24 * 60)
    return response


def _inbox_report(request: HttpRequest) -> Report | None:
    """The report whose inbox this browser opened: the signed cookie holds a receipt's lookup (a
    receipt code was typed) or `{"ref": ...}` (a named reporter used a sign-in link)."""
    try:
        opened = signing.loads(
            request.COOKIES.get(INBOX_COOKIE, ""), salt="inbox", max_age=INBOX_MINUTES * 60
        )
    except signing.BadSignature:
        return None
    if isinstance(opened, dict):
        return selectors.report_opened_by_link(str(opened.get("ref", "")))
    return services.report_by_lookup(opened)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest) -> HttpResponse:
    """A named reporter who gave an e-mail address asks for a one-time link to their inbox."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_sign_in_link(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
        )
        # The same page whether or not the details matched: it must not tell who reported what.
        return render(request, "reporting/sign_in_link_sent.html", {"title": "Check your e-mail"})
    return render(
        request,
        "reporting/sign_in_link.html",
        {
            "title": "Get a sign-in link by e-mail",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/report/inbox/",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the e-mailed link shows a button; only pressing it uses the link (an e-mail scanner
    that fetches links must not spend it)."""
    if request.method == "POST":
        report = services.use_sign_in_link(token)
        if report is not None:
            response = redirect("reporting:conversation")
            opened = signing.dumps({"ref": report.reference}, salt="inbox")
            _set_cookie(response, INBOX_COOKIE, opened, INBOX_MINUTES)
            return response
        return render(
            request,
            "reporting/sign_in_link_expired.html",
            {"title": "This sign-in link has expired or been used"},
            status=410,
        )
    return render(request, "reporting/sign_in.html", {"title": "Open your inbox"})


@never_cache
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest) -> HttpResponse:
    report = _inbox_report(request)
    if report is None:
        return redirect("reporting:inbox")
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_reporter_message(report, form.cleaned_data["text"])
        return redirect("reporting:conversation")
    return render(
        request,
        "reporting/conversation.html",
        {
            "title": f"Your report {report.reference}",
            "report": report,
            "form": form,
            "inbox": selectors.inbox_view(report),
            "page_has_errors": bool(form.errors),
            "signposts": selectors.signposts_for(report.organisation),
        },
    )


@require_http_methods(["POST"])
def leave_inbox(request: HttpRequest) -> HttpResponse:
    response = render(request, "reporting/left_inbox.html", {"title": "You have left your inbox"})
    response.delete_cookie(INBOX_COOKIE, path="/report/")
    return response


# --- "you said, we did" ---------------------------------------------------------------------------------


@require_http_methods(["GET"])
def organisations(request: HttpRequest) -> HttpResponse:
    """Find an organisation's public reporting page."""
    query = request.GET.get("q", "")
    return render(
        request,
        "reporting/organisations.html",
        {
            "title": "What organisations did about reports",
            "query": query,
            "choices": search_accepting_reports(query),
            "back_href": "/report/",
        },
    )


@require_http_methods(["GET"])
def organisation_page(request: HttpRequest, ods_code: str) -> HttpResponse:
    """An organisation's public reporting page: how to report, and "you said, we did"."""
    from django.utils import timezone

    org = selectors.accepting_organisation(ods_code)
    if org is None:
        raise Http404
    today = timezone.localdate()
    since, until = selectors.figures_since(today), selectors.figures_until(today)
    return render(
        request,
        "reporting/organisation.html",
        {
            "title": f"Reporting sexual misconduct to {org.name}",
            "org": org,
            "months": f"{since:%B %Y} to {until:%B %Y}",
            "figures": selectors.you_said_we_did(org, since=since, until=until),
            "signposts": selectors.signposts_for(org),
            "back_href": "/report/organisations/",
        },
    )
