"""Referral records as data: which duties become referral records, their evidence checklists, the
statuses a record moves through and what a referral packet is missing.

Pure Python, no Django: the lists can be read and changed without reading any view or model.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rampart.core.working_days import add_working_days
from rampart.duties import DUTY_NAMES, DutyCode


class Status(StrEnum):
    TO_DO = "to_do"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    NOT_NEEDED = "not_needed"


STATUS_LABELS = {
    Status.TO_DO: "To do",
    Status.SENT: "Sent",
    Status.ACKNOWLEDGED: "Acknowledged",
    Status.NOT_NEEDED: "Not needed",
}

# Referrals and notifications to someone outside the case team become referral records. The other
# duties (review group, risk assessments, support, a trained investigator, interim measures) are
# steps of the case itself, guarded and recorded by the case workflow (docs/decisions/0003).
REFERRAL_CODES: dict[DutyCode, str] = {
    code: DUTY_NAMES[code]
    for code in (
        DutyCode.POLICE_REPORT,
        DutyCode.POLICE_LIAISON,
        DutyCode.SAFEGUARDING_REFERRAL,
        DutyCode.DBS_BARRING_REFERRAL,
        DutyCode.REGULATOR_REFERRAL,
        DutyCode.CQC_NOTIFICATION,
        DutyCode.COMMISSIONER_NOTIFICATION,
        DutyCode.MDSIPS_NOTIFICATION,
        DutyCode.POSTGRADUATE_DEAN_DISCUSSION,
        DutyCode.ESR_RECORD_UPDATE,
        DutyCode.INFORMATION_SHARING_ON_TRANSFER,
    )
}

# The duties a referral packet (PDF) can be downloaded for.
PACKET_CODES = frozenset({DutyCode.DBS_BARRING_REFERRAL, DutyCode.REGULATOR_REFERRAL})


@dataclass(frozen=True)
class Item:
    code: str
    text: str


_CHRONOLOGY = Item("chronology", "A dated chronology of events, linked to the documents")
_STATEMENTS = Item("first_hand_statements", "First-hand witness statements (not summaries)")
_AFFECTED = Item("affected_account", "The affected person's complaint, account or statement")
_REPORT = Item("investigation_report", "The internal investigation report, or where it has got to")
_OTHER = Item(
    "other_referrals", "Other referrals made (police, DBS, regulator, safeguarding) and their references"
)
_CONCERN = Item("concern_summary", "What was alleged, when and where, and who raised it")
_MEASURES = Item("measures", "The risk assessment and any interim measures, restrictions or exclusion")

CHECKLISTS: dict[DutyCode, tuple[Item, ...]] = {
    # DBS "How to make a good quality barring referral" (domain notes §6).
    DutyCode.DBS_BARRING_REFERRAL: (
        Item(
            "personal_details",
            "Personal details: full name, gender, date of birth, current address (and when it was "
            "last confirmed), phone and e-mail",
        ),
        Item(
            "role_and_employment",
            "Job title, role description, usual activities and employment history showing the person "
            "was in regulated activity",
        ),
        Item("qualifications", "Qualifications and training record; job description, application form or CV"),
        _CHRONOLOGY,
        _STATEMENTS,
        _AFFECTED,
        Item("meeting_minutes", "Minutes of investigation and disciplinary meetings"),
        Item("investigation_report", "The internal investigation report"),
        Item("outcome_letter", "The outcome or dismissal letter"),
    ),
    # NMC formal requirements (in writing, identifies the registrant, sets out the concern, from an
    # identified referrer); HCPC and GMC employer referral guidance (domain notes §7.1-7.3).
    DutyCode.REGULATOR_REFERRAL: (
        Item("registrant", "The registrant's full name and registration number"),
        Item("referrer", "The referrer's name, role and contact details (the registrant will be told)"),
        Item("role_and_employment", "Their role, employer, place of work and dates of employment"),
        Item("concern_in_writing", "The concern set out in writing: what was alleged, when and where"),
        _CHRONOLOGY,
        _STATEMENTS,
        _AFFECTED,
        _MEASURES,
        _REPORT,
        Item("outcome", "The outcome, or that the concern is unresolved because the person left"),
        _OTHER,
    ),
    # CQC (Registration) Regulations 2009, regulation 18 notification form (domain notes §7.6).
    DutyCode.CQC_NOTIFICATION: (
        _CONCERN,
        Item(
            "people",
            "The people involved, described as the notification form asks (no names where it asks for none)",
        ),
        Item("immediate_actions", "Immediate action taken to keep people safe"),
        Item(
            "police_and_safeguarding",
            "Whether the police and the local authority have been told, with references",
        ),
        Item(
            "nhs_england_notified", "Whether NHS England was already notified, which exempts some providers"
        ),
    ),
    DutyCode.POLICE_REPORT: (
        _CONCERN,
        Item("people", "Details of the person accused and of the person affected"),
        Item("wishes", "The affected person's wishes about a police report, and whether they agree to it"),
        Item("evidence_preserved", "Evidence preserved (records, CCTV, access logs) and who holds it"),
        Item("immediate_safety", "The risk assessment and immediate safety measures"),
    ),
    DutyCode.POLICE_LIAISON: (
        Item("liaison_contact", "The police liaison's name and contact details"),
        Item("crime_reference", "The crime reference number"),
        Item(
            "agreed_scope",
            "What the internal investigation may do while the police investigate, agreed in writing",
        ),
        Item("review_points", "When the agreement will be reviewed"),
    ),
    # Children Act 1989 and 2004, Care Act 2014: the local authority's referral forms.
    DutyCode.SAFEGUARDING_REFERRAL: (
        Item("person_at_risk", "Details of the child or adult at risk and their needs"),
        _CONCERN,
        Item("views_and_consent", "Their views and wishes, and consent (or why you refer without it)"),
        Item("immediate_safety", "Immediate action taken to keep them safe"),
        Item("person_alleged", "Details of the person alleged to have caused harm, and their role"),
        _OTHER,
    ),
    DutyCode.COMMISSIONER_NOTIFICATION: (
        Item("performer", "The performer's name, profession, registration number and Performers List"),
        _CONCERN,
        _MEASURES,
        Item(
            "investigation_status", "Whether there is an investigation, who leads it and where it has got to"
        ),
        _OTHER,
    ),
    DutyCode.MDSIPS_NOTIFICATION: (
        Item("performer", "The performer's name, profession, registration number and Performers List"),
        _CONCERN,
        _MEASURES,
        Item(
            "investigation_status", "Whether there is an investigation, who leads it and where it has got to"
        ),
        _OTHER,
    ),
    DutyCode.POSTGRADUATE_DEAN_DISCUSSION: (
        Item("doctor", "The resident doctor's name, GMC number, training programme and placement"),
        _CONCERN,
        _MEASURES,
        Item("support", "Support offered to the doctor and to the affected person"),
        Item("next_steps", "The agreed next steps and who leads them"),
    ),
    DutyCode.ESR_RECORD_UPDATE: (
        Item("outcome_recorded", "The outcome of the case recorded on the person's ESR record"),
        Item("restrictions_recorded", "Any restriction or exclusion recorded"),
        Item("referrals_recorded", "DBS and regulator referral dates recorded"),
    ),
    DutyCode.INFORMATION_SHARING_ON_TRANSFER: (
        Item("findings", "The investigation findings, stated fairly and accurately"),
        Item("dbs_information", "Relevant DBS information"),
        Item("pattern", "Any pattern of behaviour across concerns"),
        Item("lawful_basis", "The lawful basis for sharing, recorded"),
    ),
}


def slug(code: str) -> str:
    """The duty code as it appears in a page address: DBS_BARRING_REFERRAL → dbs-barring-referral."""
    return code.lower().replace("_", "-")


def code_from_slug(value: str) -> DutyCode | None:
    code = value.upper().replace("-", "_")
    return DutyCode(code) if code in REFERRAL_CODES else None


def change_problems(
    *, to: Status, sent_on: date | None, reason: str, today: date, was: Status
) -> dict[str, str]:
    """What is wrong with a status change, by form field; empty if it may be made."""
    problems: dict[str, str] = {}
    if to in (Status.SENT, Status.ACKNOWLEDGED):
        if sent_on is None:
            problems["sent_on"] = "Enter the date it was sent"
        elif sent_on > today:
            problems["sent_on"] = "The date sent must be today or in the past"
    if to is Status.NOT_NEEDED and not reason.strip():
        problems["reason"] = "Enter why this referral is not needed"
    undoing = was in (Status.SENT, Status.ACKNOWLEDGED) and to in (Status.TO_DO, Status.NOT_NEEDED)
    if undoing and not reason.strip():
        problems["reason"] = "Enter why a referral that was sent is being changed"
    return problems


def is_overdue(*, status: Status, due_on: date | None, indicated: bool, today: date) -> bool:
    """Overdue: still to do, a duty the engine still finds, and its due date has passed."""
    return status is Status.TO_DO and indicated and due_on is not None and due_on < today


@dataclass(frozen=True)
class PacketFacts:
    """What the case records that a referral packet draws on."""

    duty: DutyCode
    subject_recorded: bool
    subject_role_recorded: bool
    registration_recorded: bool
    affected_recorded: bool
    chronology_entries: int
    risk_assessments: int
    findings_recorded: bool
    outcome_recorded: bool
    removed_from_regulated_activity: bool
    unticked: tuple[Item, ...] = ()


def packet_gaps(facts: PacketFacts) -> list[str]:
    """What is missing from a referral packet, most important first: first what the case does not
    record, then the evidence checklist items not yet gathered."""
    gaps: list[str] = []
    if not facts.subject_recorded:
        gaps.append("The subject of concern is not recorded on the case")
    elif not facts.subject_role_recorded:
        gaps.append("The subject's role or profession is not recorded")
    if facts.duty is DutyCode.REGULATOR_REFERRAL and not facts.registration_recorded:
        gaps.append("The subject's professional registration number is not recorded")
    if not facts.affected_recorded:
        gaps.append("The person affected is not recorded on the case")
    if facts.chronology_entries == 0:
        gaps.append("The case timeline is empty, so there is no chronology")
    if facts.risk_assessments == 0:
        gaps.append("No risk assessment is recorded")
    if not facts.findings_recorded:
        gaps.append("The investigation findings are not recorded")
    if not facts.outcome_recorded:
        gaps.append("The outcome is not recorded")
    if facts.duty is DutyCode.DBS_BARRING_REFERRAL and not facts.removed_from_regulated_activity:
        gaps.append(
            "The outcome does not record removal from regulated activity (or that the person left "
            "before they would have been removed): the DBS duty to refer depends on it"
        )
    gaps.extend(f"Not yet gathered: {item.text}" for item in facts.unticked)
    return gaps


# --- Notifications delivered inside Rampart (docs/notifications.md) --------------------------------

# A primary care provider notifies its commissioner (the ICB) of any allegation of sexual misconduct
# against a member of its team, and for a subject on a Performers List does so via the regional
# MDSIPS (NHS England's letter of 2025, source document 002). A trust's commissioner notification
# goes to its ICB too. Marking one of these records sent delivers it to the recipient's queue.
NOTIFICATION_CODES = frozenset({DutyCode.COMMISSIONER_NOTIFICATION, DutyCode.MDSIPS_NOTIFICATION})


class Route(StrEnum):
    """Where a notification goes, counted up the organisation hierarchy from the sender."""

    ICB = "icb"  # the sender's parent: its commissioner
    REGION = "region"  # the ICB's parent: NHS England's regional team (MDSIPS)


def notification_route(*, duty: str, sender_kind: str, performer: bool) -> Route | None:
    """The recipient of a notification duty sent by an organisation of `sender_kind` about a
    subject who is (or is not) on a Performers List; None for a duty that is not delivered.
    A practice's commissioner notification about a performer goes via the region, so a performer
    gives one notification (to the region) however many of the two duties are sent."""
    if duty == DutyCode.MDSIPS_NOTIFICATION:
        return Route.REGION
    if duty != DutyCode.COMMISSIONER_NOTIFICATION:
        return None
    return Route.REGION if performer and sender_kind == "primary_care" else Route.ICB


# Who works a recipient's queue: at an ICB its ICB lead (the DASV lead / commissioner, PRODUCT.md),
# at a region the case handlers of its professional standards (MDSIPS) team.
RECIPIENT_ROLES: dict[str, str] = {"icb": "icb_lead", "region": "case_handler"}

# Rampart's own choice (no source sets one): a notification not acknowledged within three working
# days is chased, the recipient and the sender both reminded, and shown as not acknowledged.
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 3


class Ask(StrEnum):
    """What the sender asks of the recipient: a choice, never free text."""

    FOR_INFORMATION = "for_information"
    ADVICE = "advice"
    CONSIDER_ACTION = "consider_action"


ASK_LABELS = {
    Ask.FOR_INFORMATION: "For information: we are managing the concern",
    Ask.ADVICE: "Advice or support with how we are managing it",
    Ask.CONSIDER_ACTION: "Consider action of your own (for a performer: under the Performers List policy)",
}


def chase_on(delivered_on: date) -> date:
    """When an unacknowledged notification is chased and shown as not acknowledged."""
    return add_working_days(delivered_on, ACKNOWLEDGE_WITHIN_WORKING_DAYS)


def is_unacknowledged_past_due(*, acknowledged_on: date | None, chase_on: date, today: date) -> bool:
    return acknowledged_on is None and today >= chase_on


def acknowledgement_problems(*, acknowledged_on: date | None, sent_on: date, today: date) -> dict[str, str]:
    """What is wrong with an acknowledgement date, by form field; empty if it may be recorded."""
    if acknowledged_on is None:
        return {"acknowledged_on": "Enter the date you acknowledged the notification"}
    if acknowledged_on > today:
        return {"acknowledged_on": "The date acknowledged must be today or in the past"}
    if acknowledged_on < sent_on:
        return {"acknowledged_on": "The date acknowledged must be on or after the date it was sent"}
    return {}
