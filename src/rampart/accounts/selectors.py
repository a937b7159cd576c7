"""Reads of a user's own sign-in records: their authenticator app, API tokens and invitation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from rampart.accounts.models import ApiToken, Authenticator, User

if TYPE_CHECKING:
    from rampart.organisations.models import Organisation


def confirmed_authenticator(user: User) -> Authenticator | None:
    """The authenticator app the user has finished setting up, if any."""
    found: Authenticator | None = Authenticator.objects.filter(user=user, confirmed=True).first()
    return found


def live_api_tokens(user: User) -> QuerySet[ApiToken]:
    """The user's API tokens that still work (not revoked, not expired), newest first."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def unrevoked_api_token(user: User, token_id: int) -> ApiToken | None:
    """One of the user's own tokens that has not been revoked (an expired one may still be revoked)."""
    return ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).first()


def invited_user(user_id: str) -> User | None:
    """The active user an invitation link names; raises ValueError for an id that is not a number."""
    return User.objects.filter(pk=user_id, is_active=True).first()


def member_by_email(organisation: Organisation, email: str) -> User | None:
    """The user with this e-mail address (any case) who holds a role at the organisation."""
    return User.objects.filter(email=email.lower(), memberships__organisation=organisation).first()
