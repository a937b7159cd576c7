"""Sign-in (password, then a security code), enrolment, recovery codes, sign-out and API tokens."""

from __future__ import annotations

import base64
import io
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP

from rampart.accounts import selectors, services
from rampart.accounts.forms import (
    ApiTokenForm,
    ChangePasswordForm,
    NewPasswordForm,
    PasswordAgainForm,
    RecoveryCodeForm,
    SecurityCodeForm,
    SignInForm,
)
from rampart.accounts.middleware import EPOCH_KEY, SEEN_COOKIE, start_session_clock
from rampart.core import audit
from rampart.core.models import AuditAction

RECOVERY_SESSION_KEY = "rampart_new_recovery_codes"
# When the password was last given again to replace the authenticator app, and for how long it counts.
REENROL_SESSION_KEY = "rampart_reenrol_password_at"
REENROL_WINDOW_SECONDS = 10 * 60


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: anything else (another host, or a bare word that `redirect` would
    # try to read as a view name) goes home.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


def _after_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    step = "accounts:sign_in_code" if services.has_authenticator(user) else "accounts:two_factor_setup"
    response = redirect(step)
    nxt = _next_url(request)
    if nxt != settings.LOGIN_REDIRECT_URL:
        response["Location"] += "?" + urlencode({"next": nxt})
    return response


@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_next_url(request))
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        if user is None:
            audit.record(actor=None, action=AuditAction.SIGN_IN_FAILED, actor_label=email)
            form.add_error(
                None,
                "Enter a correct e-mail address and password. After 5 wrong "
                "attempts your account is locked for 15 minutes.",
            )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session[EPOCH_KEY] = user.session_epoch
            start_session_clock(request)
            return _after_password(request)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "title": "Sign in",
            "form": form,
            "next": _next_url(request),
            "page_has_errors": bool(form.errors),
            "session_expired": getattr(request, "session_expired", False),
        },
    )


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any) -> HttpResponse:
    return render(
        request,
        "accounts/locked_out.html",
        {
            "title": "Your account is locked",
            "address_locked": getattr(request, "rampart_address_locked", False),
        },
        status=429,
    )


def _demo_code(user: Any, device: Any) -> str | None:
    """In demo mode only, the current code of a demo user, so newcomers can try every role."""
    if not (settings.DEMO and getattr(user, "is_demo", False) and device is not None):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _finish_sign_in(request: HttpRequest, device: Any) -> HttpResponse:
    otp_login(request, device)
    audit.record(actor=request.user, action=AuditAction.SIGN_IN, detail={"factor": device.name})
    return redirect(_next_url(request))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sign_in_code(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not services.has_authenticator(user):
        return redirect("accounts:two_factor_setup")
    form = SecurityCodeForm(request.POST or None)
    device = None
    if request.method == "POST" and form.is_valid():
        check, device = services.check_authenticator_code(user, form.cleaned_data["code"])
        if check.ok:
            return _finish_sign_in(request, device)
        if check.wait_seconds:
            form.add_error(
                "code",
                f"You have entered too many wrong codes. Wait {check.wait_seconds} "
                "seconds, then enter the current code from your authenticator app",
            )
        else:
            form.add_error(
                "code",
                "The security code is not correct. Enter the code currently shown in your authenticator app",
            )
    device = device or selectors.confirmed_authenticator(user)
    return render(
        request,
        "accounts/sign_in_code.html",
        {
            "title": "Enter your security code",
            "form": form,
            "next": _next_url(request),
            "page_has_errors": bool(form.errors),
            "demo_code": _demo_code(user, device),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def sign_in_recovery(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.use_recovery_code(request.user, form.cleaned_data["code"])
        if device is not None:
            left = services.recovery_codes_left(request.user)
            messages.info(
                request,
                f"You used a recovery code. You have {left} left. "
                "Create new ones from your account page if you are running low.",
            )
            return _finish_sign_in(request, device)
        form.add_error("code", "That recovery code is not correct or has already been used")
    return render(
        request,
        "accounts/sign_in_recovery.html",
        {
            "title": "Use a recovery code",
            "form": form,
            "next": _next_url(request),
            "page_has_errors": bool(form.errors),
            "back_href": "/sign-in/code/",
        },
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :].replace(
        "<svg", '<svg role="img" aria-label="QR code to scan with your authenticator app"', 1
    )


def _password_given_for_reenrolment(request: HttpRequest) -> bool:
    given_at = request.session.get(REENROL_SESSION_KEY)
    return isinstance(given_at, int) and timezone.now().timestamp() - given_at < REENROL_WINDOW_SECONDS


@never_cache
@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_reenrol_password(request: HttpRequest) -> HttpResponse:
    """Replacing the authenticator app: the password first, so a session left open is not enough."""
    form = PasswordAgainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate, so wrong passwords here count towards the lockout like any other.
        if authenticate(request, username=request.user.email, password=form.cleaned_data["password"]):
            request.session[REENROL_SESSION_KEY] = int(timezone.now().timestamp())
            return redirect("accounts:two_factor_setup")
        audit.record(
            actor=request.user, action=AuditAction.SIGN_IN_FAILED, detail={"for": "new authenticator"}
        )
        form.add_error("password", "The password is not correct. Enter the password you sign in with")
    return render(
        request,
        "accounts/password_again.html",
        {
            "title": "Enter your password to set up a new authenticator app",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/account/",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if services.has_authenticator(user):
        if not user.is_verified():
            return redirect("accounts:sign_in_code")
        if not _password_given_for_reenrolment(request):
            return redirect("accounts:two_factor_reenrol_password")
    device = services.authenticator_being_set_up(user)
    form = SecurityCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check, _ = services.check_authenticator_code(user, form.cleaned_data["code"], device=device)
        if check.ok:
            codes = services.confirm_authenticator(user, device)
            request.session.pop(REENROL_SESSION_KEY, None)
            otp_login(request, device)
            audit.record(actor=user, action=AuditAction.SIGN_IN, detail={"factor": device.name})
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect("accounts:recovery_codes")
        form.add_error(
            "code",
            "The security code is not correct. Scan the QR code again and enter the code your app shows now",
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "title": "Set up two-factor sign-in",
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "page_has_errors": bool(form.errors),
        },
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:account")
    return render(
        request,
        "accounts/recovery_codes.html",
        {"title": "Save your recovery codes", "codes": codes},
    )


@never_cache
@login_required
@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    request.session[RECOVERY_SESSION_KEY] = services.replace_recovery_codes(request.user)
    return redirect("accounts:recovery_codes")


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = selectors.live_api_tokens(request.user)
    return render(
        request,
        "accounts/account.html",
        {
            "title": "Your account",
            "recovery_left": services.recovery_codes_left(request.user),
            "tokens": tokens,
            "token_form": ApiTokenForm(),
        },
    )


@never_cache
@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.sign_out_everywhere(request.user)
    logout(request)
    response = render(
        request,
        "accounts/signed_out.html",
        {"title": "You have signed out everywhere", "everywhere": True},
    )
    response.delete_cookie(SEEN_COOKIE)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        if not request.user.is_authenticated:
            return redirect("accounts:sign_in")
        return render(request, "accounts/sign_out.html", {"title": "Sign out"})
    if request.user.is_authenticated:
        audit.record(actor=request.user, action=AuditAction.SIGN_OUT)
    logout(request)
    response = render(request, "accounts/signed_out.html", {"title": "You have signed out"})
    response.delete_cookie(SEEN_COOKIE)
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_new(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        api_token, token = services.create_api_token(request.user, form.cleaned_data["name"])
        return render(
            request,
            "accounts/api_token_created.html",
            {"title": "Your new API token", "api_token": api_token, "token": token},
        )
    return render(
        request,
        "accounts/api_token_new.html",
        {
            "title": "Create an API token",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/account/",
        },
    )


@never_cache
@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    api_token = selectors.unrevoked_api_token(request.user, token_id)
    if api_token is None:
        raise Http404
    services.revoke_api_token(request.user, api_token)
    messages.info(request, f"The API token '{api_token.name}' has been revoked.")
    return redirect("accounts:account")


@never_cache
@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def change_password(request: HttpRequest) -> HttpResponse:
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        request.session[EPOCH_KEY] = request.user.session_epoch
        messages.info(
            request,
            "Your password has been changed. You have been signed out on other devices "
            "and your API tokens have been revoked.",
        )
        return redirect("accounts:account")
    return render(
        request,
        "accounts/password_form.html",
        {
            "title": "Change your password",
            "form": form,
            "page_has_errors": bool(form.errors),
            "back_href": "/account/",
        },
    )


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def set_password_from_invite(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = selectors.invited_user(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(
            request,
            "core/error.html",
            {
                "title": "This link has expired or has already been used",
                "message": "Ask your organisation's Rampart administrator to send you a new invitation.",
            },
            status=400,
        )
    form = NewPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_password(user=user, password=form.cleaned_data["new_password1"])
        messages.info(request, "Your password is set. Sign in to set up your security code.")
        return redirect("accounts:sign_in")
    return render(
        request,
        "accounts/password_form.html",
        {"title": "Set your password", "form": form, "page_has_errors": bool(form.errors)},
    )
