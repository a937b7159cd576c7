"""Reads for the sections of the case page: everything recorded on a case, each part only for those
the policy lets read it (`cases.permissions`: findings for the handlers, investigators and the
review group; interviews and evidence for the handlers and investigators; risk and support detail
for the handlers and the review group; the rest for anyone who may see the case).

The page's one READ audit entry names the sections it showed (`shown`), never their content; an
evidence download is an EXPORT of its own (`evidence_download`)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from rampart.cases.models import (
    Evidence,
    InterimMeasure,
    Interview,
    Investigation,
    Outcome,
    Party,
    PoliceLiaison,
    ReviewGroupDecision,
)
from rampart.cases.permissions import CaseAction
from rampart.core import audit, policy
from rampart.core.models import AuditAction

if TYPE_CHECKING:
    from rampart.accounts.models import User
    from rampart.cases.models import Case
    from rampart.cases.selectors import CaseOverview


@dataclass(frozen=True)
class InterviewRow:
    interview: Interview
    party: Party | None  # None: someone no longer among the case's parties


@dataclass(frozen=True)
class CaseSections:
    """What the case page shows of each part of the case, for one person. A list or record is None
    when this person may not read it (the page leaves its section out), empty when nothing is recorded."""

    findings_allowed: bool  # whether this person may read the investigation's plan and findings
    investigation: Investigation | None  # None: none commissioned, or not this person's to read
    interviews: list[InterviewRow] | None
    evidence: list[Evidence] | None
    outcome: Outcome | None
    decisions: list[ReviewGroupDecision]
    police: PoliceLiaison | None
    measures: list[InterimMeasure]
    measure_parties: dict[int, Party]
    risk_and_support: bool  # whether the people's risk and support detail is shown

    @property
    def shown(self) -> list[str]:
        """The sections shown with something in them, for the page's READ audit entry."""
        parts = {
            "findings": self.findings_allowed and self.investigation is not None,
            "interviews": bool(self.interviews),
            "evidence": bool(self.evidence),
            "outcome": self.outcome is not None,
            "review group decisions": bool(self.decisions),
            "police liaison": self.police is not None,
            "interim measures": bool(self.measures),
            "risk and support": self.risk_and_support,
        }
        return [name for name, shown in parts.items() if shown]


def case_sections(user: Any, overview: CaseOverview) -> CaseSections:
    """The sections of a case whose overview this person was shown (`selectors.case_overview` has
    already required VIEW_CASE). Reads the interviews and evidence only when there is an
    investigation and this person may read them; never the evidence files themselves."""
    case = overview.case
    investigation, police, outcome = overview.records
    may_read_findings = policy.allowed(user, CaseAction.VIEW_FINDINGS, case)
    may_read_files = policy.allowed(user, CaseAction.VIEW_INTERVIEWS_AND_EVIDENCE, case)
    parties = {p.pk: p for p in overview.parties}
    interviews: list[InterviewRow] | None = None
    evidence: list[Evidence] | None = None
    if may_read_files:
        interviews, evidence = [], []
        if investigation is not None:
            interviews = [
                InterviewRow(i, parties.get(i.party_id))
                for i in Interview.objects.filter(investigation=investigation).order_by("held_on", "id")
            ]
            evidence = list(
                Evidence.objects.filter(investigation=investigation)
                .defer("content")
                .select_related("added_by")
                .order_by("added_at", "id")
            )
    return CaseSections(
        findings_allowed=may_read_findings,
        investigation=investigation if may_read_findings else None,
        interviews=interviews,
        evidence=evidence,
        outcome=outcome,
        # Prefetched with the people who recorded them by `selectors.case_overview`.
        decisions=list(case.review_decisions.all()),
        police=police,
        measures=_measures(overview),
        measure_parties=parties,
        risk_and_support=policy.allowed(user, CaseAction.VIEW_RISK_AND_SUPPORT, case),
    )


def _measures(overview: CaseOverview) -> list[InterimMeasure]:
    """The interim measures the overview read, where it reads them for the duties."""
    if hasattr(overview, "measures"):
        return list(overview.measures)
    return list(overview.case.interim_measures.all())


def police_restraint(case: Case) -> PoliceLiaison | None:
    """The police liaison, when it says something restrains the internal investigation: the police
    are investigating, or they agreed what the investigation may do. Shown on the steps it restrains."""
    police = PoliceLiaison.objects.filter(case=case).first()
    if police is None or not (police.investigation_active or police.agreed_to_continue):
        return None
    return police


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    content_type: str
    content: bytes


def evidence_download(*, user: User, case: Case, evidence_id: int) -> EvidenceFile | None:
    """One evidence file of the case's investigation (as cleaned when it was added), for someone the
    policy lets read interviews and evidence (else PermissionDenied, recorded); None if the case has
    no such file. Taking a file out of Rampart is recorded as an EXPORT, naming the file, not its content."""
    policy.require(user, CaseAction.VIEW_INTERVIEWS_AND_EVIDENCE, case)
    found = Evidence.objects.filter(investigation__case=case, pk=evidence_id).first()
    if found is None:
        return None
    with transaction.atomic():
        audit.record(
            actor=user,
            action=AuditAction.EXPORT,
            obj=found,
            organisation=case.organisation,
            detail={"what": "evidence file", "case": case.reference, "name": found.name},
        )
    return EvidenceFile(found.name, found.content_type, base64.b64decode(found.content))
