"""Information sharing. Objects: the organisation acting. Onboarding checks and disclosure requests
come from a recruiting organisation's case handlers or administrators; the holding organisation's
case handlers prepare a disclosure, a second one approves it. Objects: a disclosure. Its holder's
case handlers and its requester's case handlers or administrators see it; the requester reads its
content only once released."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import rules

from rampart.accounts.models import Role
from rampart.accounts.permissions import role_at, role_here


class SharingAction(StrEnum):
    RUN_ONBOARDING_CHECK = "sharing.onboarding_check"
    REQUEST_DISCLOSURE = "sharing.request_disclosure"
    PREPARE_DISCLOSURE = "sharing.prepare_disclosure"
    APPROVE_DISCLOSURE = "sharing.approve_disclosure"
    VIEW_INVESTIGATIONS_REGISTER = "sharing.view_register"
    MANAGE_SHARING_CONTACT = "sharing.manage_contact"
    VIEW_DISCLOSURE = "sharing.view_disclosure"
    READ_DISCLOSURE = "sharing.read_disclosure"


holds_disclosure = role_at("holder", Role.CASE_HANDLER)
requested_disclosure = role_at("requester", Role.CASE_HANDLER, Role.ADMINISTRATOR)


@rules.predicate
def disclosure_released(user: Any, disclosure: Any) -> bool:
    return bool(disclosure.status == "released")


RULES = {
    SharingAction.RUN_ONBOARDING_CHECK: role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR),
    SharingAction.REQUEST_DISCLOSURE: role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR),
    SharingAction.PREPARE_DISCLOSURE: role_here(Role.CASE_HANDLER),
    SharingAction.APPROVE_DISCLOSURE: role_here(Role.CASE_HANDLER),
    SharingAction.VIEW_INVESTIGATIONS_REGISTER: role_here(Role.CASE_HANDLER, Role.ADMINISTRATOR),
    SharingAction.MANAGE_SHARING_CONTACT: role_here(Role.ADMINISTRATOR),
    SharingAction.VIEW_DISCLOSURE: holds_disclosure | requested_disclosure,
    SharingAction.READ_DISCLOSURE: holds_disclosure | (requested_disclosure & disclosure_released),
}
