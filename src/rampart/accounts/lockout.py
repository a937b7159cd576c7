"""Who is locked out after failed sign-ins, and which address a sign-in comes from (django-axes).

Failures count per (e-mail address, client address) pair: five wrong passwords lock that account from
that address for the cool-off, so someone behind the same NHS proxy or shared address can neither lock
out their colleagues nor a named handler working elsewhere. One address on its own is locked only after
many more failures across any accounts (`RAMPART_SIGN_IN_ADDRESS_ATTEMPTS`, 100 in the cool-off), which
stops one machine trying a password against every account.

The client address is read from `X-Forwarded-For` only when the request comes from a proxy listed in
`RAMPART_TRUSTED_PROXIES`; anyone else's header is ignored. Axes is the one place that keeps staff
sign-in addresses (its attempt rows, deleted after the cool-off or a successful sign-in).
"""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of whoever sent the request: the peer, unless the peer is a trusted proxy, then
    the nearest address in X-Forwarded-For that is not itself a trusted proxy (read right to left,
    because a client can write anything on the left)."""
    peer = str(request.META.get("REMOTE_ADDR", ""))
    networks = _trusted(tuple(settings.RAMPART_TRUSTED_PROXIES))
    if not networks or not _is_trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    nearest = peer
    for hop in reversed([hop for hop in hops if hop]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return nearest  # not an address: a trusted proxy would not have written it
        if not _is_trusted(hop, networks):
            return hop
        nearest = hop
    return nearest


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The e-mail address a sign-in attempt was for, so lockouts count per account."""
    email = (credentials or {}).get("username") or request.POST.get("email", "")
    return str(email).strip().lower()[:254]


def address_failures(request: HttpRequest) -> int:
    """Failed sign-ins from this request's address within the cool-off, for any account."""
    found = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))
    return int(found["total"] or 0)


class PairAndAddressLockout(AxesDatabaseHandler):
    """Axes counts the (account, address) pair (`AXES_LOCKOUT_PARAMETERS`); this adds the far higher
    limit for one address on its own, which axes cannot express next to the pair."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.RAMPART_SIGN_IN_ADDRESS_ATTEMPTS:
            request.rampart_address_locked = True
            return max(failures, get_failure_limit(request, credentials))
        return failures
