"""Demo assurance data: a trust with two approved years and one in progress, primary care providers
in every RAG state, and enough organisations in the demo region for a roll-up. Safe to run twice."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from rampart.assurance import services
from rampart.assurance.models import Assessment, AssessmentStatus, CharterProgress, WorkforceFigure
from rampart.assurance.rules import ItemStatus
from rampart.assurance.selectors import frameworks
from rampart.organisations.models import OrganisationKind
from rampart.organisations.services import upsert_organisation

# Extra made-up practices so the ICB page and the regional roll-up have something to show.
PRACTICES = [
    ("Z90005", "Riverside Road Surgery", "Q9A"),
    ("Z90006", "Oakfield Health Centre", "Q9A"),
    ("Z90007", "Kingsway Family Practice", "Q9A"),
    ("Z90008", "Weir Street Medical Practice", "Q9A"),
    ("Z90009", "Hilltop Surgery", "Q9B"),
    ("Z90010", "Southgate Dental Care", "Q9B"),
    ("Z90011", "Meadow Lane Practice", "Q9B"),
    ("Z90012", "Castle View Opticians", "Q9B"),
]

D = date.fromisoformat
# ODS code -> (contacted by the ICB, charter signed, checklist completed, chaperone policy reviewed)
PROGRESS = {
    "Z90001": (D("2026-01-12"), D("2026-01-20"), D("2026-03-10"), D("2026-03-10")),  # green
    "Z90002": (D("2026-01-15"), D("2026-02-20"), None, None),  # red: checklist missing
    "Z90005": (D("2026-01-20"), D("2026-03-01"), D("2026-05-14"), None),  # amber: completed late
    "Z90006": (None, None, None, None),  # red: never contacted
    "Z90007": (D("2026-01-08"), D("2026-01-30"), D("2026-02-27"), D("2026-02-27")),  # green
    "Z90008": (D("2026-01-09"), D("2026-02-02"), D("2026-03-30"), None),  # green
    "Z90003": (D("2026-01-28"), D("2026-02-10"), D("2026-03-20"), None),
    "Z90004": (D("2026-01-29"), None, None, None),
    "Z90009": (D("2026-01-30"), D("2026-03-02"), D("2026-03-25"), None),
    "Z90010": (D("2026-02-01"), None, None, None),
    "Z90011": (None, None, None, None),
    "Z90012": (None, None, None, None),
}

ADMIN = "adam.admin@riverside.example"
BOARD = "bea.board@riverside.example"


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    for code, name, icb in PRACTICES:
        orgs[code] = upsert_organisation(
            actor=None,
            ods_code=code,
            name=name,
            kind=OrganisationKind.PRIMARY_CARE,
            parent=orgs[icb],
            cqc_registered=True,
            regulated_activity_provider=True,
        )
    for code, (contacted, signed, checklist, chaperone) in PROGRESS.items():
        CharterProgress.objects.get_or_create(
            provider=orgs[code],
            defaults={
                "contacted_on": contacted,
                "charter_signed_on": signed,
                "checklist_completed_on": checklist,
                "chaperone_policy_reviewed_on": chaperone,
            },
        )
    admin, board = users[ADMIN], users[BOARD]
    trust = orgs["R1A"]
    for period, headcount, trained in (("2025/26", 8040, 4630), ("2026/27", 8210, 5390)):
        if not WorkforceFigure.objects.filter(organisation=trust, period=period).exists():
            services.record_workforce_figure(
                actor=admin,
                organisation=trust,
                period=period,
                headcount=headcount,
                elearning_completed=trained,
            )
    _approved_year(trust, "2024/25", admin, board, met_share=0.4)
    _approved_year(trust, "2025/26", admin, board, met_share=0.75)
    _year_in_progress(trust, "2026/27", admin)
    _policy_audits(orgs, admin, board)


def _answer(admin: Any, assessment: Assessment, met_share: float) -> None:
    items = list(assessment.items.all())
    cut = int(len(items) * met_share)
    for n, item in enumerate(items):
        status = ItemStatus.MET if n < cut else ItemStatus.PARTLY_MET
        if n == 0 and met_share > 0.5:
            status = ItemStatus.EXCEEDED
        services.update_item(
            actor=admin,
            item=item,
            status=status,
            not_applicable_reason="",
            owner="Chief People Officer",
            evidence_notes="Board paper, policy and staff survey results (demo).",
        )
        if status == ItemStatus.PARTLY_MET and not item.actions.exists():
            services.save_action(
                actor=admin,
                assessment=assessment,
                item=item,
                action=f"Close the gap on {item.code} (demo)",
                owner="Director of People",
                due_on=date(int(assessment.period[:4]) + 1, 3, 31),
                status="in_progress",
            )


def _approved_year(trust: Any, period: str, admin: Any, board: Any, *, met_share: float) -> None:
    if Assessment.objects.filter(organisation=trust, framework_code="charter", period=period).exists():
        return
    assessment = services.start_assessment(
        actor=admin, organisation=trust, framework_code="charter", period=period
    )
    _answer(admin, assessment, met_share)
    services.submit(actor=admin, assessment=assessment)
    services.approve(
        actor=board, assessment=assessment, approver_name="Bea Board", approver_title="Chief People Officer"
    )


def _year_in_progress(trust: Any, period: str, admin: Any) -> None:
    if Assessment.objects.filter(organisation=trust, framework_code="charter", period=period).exists():
        return
    assessment = services.start_assessment(
        actor=admin, organisation=trust, framework_code="charter", period=period
    )
    # Started from last year's copy; put a few items back to "not started" for this year's review.
    for item in list(assessment.items.all())[-4:]:
        services.update_item(
            actor=admin,
            item=item,
            status=ItemStatus.NOT_STARTED,
            not_applicable_reason="",
            owner=item.owner,
            evidence_notes=item.evidence_notes,
        )


def _policy_audits(orgs: dict[str, Any], admin: Any, board: Any) -> None:
    """Policy audit returns for the roll-up: R1A through the real journey; the other demo trusts and
    ICBs have no demo users who may assess, so their returns are seeded directly."""
    period = "2025/26"
    if not Assessment.objects.filter(organisation=orgs["R1A"], framework_code="policy_audit").exists():
        audit = services.start_assessment(
            actor=admin, organisation=orgs["R1A"], framework_code="policy_audit", period=period
        )
        _answer(admin, audit, 1.0)
        services.submit(actor=admin, assessment=audit)
        services.approve(
            actor=board, assessment=audit, approver_name="Bea Board", approver_title="Chief People Officer"
        )
    framework = frameworks()["policy_audit"]
    anonymous = {
        "R1B": ItemStatus.MET,
        "R1C": ItemStatus.PARTLY_MET,
        "Q9A": ItemStatus.MET,
        "Q9B": ItemStatus.MET,
    }
    for code, anonymous_status in anonymous.items():
        org = orgs[code]
        assessment, created = Assessment.objects.get_or_create(
            organisation=org,
            framework_code="policy_audit",
            period=period,
            defaults={
                "framework_version": framework.version,
                "framework_title": framework.title,
                "created_by": admin,
                "status": AssessmentStatus.SUBMITTED,
            },
        )
        if not created:
            continue
        for position, (section, entry) in enumerate(framework.items):
            status = anonymous_status if entry.code == "PA2.1" else ItemStatus.MET
            assessment.items.create(
                position=position,
                section_code=section.code,
                section_title=section.title,
                code=entry.code,
                text=entry.text,
                source=entry.source,
                status=status,
            )
        assessment.submitted_at = assessment.created_at + timedelta(days=1)
        assessment.save(update_fields=["submitted_at"])
