"""Two people in the same part of a case get links a screen reader can tell apart: each link's hidden
text names the person, not only their part (WCAG 2.4.4, link purpose in context)."""

from __future__ import annotations

import re

from rampart.cases import services


def test_two_people_affected_have_links_that_name_each_of_them(alice, case, as_user):
    for name in ("Amira Haddad", "Tomasz Nowak"):
        services.add_party(
            actor=alice,
            case=case,
            version=None,
            role="affected",
            person=services.PersonDetails(kind="patient", name=name),
        )
    page = as_user(alice).get(f"/cases/{case.reference}/").content.decode()
    hidden = re.findall(r'<span class="nhsuk-u-visually-hidden">([^<]*)</span>', page)
    risk_links = [text for text in hidden if text.startswith(" a risk assessment for")]
    assert risk_links == [
        " a risk assessment for person affected, Amira Haddad",
        " a risk assessment for person affected, Tomasz Nowak",
    ]
