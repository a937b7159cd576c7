"""Staff, registration and ESR person numbers are stored encrypted, with a keyed hash beside each that
every lookup uses (cases.identifiers): the database holds none of them readable (issue 14, low)."""

from __future__ import annotations

import pytest
from django.db import connection

from rampart.cases import services
from rampart.cases.identifiers import esr_key, registration_key, staff_number_key
from rampart.cases.models import Person
from rampart.patterns.models import Professional

pytestmark = pytest.mark.django_db

STAFF, NMC, ESR = "Rx1234", "12A3456E", "87654321"


def raw_row(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        return " ".join(str(value) for value in cursor.fetchone())


@pytest.fixture
def subject(case, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        party = services.add_party(
            actor=alice,
            case=case,
            version=None,
            role="subject",
            person=services.PersonDetails(
                kind="staff",
                name="Sam Subject",
                staff_number=STAFF,
                regulator="NMC",
                registration_number=NMC,
                esr_number=ESR,
            ),
        )
    return party.person


def test_no_identifier_of_a_person_is_readable_anywhere_in_their_row(subject):
    row = raw_row("cases_person", subject.pk).upper()
    for plain in (STAFF, NMC, ESR):
        assert plain.upper() not in row
    assert subject.staff_number == STAFF  # the application still reads them
    fresh = Person.objects.get(pk=subject.pk)
    assert (fresh.staff_number, fresh.registration_number, fresh.esr_number) == (STAFF, NMC, ESR)


def test_each_identifier_has_its_keyed_hash_beside_it(subject):
    fresh = Person.objects.get(pk=subject.pk)
    assert fresh.staff_number_key == staff_number_key("rx 1234")
    assert fresh.registration_key == registration_key("NMC", "12a 3456e")
    assert fresh.esr_key == esr_key(ESR)
    assert len({fresh.staff_number_key, fresh.registration_key, fresh.esr_key}) == 3
    # The regulator is part of a registration number's hash: another regulator's same number differs.
    assert registration_key("GMC", NMC) != fresh.registration_key


def test_the_professional_record_keeps_no_readable_number_either(subject):
    professional = subject.link.professional
    row = raw_row("patterns_professional", professional.pk).upper()
    assert NMC not in row
    assert ESR not in row
    assert professional.registration_key == registration_key("NMC", NMC)
    assert professional.esr_key == esr_key(ESR)


def test_a_person_without_identifiers_has_empty_hashes_not_hashes_of_nothing(case, alice):
    party = services.add_party(
        actor=alice,
        case=case,
        version=None,
        role="witness",
        person=services.PersonDetails(kind="staff", name="W"),
    )
    fresh = Person.objects.get(pk=party.person.pk)
    assert (fresh.staff_number_key, fresh.registration_key, fresh.esr_key) == ("", "", "")


def test_a_changed_identifier_saved_alone_still_updates_its_hash(subject):
    subject.staff_number = "S999"
    subject.save(update_fields=["staff_number"])
    assert Person.objects.get(pk=subject.pk).staff_number_key == staff_number_key("S999")
    subject.regulator = "GMC"
    subject.registration_number = "7012345"
    subject.save(update_fields=["regulator"])
    assert Person.objects.get(pk=subject.pk).registration_key == registration_key("GMC", "7012345")


def test_bulk_created_people_get_their_hashes(orgs):
    (made,) = Person.objects.bulk_create(
        [Person(organisation=orgs["trust_a"], kind="staff", name="B", esr_number="11112222")]
    )
    assert Person.objects.get(pk=made.pk).esr_key == esr_key("11112222")


def test_the_same_esr_number_hashes_the_same_at_every_employer(orgs):
    at_a = Person.objects.create(organisation=orgs["trust_a"], kind="staff", name="A", esr_number="11112222")
    at_b = Person.objects.create(organisation=orgs["trust_b"], kind="staff", name="B", esr_number="1111 2222")
    assert Person.objects.get(pk=at_a.pk).esr_key == Person.objects.get(pk=at_b.pk).esr_key != ""


def test_case_search_finds_a_whole_staff_registration_or_esr_number_only(case, subject, alice, as_user):
    client = as_user(alice)
    for term in ("rx1234", "12a3456e", ESR):
        assert case.reference in client.get(f"/cases/?queue=all&q={term}").content.decode(), term
    for part in ("Rx12", "12A345", ESR[:5]):
        assert case.reference not in client.get(f"/cases/?queue=all&q={part}").content.decode(), part


def test_the_search_hint_says_only_whole_numbers_are_found(alice, as_user):
    page = as_user(alice).get("/cases/?queue=all").content.decode()
    assert "Enter the whole staff, registration or ESR number" in page


def test_onboarding_finds_the_professional_by_hash_whoever_recorded_the_number(subject):
    from rampart.sharing.selectors import find_professional

    professional = subject.link.professional
    assert find_professional(regulator="NMC", registration_number="12a 3456e") == professional
    assert find_professional(esr_number=f" {ESR} ") == professional
    # Without its regulator a number has no hash: it must not find a professional with none either.
    from django.utils import timezone

    Professional.objects.create(created_at=timezone.now())
    assert find_professional(regulator="", registration_number=NMC) is None


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_and_hashes_identifiers_already_stored(orgs):
    """Rows written before cases 0008 and patterns 0004 held the numbers in plain text: afterwards they
    are encrypted in place (still readable by the application) and hashed, and the old indexes are gone."""
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before = [("cases", "0007_person_linked_by"), ("patterns", "0003_alert_superseded")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    person = old.get_model("cases", "Person").objects.create(
        organisation_id=orgs["trust_a"].pk,
        kind="staff",
        name="Sam",
        staff_number=STAFF,
        regulator="NMC",
        registration_number=NMC,
        esr_number=ESR,
    )
    professional = old.get_model("patterns", "Professional").objects.create(
        created_at=timezone.now(), regulator="NMC", registration_number=NMC, esr_number=ESR
    )
    assert STAFF in raw_row("cases_person", person.pk)  # as it was before

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    for table, pk in (("cases_person", person.pk), ("patterns_professional", professional.pk)):
        row = raw_row(table, pk).upper()
        for plain in (STAFF.upper(), NMC, ESR):
            assert plain not in row, table
    migrated = Person.objects.get(pk=person.pk)
    assert (migrated.staff_number, migrated.registration_number, migrated.esr_number) == (STAFF, NMC, ESR)
    assert migrated.staff_number_key == staff_number_key(STAFF)
    assert migrated.registration_key == registration_key("NMC", NMC)
    assert migrated.esr_key == esr_key(ESR)
    found = Professional.objects.get(registration_key=registration_key("NMC", NMC))
    assert (found.pk, found.esr_key, found.esr_number) == (professional.pk, esr_key(ESR), ESR)
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, "cases_person")
    assert "cases_person_staff_upper" not in indexes
    indexed = {tuple(c["columns"]) for c in indexes.values() if c["index"]}
    assert ("registration_number",) not in indexed
    assert ("esr_number",) not in indexed
    assert {("staff_number_key",), ("registration_key",), ("esr_key",)} <= indexed
