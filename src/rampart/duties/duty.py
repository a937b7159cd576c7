"""What the engine says: a duty, its fixed code and whether it is required or to be considered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DutyCode(StrEnum):
    """The fixed duty codes of the contract, in the order the engine lists them."""

    REVIEW_GROUP = "REVIEW_GROUP"
    RISK_ASSESSMENT_ALL_PARTIES = "RISK_ASSESSMENT_ALL_PARTIES"
    SUPPORT_ALL_PARTIES = "SUPPORT_ALL_PARTIES"
    SPECIALIST_INVESTIGATOR = "SPECIALIST_INVESTIGATOR"
    INTERIM_MEASURES_REVIEW = "INTERIM_MEASURES_REVIEW"
    POLICE_REPORT = "POLICE_REPORT"
    POLICE_LIAISON = "POLICE_LIAISON"
    SAFEGUARDING_REFERRAL = "SAFEGUARDING_REFERRAL"
    DBS_BARRING_REFERRAL = "DBS_BARRING_REFERRAL"
    REGULATOR_REFERRAL = "REGULATOR_REFERRAL"
    CQC_NOTIFICATION = "CQC_NOTIFICATION"
    COMMISSIONER_NOTIFICATION = "COMMISSIONER_NOTIFICATION"
    MDSIPS_NOTIFICATION = "MDSIPS_NOTIFICATION"
    POSTGRADUATE_DEAN_DISCUSSION = "POSTGRADUATE_DEAN_DISCUSSION"
    ESR_RECORD_UPDATE = "ESR_RECORD_UPDATE"
    INFORMATION_SHARING_ON_TRANSFER = "INFORMATION_SHARING_ON_TRANSFER"


# What each duty is called on a page, in plain English.
DUTY_NAMES: dict[DutyCode, str] = {
    DutyCode.REVIEW_GROUP: "Take the case to the review group",
    DutyCode.RISK_ASSESSMENT_ALL_PARTIES: "Assess risk for everyone involved",
    DutyCode.SUPPORT_ALL_PARTIES: "Offer support to everyone involved",
    DutyCode.SPECIALIST_INVESTIGATOR: "Use a specially trained investigator",
    DutyCode.INTERIM_MEASURES_REVIEW: "Review interim measures",
    DutyCode.POLICE_REPORT: "Report to the police",
    DutyCode.POLICE_LIAISON: "Liaise with the police",
    DutyCode.SAFEGUARDING_REFERRAL: "Safeguarding referral",
    DutyCode.DBS_BARRING_REFERRAL: "DBS barring referral",
    DutyCode.REGULATOR_REFERRAL: "Referral to the professional regulator",
    DutyCode.CQC_NOTIFICATION: "CQC notification",
    DutyCode.COMMISSIONER_NOTIFICATION: "Notify the commissioner",
    DutyCode.MDSIPS_NOTIFICATION: "Notify the regional MDSIPS team",
    DutyCode.POSTGRADUATE_DEAN_DISCUSSION: "Discuss with the Postgraduate Dean",
    DutyCode.ESR_RECORD_UPDATE: "Update ESR",
    DutyCode.INFORMATION_SHARING_ON_TRANSFER: "Share information with future employers",
}


class Status(StrEnum):
    """``required``: the facts meet the trigger; ``consider``: it may apply once more is known."""

    REQUIRED = "required"
    CONSIDER = "consider"


@dataclass(frozen=True)
class Duty:
    """One referral, notification or action the organisation must make or should weigh up."""

    code: DutyCode
    status: Status
    basis: str
    due: date | None
    reason: str
    recipient: str | None

    def to_json(self) -> dict[str, str | None]:
        """The contract's JSON shape: dates as YYYY-MM-DD, missing values as null."""
        return {
            "code": self.code.value,
            "status": self.status.value,
            "basis": self.basis,
            "due": self.due.isoformat() if self.due is not None else None,
            "reason": self.reason,
            "recipient": self.recipient,
        }
