"""The disclosure letter: a PDF reference the requester downloads once the disclosure is released."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from rampart.sharing import selectors
from rampart.sharing.models import Disclosure


def letter_context(disclosure: Disclosure) -> dict[str, Any]:
    check = disclosure.onboarding_check
    return {
        "title": "Disclosure of information about a professional",
        "item": disclosure,
        "candidate_name": check.candidate_name if check else "",
        "candidate_role": check.role if check else "",
        "contact": selectors.contact_for(disclosure.holder),
        "today": timezone.localdate(),
    }


def letter_pdf(disclosure: Disclosure, *, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("sharing/letter.html", letter_context(disclosure))
    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]
