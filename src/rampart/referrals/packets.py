"""Referral packets: a PDF summary of the case for the DBS or the regulator, what is missing first."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from rampart.cases.models import Case, Investigation, Outcome, PoliceLiaison, RiskAssessment
from rampart.referrals import rules, selectors
from rampart.referrals.models import Referral

TITLES = {
    rules.DutyCode.DBS_BARRING_REFERRAL: "DBS barring referral packet",
    rules.DutyCode.REGULATOR_REFERRAL: "Regulator referral packet",
}


def packet_context(referral: Referral) -> dict[str, Any]:
    case: Case = referral.case
    parties = list(case.parties.select_related("person"))
    subject = next((p.person for p in parties if p.role == "subject"), None)
    ticked = selectors.ticked_items(referral)
    return {
        "title": TITLES[rules.DutyCode(referral.duty_code)],
        "referral": referral,
        "case": case,
        "org": case.organisation,
        "today": timezone.localdate(),
        "gaps": rules.packet_gaps(selectors.packet_facts(case, referral)),
        "subject": subject,
        "parties": parties,
        "chronology": list(case.timeline.select_related("actor").order_by("at", "id")),
        "risk_assessments": list(
            RiskAssessment.objects.filter(party__case=case).select_related("party").order_by("assessed_at")
        ),
        "measures": list(case.interim_measures.order_by("starts_on", "id")),
        "police": PoliceLiaison.objects.filter(case=case).first(),
        "investigation": Investigation.objects.filter(case=case).first(),
        "outcome": Outcome.objects.filter(case=case).first(),
        "checklist": [(item, item.code in ticked) for item in referral.checklist()],
        "other_referrals": [
            r for r in case.referrals.exclude(pk=referral.pk) if r.status in ("sent", "acknowledged")
        ],
    }


def packet_pdf(referral: Referral, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("referrals/packet.html", packet_context(referral))
    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]
