from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rampart.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from rampart.accounts import signals  # noqa: F401  (axes lockout -> audit and alert)

    def permission_denied(self, *, user: Any, organisation: Any) -> None:
        """For the policy: count each refusal; repeated ones are told to the administrators."""
        from rampart.accounts import denials

        denials.watch(user, organisation)

    def your_work(self, request: Any) -> dict[str, Any]:
        """For "Your work": the roles this person holds."""
        from rampart.accounts.models import Role
        from rampart.accounts.permissions import memberships

        return {"roles": sorted({Role(r).label for _, r in memberships(request.user)})}
