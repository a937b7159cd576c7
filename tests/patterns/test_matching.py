from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rampart.patterns.matching import (
    CERTAINTY_THRESHOLD,
    Identity,
    Method,
    Verdict,
    assess,
    best,
    name_similarity,
    name_tokens,
    uncertain,
)

DOB = "1980-04-02"


def test_same_registration_number_with_the_same_regulator_is_exact_whatever_the_spacing():
    a = Identity(name="Sam Jones", regulator="NMC", registration_number="12a 3456e")
    b = Identity(name="Samuel Jones", regulator="NMC", registration_number="12A3456E")
    verdict = assess(a, b)
    assert verdict.verdict is Verdict.EXACT
    assert verdict.method is Method.REGISTRATION


def test_same_number_with_another_regulator_is_not_a_match():
    a = Identity(regulator="GMC", registration_number="2012345")
    b = Identity(regulator="GPhC", registration_number="2012345")
    assert assess(a, b).verdict is Verdict.NO_MATCH


def test_same_esr_number_is_exact():
    verdict = assess(Identity(esr_number="12345678"), Identity(esr_number=" 12345678 "))
    assert (verdict.verdict, verdict.method) == (Verdict.EXACT, Method.ESR)


def test_same_staff_number_at_the_same_employer_is_exact():
    a = Identity(staff_number="s123", employer="R1A")
    verdict = assess(a, Identity(staff_number="S123", employer="R1A"))
    assert (verdict.verdict, verdict.method) == (Verdict.EXACT, Method.STAFF_NUMBER)


def test_same_staff_number_at_another_employer_is_not_a_match():
    a = Identity(staff_number="S123", employer="R1A")
    assert assess(a, Identity(staff_number="S123", employer="R1B")).verdict is Verdict.NO_MATCH


def test_typos_in_the_name_with_the_same_birthday_are_uncertain_not_exact():
    verdict = assess(
        Identity(name="Jonathon Smyth", date_of_birth=DOB), Identity(name="Jonathan Smith", date_of_birth=DOB)
    )
    assert verdict.verdict is Verdict.UNCERTAIN
    assert verdict.method is Method.NAME_AND_BIRTH
    assert verdict.score >= CERTAINTY_THRESHOLD
    assert "Same date of birth" in verdict.reasons


def test_case_spacing_accents_hyphens_and_order_do_not_matter():
    a = Identity(name="  SMITH-JONES, Zoë ", date_of_birth=DOB)
    b = Identity(name="zoe smith jones", date_of_birth=DOB)
    assert assess(a, b).score == 1.0
    assert name_tokens("O\u2019Brien-Nuñez, Siân") == ["nunez", "obrien", "sian"]


def test_a_different_first_name_is_below_the_threshold():
    verdict = assess(
        Identity(name="Jane Smith", date_of_birth=DOB), Identity(name="John Smith", date_of_birth=DOB)
    )
    assert verdict.verdict is Verdict.NO_MATCH
    assert 0 < verdict.score < CERTAINTY_THRESHOLD


def test_the_same_name_on_another_birthday_is_not_a_match():
    a = Identity(name="Jonathan Smith", date_of_birth=DOB)
    assert assess(a, Identity(name="Jonathan Smith", date_of_birth="1980-04-03")).verdict is Verdict.NO_MATCH


def test_a_name_without_a_birthday_never_matches():
    assert (
        assess(Identity(name="Jonathan Smith"), Identity(name="Jonathan Smith")).verdict is Verdict.NO_MATCH
    )


def test_same_name_and_birthday_with_different_registration_numbers_are_kept_apart():
    a = Identity(name="Jonathan Smith", date_of_birth=DOB, regulator="GMC", registration_number="1234567")
    b = Identity(name="Jonathan Smith", date_of_birth=DOB, regulator="GMC", registration_number="7654321")
    verdict = assess(a, b)
    assert verdict.verdict is Verdict.CONFLICT
    assert verdict.reasons == ("Different GMC registration numbers",)


def test_different_esr_numbers_are_different_people_even_with_the_same_registration():
    a = Identity(regulator="GMC", registration_number="1234567", esr_number="111111")
    b = Identity(regulator="GMC", registration_number="1234567", esr_number="222222")
    assert assess(a, b).verdict is Verdict.CONFLICT


def test_empty_names_score_nothing():
    assert name_similarity("", "Jo Bloggs") == 0.0
    assert name_similarity("!!", "Jo Bloggs") == 0.0


def test_best_returns_the_first_exact_candidate_and_none_without_one():
    person = Identity(regulator="GMC", registration_number="1234567")
    candidates = [
        (1, Identity(regulator="GMC", registration_number="7654321")),
        (2, Identity(regulator="GMC", registration_number="1234567")),
    ]
    found = best(person, candidates)
    assert found is not None
    assert found[0] == 2
    assert best(person, candidates[:1]) is None


def test_uncertain_lists_only_uncertain_candidates_most_alike_first():
    person = Identity(name="Jonathon Smyth", date_of_birth=DOB)
    candidates = [
        (1, Identity(name="Jonathan Smith", date_of_birth=DOB)),
        (2, Identity(name="Jonathon Smyth", date_of_birth=DOB)),
        (3, Identity(name="Priya Patel", date_of_birth=DOB)),
        (4, Identity(name="Jonathon Smyth", date_of_birth=DOB, esr_number="1")),
    ]
    assert [key for key, _ in uncertain(person, candidates)] == [2, 4, 1]


names = st.text(alphabet="abcdeéjnos -'", max_size=20)
regs = st.sampled_from(["", "1234567", "7654321"])
esrs = st.sampled_from(["", "111111", "222222"])
identities = st.builds(
    Identity,
    name=names,
    date_of_birth=st.sampled_from(["", DOB]),
    regulator=st.sampled_from(["", "GMC"]),
    registration_number=regs,
    esr_number=esrs,
    staff_number=st.sampled_from(["", "S1"]),
    employer=st.sampled_from(["", "R1A"]),
)


@given(identities, identities)
def test_matching_is_symmetric(a, b):
    one, other = assess(a, b), assess(b, a)
    assert (one.verdict, one.score, one.method) == (other.verdict, other.score, other.method)


@given(identities, identities)
def test_a_conflicting_identifier_always_wins(a, b):
    conflict = (
        a.regulator
        and a.regulator == b.regulator
        and a.registration_number
        and b.registration_number
        and a.registration_number != b.registration_number
    ) or (a.esr_number and b.esr_number and a.esr_number != b.esr_number)
    if conflict:
        assert assess(a, b).verdict is Verdict.CONFLICT


@given(identities)
def test_a_person_with_a_birthday_and_a_name_matches_themself(a):
    if a.date_of_birth and name_tokens(a.name):
        assert assess(a, a).verdict in (Verdict.EXACT, Verdict.UNCERTAIN)


@given(names, names)
def test_name_similarity_is_between_0_and_1(a, b):
    assert 0.0 <= name_similarity(a, b) <= 1.0


def test_the_same_rampart_account_is_exact():
    verdict = assess(Identity(name="Cara", account="7"), Identity(name="C. Clinician", account="7"))
    assert (verdict.verdict, verdict.method) == (Verdict.EXACT, Method.ACCOUNT)
    assert assess(Identity(account="7"), Identity(account="8")).verdict is Verdict.NO_MATCH
