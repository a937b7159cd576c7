"""Writes for staff accounts: second factor, recovery codes, sessions and API tokens.

Each function changes state in one transaction and records what it did in the audit log. A user acts
on their own account; an administrator's change to someone else's (members, their sessions) is
checked here against the policy's MANAGE_MEMBERS, whatever the caller checked before.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from rampart.accounts.models import ApiToken, Authenticator, Membership, Role, User, recovery_code_digest
from rampart.accounts.permissions import AccountAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction
from rampart.core.tasks import send_email

if TYPE_CHECKING:
    from rampart.organisations.models import Organisation

AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
TOKEN_PREFIX = "rmp_"


def role_holders(organisation: Organisation, role: Role) -> list[User]:
    """The organisation's active holders of a role, in e-mail order."""
    found = User.objects.filter(
        memberships__organisation=organisation, memberships__role=role, is_active=True
    )
    return list(found.distinct().order_by("email"))


def case_handlers(organisation: Organisation) -> list[User]:
    """The organisation's active case handlers, in e-mail order."""
    return role_holders(organisation, Role.CASE_HANDLER)


def email_case_handlers(
    organisation: Organisation, *, subject: str, body: str, also: User | None = None
) -> bool:
    """Queue one e-mail to the organisation's active case handlers (and `also`, if active). Callers
    put nothing identifying in it: the reader signs in to see the detail. False when nobody is there."""
    return email_role(organisation, Role.CASE_HANDLER, subject=subject, body=body, also=also)


def email_role(
    organisation: Organisation, role: Role, *, subject: str, body: str, also: User | None = None
) -> bool:
    """Queue one e-mail to the organisation's active holders of `role` (and `also`, if active)."""
    to = {user.email for user in role_holders(organisation, role)}
    if also is not None and also.is_active:
        to.add(also.email)
    if to:
        send_email.enqueue(to=sorted(to), subject=subject, body=body)
    return bool(to)


def has_authenticator(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, confirmed=True).exists())


def authenticator_being_set_up(user: User) -> Authenticator:
    """The unconfirmed authenticator a user is enrolling; made on first visit, reused after."""
    device: Authenticator | None = Authenticator.objects.filter(user=user, confirmed=False).first()
    return device or Authenticator.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@dataclass(frozen=True)
class CodeCheck:
    ok: bool
    wait_seconds: int = 0


def check_authenticator_code(
    user: User, code: str, *, device: Authenticator | None = None
) -> tuple[CodeCheck, Authenticator | None]:
    """Check a 6-digit code against the user's authenticator (throttled by django-otp)."""
    device = device or Authenticator.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck(False), None
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = int((locked_until - timezone.now()).total_seconds()) + 1 if locked_until else 30
        return CodeCheck(False, max(wait, 1)), device
    ok = device.verify_token(code.replace(" ", ""))
    if not ok:
        audit.record(actor=user, action=AuditAction.SECOND_FACTOR_FAILED)
    return CodeCheck(ok), device


def _new_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_code_digest(user.pk, c)) for c in codes]
    )
    return codes


def confirm_authenticator(user: User, device: Authenticator) -> list[str]:
    """Finish enrolment: the device becomes the user's authenticator; returns new recovery codes."""
    with transaction.atomic():
        Authenticator.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(actor=user, action=AuditAction.TWO_FACTOR_ENROLLED)
    return codes


def replace_recovery_codes(user: User) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(actor=user, action=AuditAction.UPDATE, obj=user, detail={"what": "recovery codes"})
    return codes


def use_recovery_code(user: User, code: str) -> StaticDevice | None:
    """Each recovery code works once: a matching code is consumed."""
    digest = recovery_code_digest(user.pk, code.replace(" ", "").replace("-", ""))
    for device in StaticDevice.objects.filter(user=user, confirmed=True):
        with transaction.atomic():
            if device.verify_token(digest):
                audit.record(actor=user, action=AuditAction.RECOVERY_CODE_USED)
                return device
    audit.record(actor=user, action=AuditAction.SECOND_FACTOR_FAILED, detail={"with": "recovery code"})
    return None


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def sign_out_everywhere(user: User) -> None:
    """End every session of this user, on every device, including this one, and their API tokens."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        audit.record(actor=user, action=AuditAction.SIGN_OUT_EVERYWHERE)
        _revoke_api_tokens(actor=user, user=user, because="signed out everywhere")
    user.refresh_from_db(fields=["session_epoch"])


def end_sessions(*, actor: User, user: User, organisation: Organisation) -> None:
    """An administrator ends every session and API token of a member (a lost device, a suspected
    compromise): as sign out everywhere, but done by someone else, so audited against the
    organisation with who did it. Only for a member of that organisation."""
    policy.require(actor, AccountAction.MANAGE_MEMBERS, organisation)
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise PermissionDenied("an administrator ends the sessions only of their organisation's members")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
        audit.record(
            actor=actor,
            action=AuditAction.SIGN_OUT_EVERYWHERE,
            obj=user,
            organisation=organisation,
            detail={"by": "an administrator"},
        )
        _revoke_api_tokens(actor=actor, user=user, because="sessions ended by an administrator")


def add_member(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    invite_url: Callable[[User], str],
) -> Membership:
    """Give someone a role at an organisation; a new user is e-mailed a link to set a password."""
    policy.require(actor, AccountAction.MANAGE_MEMBERS, organisation)
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email.lower(), defaults={"first_name": first_name, "last_name": last_name}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership, _ = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=membership,
            organisation=organisation,
            detail={"member": user.email, "role": role},
        )
        if created:
            link = invite_url(user)
            transaction.on_commit(
                lambda: send_email.enqueue(
                    to=[user.email],
                    subject="You have been invited to Rampart",
                    body=f"{actor.get_full_name() or actor.email} has added you to Rampart at "
                    f"{organisation.name}. Set your password within 3 days: {link}",
                )
            )
    return membership


def remove_member(*, actor: User, membership: Membership) -> None:
    policy.require(actor, AccountAction.MANAGE_MEMBERS, membership.organisation)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=membership,
            organisation=membership.organisation,
            detail={"member": membership.user.email, "role": membership.role},
        )
        membership.delete()
        if not Membership.objects.filter(user_id=membership.user_id).exists():
            _revoke_api_tokens(actor=actor, user=membership.user, because="no longer a member anywhere")


def set_password(*, user: User, password: str) -> None:
    """Set a password (already checked against the validators) and end the user's other sessions."""
    with transaction.atomic():
        user.set_password(password)
        user.session_epoch += 1
        user.save(update_fields=["password", "session_epoch"])
        audit.record(actor=user, action=AuditAction.UPDATE, obj=user, detail={"what": "password"})
        _revoke_api_tokens(actor=user, user=user, because="password changed")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new personal API token; the token itself is returned once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        api_token = ApiToken.objects.create(user=user, name=name, prefix=token[:10], digest=_digest(token))
        audit.record(actor=user, action=AuditAction.CREATE, obj=api_token)
    return api_token, token


def revoke_api_token(user: User, api_token: ApiToken) -> None:
    with transaction.atomic():
        api_token.revoked_at = timezone.now()
        api_token.save(update_fields=["revoked_at"])
        audit.record(actor=user, action=AuditAction.DELETE, obj=api_token)


def _revoke_api_tokens(*, actor: User, user: User, because: str) -> None:
    """Revoke every live API token of `user` (inside the caller's transaction), audited with why."""
    now = timezone.now()
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    ids = sorted(live.values_list("pk", flat=True))
    if ids:
        ApiToken.objects.filter(pk__in=ids).update(revoked_at=now)
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=user,
            detail={"what": "api tokens", "tokens": ids, "because": because},
        )


def user_for_api_token(token: str, *, method: str, path: str) -> User | None:
    """The active user a live API token belongs to, or None for a wrong, expired or revoked token.
    Every use is audited: the token, the method and the path (never the query, which may hold names)."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    audit.record(
        actor=found.user,
        action=AuditAction.READ,
        obj=found,
        detail={"via": "api_token", "method": method, "path": path[:500]},
    )
    return found.user
