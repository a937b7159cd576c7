"""Demo: a practice's notification about a performer, delivered once to the region's MDSIPS queue
and counted in its ICB's oversight (loaded by `rampart demo-data`; safe to run twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rampart.cases import services as cases
from rampart.referrals import services
from rampart.referrals.models import Notification, Referral

SUMMARY = "A patient says a GP on the Performers List made sexual remarks during a consultation."
# The Regional MDSIPS team's case handler, who works the region's queue. The organisations demo
# lists a user for every role but none at the region who receives notifications, so one is added
# here the same way (published password, fixed TOTP secret: see the README).
MDSIPS_USER = ("mo.mdsips@region.example", "Mo", "Standards", "case_handler", "Y99")


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    from rampart.organisations.management.commands.demo_data import Command

    email, first, last, role, code = MDSIPS_USER
    users[email] = Command()._user(email, first, last, role, orgs[code])
    practice = orgs["Z90001"]
    gita = users["gp.handler@parkview.example"]
    if Notification.objects.filter(sender=practice).exists():
        return
    case = cases.open_case(actor=gita, organisation=practice, summary=SUMMARY)
    cases.triage(
        actor=gita,
        case=case,
        version=None,
        sexual_dimension="yes",
        screening_notes="Sexual remarks to a patient described",
        immediate_actions="",
        priority="urgent",
        criminal_allegation=False,
    )
    cases.add_party(
        actor=gita,
        case=case,
        version=None,
        role="subject",
        person=cases.PersonDetails(
            kind="staff",
            name="Dr Demo Performer",
            profession="doctor",
            regulator="GMC",
            registration_number="7654321",
            on_performers_list=True,
        ),
    )
    sent_on = timezone.localdate() - timedelta(days=1)
    for record in Referral.objects.filter(
        case=case, duty_code__in=["COMMISSIONER_NOTIFICATION", "MDSIPS_NOTIFICATION"], status="to_do"
    ):
        services.change_status(
            actor=gita,
            referral=record,
            version=None,
            status="sent",
            sent_on=sent_on,
            recipient_reference="",
            reason="",
            asked="consider_action",
        )
