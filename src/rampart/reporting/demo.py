"""Demo reports and signposting (loaded by `rampart demo-data`; safe to run twice)."""

from __future__ import annotations

from typing import Any

from rampart.reporting import services
from rampart.reporting.models import Report, SupportService

# Documented in the README so a newcomer can open the anonymous inbox.
DEMO_RECEIPT_CODE = "4242424242424242"
# The confidential reporter's code on RPT-DEMO-0004 (a closed case with a message and an outcome
# statement from the cases demo), also in the README. Demo only: `rampart demo-data` runs only in demo
# or debug mode, and every real report gets a random code (codes.new_receipt_code).
DEMO_CONFIDENTIAL_RECEIPT_CODE = "2727272727272727"

SUPPORT = [
    (
        "Riverside Independent Sexual Violence Adviser (ISVA)",
        "Confidential support and advocacy, whether or not you report to the police.",
        "020 7946 0001",
        "",
    ),
    (
        "Freedom to Speak Up Guardian",
        "An independent person staff can talk to about any concern.",
        "020 7946 0002",
        "",
    ),
    ("Occupational Health and Wellbeing", "Support for staff, including counselling.", "020 7946 0003", ""),
    (
        "Employee Assistance Programme",
        "Free, confidential advice 24 hours a day for staff.",
        "0800 000 0004",
        "",
    ),
]

REPORTS = [
    (
        "RPT-DEMO-0001",
        {
            "anonymity": "anonymous",
            "about": "staff",
            "affected": "me",
            "what_happened": "A senior colleague keeps making comments about my body during night "
            "shifts and stood too close in the medicines room.",
            "categories": ["sexual_comments", "boundary_breach"],
            "where": "Ward 7",
            "still_happening": "yes",
            "someone_in_danger": False,
        },
    ),
    (
        "RPT-DEMO-0002",
        {
            "anonymity": "confidential",
            "about": "staff",
            "affected": "patient",
            "what_happened": "My mother said the doctor did not explain why he needed to examine "
            "her chest and there was no chaperone.",
            "categories": ["inappropriate_examination"],
            "still_happening": "no",
            "someone_in_danger": False,
            "reporter_name": "Sam Reporter",
            "reporter_email": "sam.reporter@example.com",
        },
    ),
    (
        "RPT-DEMO-0003",
        {
            "anonymity": "named",
            "about": "patient",
            "affected": "staff",
            "what_happened": "A patient exposed himself to a student nurse during a dressing change.",
            "categories": ["indecent_exposure"],
            "still_happening": "not_sure",
            "someone_in_danger": False,
            "reporter_name": "Nia Nurse",
            "reporter_phone": "07700 900 982",
        },
    ),
    (
        "RPT-DEMO-0004",
        {
            "anonymity": "confidential",
            "about": "staff",
            "affected": "me",
            "what_happened": "A theatre technician keeps sending me messages about how I look and "
            "asked me to send him photos.",
            "categories": ["sexual_comments"],
            "still_happening": "no",
            "someone_in_danger": False,
            "reporter_name": "Rhian Reporter",
            "reporter_email": "rhian.reporter@example.com",
        },
    ),
]
# The reports whose reporter has a receipt code although not anonymous (as the web journey gives one).
RECEIPT_CODES = {"RPT-DEMO-0004": DEMO_CONFIDENTIAL_RECEIPT_CODE}


def load(*, orgs: dict[str, Any], users: dict[str, Any]) -> None:
    trust = orgs["R1A"]
    for order, (name, description, phone, website) in enumerate(SUPPORT):
        SupportService.objects.update_or_create(
            organisation=trust,
            name=name,
            defaults={"description": description, "phone": phone, "website": website, "order": order},
        )
    for reference, answers in REPORTS:
        if not Report.objects.filter(reference=reference).exists():
            services.submit_report(
                {"organisation": trust.ods_code, **answers},
                reference=reference,
                receipt_code=RECEIPT_CODES.get(reference, DEMO_RECEIPT_CODE),
                receipt_for_everyone=reference in RECEIPT_CODES,
            )
