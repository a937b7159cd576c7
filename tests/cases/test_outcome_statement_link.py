"""The case page leads its handler to the reporter's outcome statement: beside the outcome while the
case is open, and as the next step once it is closed (closing says so); only on a case that came
from a report, and only for those the policy lets write it (reporting.write_outcome_statement)."""

import pytest

from rampart.cases.models import Case, CaseTeamMember
from tests.cases.test_case_pages import readable
from tests.factories import CaseFactory, ReportFactory

pytestmark = pytest.mark.django_db

LINK_TEXT = "Write the outcome statement for the reporter"


def _link(case: Case) -> str:
    return f'href="/triage/{case.report.reference}/outcome-statement/"'


def _ready_to_close(orgs, alice, *, from_report: bool = True) -> Case:
    """Outcome recorded, the one person involved risk-assessed and offered support."""
    report = ReportFactory(organisation=orgs["trust_a"], confidential=True) if from_report else None
    return CaseFactory(
        organisation=orgs["trust_a"], outcome_recorded=True, handler=alice, parties=1, report=report
    )


def test_the_handler_finds_the_outcome_statement_beside_the_outcome_of_an_open_case(orgs, alice, as_user):
    case = _ready_to_close(orgs, alice)
    page = readable(as_user(alice).get(f"/cases/{case.reference}/"))
    after_outcome = page[page.index('<h2 id="outcome">') : page.index("<h2>Timeline</h2>")]
    assert _link(case) in after_outcome
    assert "They see it in their inbox once the case is closed." in after_outcome
    assert page.count(_link(case)) == 1


def test_closing_a_case_from_a_report_prompts_for_the_outcome_statement(orgs, alice, as_user):
    case = _ready_to_close(orgs, alice)
    handler = as_user(alice)
    closed = handler.post(f"/cases/{case.reference}/close/", {"version": case.version}, follow=True)
    page = readable(closed)
    assert Case.objects.get(pk=case.pk).state == "closed"
    assert f"Case closed. {LINK_TEXT}: they see it in their inbox now that the case is closed." in page
    next_steps = page[page.index("<h2>Next steps</h2>") : page.index('<h2 id="duties"')]
    assert _link(case) in next_steps
    assert page.count(_link(case)) == 1
    # The link leads to the page where the statement is written.
    statement_page = readable(handler.get(f"/triage/{case.report.reference}/outcome-statement/"))
    assert f"<h1>{LINK_TEXT}</h1>" in statement_page


def test_closing_a_case_raised_by_staff_says_only_that_it_closed(orgs, alice, as_user):
    case = _ready_to_close(orgs, alice, from_report=False)
    page = readable(
        as_user(alice).post(f"/cases/{case.reference}/close/", {"version": case.version}, follow=True)
    )
    assert Case.objects.get(pk=case.pk).state == "closed"
    assert "Case closed." in page
    assert LINK_TEXT not in page
    assert "/outcome-statement/" not in page


def test_an_investigator_who_sees_the_case_is_not_offered_the_outcome_statement(
    orgs, alice, investigator, as_user
):
    case = _ready_to_close(orgs, alice)
    CaseTeamMember.objects.create(case=case, user=investigator, role="investigator")
    page = as_user(investigator).get(f"/cases/{case.reference}/")
    assert page.status_code == 200
    assert "/outcome-statement/" not in readable(page)
    assert as_user(investigator).get(f"/triage/{case.report.reference}/outcome-statement/").status_code in (
        403,
        404,
    )


def test_a_report_whose_reporter_has_no_inbox_offers_no_outcome_statement(orgs, alice, as_user):
    """A confidential report sent through the API holds no receipt code: nobody could read it."""
    report = ReportFactory(organisation=orgs["trust_a"], confidential=True, with_receipt=False)
    case = CaseFactory(
        organisation=orgs["trust_a"], outcome_recorded=True, handler=alice, parties=1, report=report
    )
    page = as_user(alice).get(f"/cases/{case.reference}/").content.decode()
    assert _link(case) not in page
