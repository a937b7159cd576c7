"""Training records belong to one organisation: only its administrators see, add or import them, and
a record links only to an account of that organisation's own members. Bob administers Trust A; Tom
administers Trust B and must neither see Trust A's records nor touch Trust A's people, whether by
choosing Trust A as his organisation, by naming Trust A's staff in a CSV or on the form."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from rampart.core.models import AuditEntry
from rampart.learning import selectors, services
from rampart.learning.models import TrainingRecord
from rampart.organisations.current import SESSION_KEY
from tests.dates import date_post
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)


@pytest.fixture
def tom(orgs):
    """Tom administers Trust B."""
    return MembershipFactory(
        user=UserFactory(email="tom@trust-b.nhs.uk"), organisation=orgs["trust_b"], role="administrator"
    ).user


@pytest.fixture
def ivy(orgs):
    """Ivy investigates at Trust A."""
    return MembershipFactory(
        user=UserFactory(email="ivy@trust-a.nhs.uk", first_name="Ivy", last_name="Inv"),
        organisation=orgs["trust_a"],
        role="investigator",
    ).user


@pytest.fixture
def trust_a_record(orgs, bob, ivy):
    return services.record_training(
        actor=bob,
        organisation=orgs["trust_a"],
        user=ivy,
        person_name="Ivy Inv",
        staff_number="TA-0001",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
        expires_on=date(2030, 1, 1),
    )


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("training.csv", text.encode())


def _choose(client, org) -> None:
    session = client.session
    session[SESSION_KEY] = org.pk
    session.save()


def test_another_trusts_administrator_sees_none_of_its_records_even_choosing_it(
    orgs, tom, trust_a_record, as_user
):
    client = as_user(tom)
    _choose(client, orgs["trust_a"])  # not his: the switcher falls back to his own trust

    page = client.get("/training/")

    assert page.status_code == 200
    assert "Ivy Inv" not in page.content.decode()
    assert "ivy@trust-a.nhs.uk" not in page.content.decode()
    assert not selectors.records_for(tom, orgs["trust_a"]).exists()
    assert list(selectors.records_for(tom, orgs["trust_b"])) == []


def test_a_case_handler_gets_no_training_records_at_all(orgs, alice, trust_a_record, as_user):
    assert as_user(alice).get("/training/").status_code == 403
    assert not selectors.records_for(alice, orgs["trust_a"]).exists()


def test_another_trusts_administrator_cannot_add_or_import_for_it(orgs, tom):
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=tom,
            organisation=orgs["trust_a"],
            person_name="Ivy Inv",
            course="chaperone",
            completed_on=date(2025, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.import_csv(
            actor=tom,
            organisation=orgs["trust_a"],
            text="person_name,course,completed_on\nZ,chaperone,2025-01-01\n",
        )

    assert not TrainingRecord.objects.filter(organisation=orgs["trust_a"]).exists()
    assert (
        AuditEntry.objects.filter(actor=tom, action="permission_denied", organisation=orgs["trust_a"]).count()
        == 2
    )


def test_a_csv_naming_another_trusts_staff_links_no_account_and_trains_nobody(orgs, tom, ivy, as_user):
    client = as_user(tom)
    _choose(client, orgs["trust_a"])
    upload = _csv(
        "person_name,staff_number,email,course,completed_on,expires_on\n"
        "Ivy Inv,TA-0001,IVY@trust-a.nhs.uk,specialist_investigation,2025-01-01,2030-01-01\n"
    )

    assert client.post("/training/import/", {"file": upload}).status_code == 302

    (record,) = TrainingRecord.objects.all()
    assert (record.organisation, record.user) == (orgs["trust_b"], None)
    assert not selectors.has_current_training(ivy, "specialist_investigation", on=ON)
    assert not selectors.trained_users(orgs["trust_a"], "specialist_investigation", on=ON).exists()


def test_the_form_with_another_trusts_address_links_no_account(orgs, tom, ivy, as_user):
    response = as_user(tom).post(
        "/training/add/",
        {
            "person_name": "Ivy Inv",
            "email": ivy.email,
            "course": "specialist_investigation",
            **date_post("completed_on", "2025-01-01"),
            **date_post("expires_on", ""),
        },
    )

    assert response.status_code == 302
    (record,) = TrainingRecord.objects.all()
    assert (record.organisation, record.user) == (orgs["trust_b"], None)
    assert not selectors.has_current_training(ivy, "specialist_investigation", on=ON)


def test_own_members_are_still_linked_by_address(orgs, bob, ivy, as_user):
    upload = _csv("person_name,email,course,completed_on\nIvy Inv,Ivy@Trust-A.nhs.uk,chaperone,2025-01-01\n")

    as_user(bob).post("/training/import/", {"file": upload})

    assert TrainingRecord.objects.get().user == ivy


def test_a_record_cannot_be_linked_to_someone_outside_its_organisation(orgs, tom, ivy):
    with pytest.raises(ValueError, match="member of its organisation"):
        services.record_training(
            actor=tom,
            organisation=orgs["trust_b"],
            user=ivy,
            person_name="Ivy Inv",
            course="specialist_investigation",
            completed_on=date(2025, 1, 1),
        )
    assert not TrainingRecord.objects.exists()


def test_a_record_kept_by_a_trust_someone_does_not_work_at_never_counts(orgs, ivy):
    # As a record linked across trusts before the import was scoped would be.
    TrainingRecord.objects.create(
        organisation=orgs["trust_b"],
        user=ivy,
        person_name="Ivy Inv",
        course="specialist_investigation",
        completed_on=date(2025, 1, 1),
    )

    assert not selectors.has_current_training(ivy, "specialist_investigation", on=ON)
    assert not selectors.trained_users(orgs["trust_b"], "specialist_investigation", on=ON).exists()


def test_trust_a_training_still_counts_for_its_own_investigator(orgs, ivy, trust_a_record):
    assert selectors.has_current_training(ivy, "specialist_investigation", on=ON)
    assert list(selectors.trained_users(orgs["trust_a"], "specialist_investigation", on=ON)) == [ivy]
