"""Demo chaperone records at Riverside (R1A) by Cara Clinician, with a gap of every kind and one
concern (loaded by `rampart demo-data`; safe to run twice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from rampart.chaperoning import rules, services
from rampart.chaperoning.models import ChaperoneRecord

BASE = {
    "recorder_role": "examiner",
    "setting": "outpatient",
    "department": "Gynaecology outpatients",
    "procedure": "Pelvic examination",
    "intimacy": "intimate",
    "purpose_explained": True,
    "purpose": "Investigating pelvic pain: to check for tenderness and swelling.",
    "consent": "verbal",
    "capacity": "has_capacity",
    "offer": "accepted",
    "chaperone_name": "Jo Smith",
    "chaperone_role": "Healthcare assistant (bank)",
    "observed_throughout": True,
    "informal_companion": False,
    "deferred": False,
}
CONCERN = (
    "Dr Ellis asked me to wait behind the curtain, where I could not see the examination, and "
    "did not explain to the patient why a breast examination was needed for a urinary problem."
)
# (reference, days ago, changes to BASE, concern)
RECORDS: list[tuple[str, int, dict[str, Any], str]] = [
    ("CHR-DEMO-0001", 150, {"patient_ref": "PX-40213"}, ""),  # untrained bank chaperone
    (
        "CHR-DEMO-0002",
        120,
        {
            "patient_ref": "PX-40377",
            "setting": "emergency",
            "department": "Emergency department",
            "procedure": "Rectal examination",
            "purpose_explained": False,
            "purpose": "",
            "offer": "not_offered",
            "chaperone_name": "",
            "chaperone_role": "",
        },
        "",
    ),  # no offer, no purpose, not explained
    (
        "CHR-DEMO-0003",
        90,
        {
            "patient_ref": "PX-41002",
            "recorder_role": "chaperone",
            "examiner_name": "Dr Mark Ellis",
            "department": "Urology",
            "procedure": "Breast examination",
            "purpose_explained": False,
            "purpose": "",
            "offer": "clinician_requested",
            "chaperone_name": "",
            "chaperone_role": "Staff nurse",
            "observed_throughout": False,
        },
        CONCERN,
    ),  # chaperone could not see; a concern
    (
        "CHR-DEMO-0004",
        60,
        {"patient_ref": "PX-41420", "offer": "declined", "chaperone_name": "", "informal_companion": True},
        "",
    ),  # declined, with a relative present
    (
        "CHR-DEMO-0005",
        30,
        {
            "patient_ref": "PX-41877",
            "offer": "patient_requested",
            "chaperone_name": "",
            "chaperone_role": "",
            "deferred": True,
            "deferral_reason": "No chaperone was free; rebooked for the next clinic.",
        },
        "",
    ),  # deferred
    (
        "CHR-DEMO-0006",
        12,
        {
            "patient_ref": "PX-42015",
            "recorder_role": "chaperone",
            "examiner_name": "Dr Mark Ellis",
            "department": "Urology",
            "procedure": "Testicular examination",
            "purpose": "Checking a lump the patient found.",
            "capacity": "child",
            "capacity_notes": "15 years old; competent to consent, mother present at his request.",
            "chaperone_name": "",
            "chaperone_role": "Staff nurse",
            "informal_companion": True,
        },
        "",
    ),  # complete, a trained chaperone (Cara)
    (
        "CHR-DEMO-0007",
        0,
        {"patient_ref": "PX-42210", "offer": "not_offered", "chaperone_name": "", "chaperone_role": ""},
        "",
    ),  # today: no offer, still editable
]


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    trust = orgs["R1A"]
    cara = users["cara.clinician@riverside.example"]
    now = timezone.now()
    for reference, days_ago, changes, concern in RECORDS:
        if ChaperoneRecord.objects.filter(reference=reference).exists():
            continue
        examined_at = now - timedelta(days=days_ago, hours=2)
        record = services.record_examination(
            actor=cara, organisation=trust, answers={**BASE, **changes}, examined_at=examined_at, via="demo"
        )
        # Demo only: a fixed reference, and older records made on the day of the examination.
        recorded_at = examined_at + timedelta(minutes=20) if days_ago else now
        ChaperoneRecord.objects.filter(pk=record.pk).update(reference=reference, recorded_at=recorded_at)
        record.refresh_from_db()
        if concern:
            # Cara chaperoned this one; her concern is about the examining clinician.
            services.raise_concern(
                actor=cara,
                record=record,
                text=concern,
                about=rules.ConcernSubject(about=rules.ConcernAbout.EXAMINER),
            )
