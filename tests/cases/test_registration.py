from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.cases.registration import FORMATS, esr_problem, normalise, registration_problem


@pytest.mark.parametrize(("regulator", "fmt"), FORMATS.items())
def test_every_example_is_valid(regulator, fmt):
    assert registration_problem(regulator, fmt.example) is None


def test_lower_case_and_spaces_are_accepted():
    assert registration_problem("NMC", " 12a 3456e ") is None


def test_a_wrong_format_names_the_regulator_and_an_example():
    assert registration_problem("GMC", "123") == "GMC registration numbers are 7 digits, like 1234567"


def test_empty_number_and_unknown_regulator():
    assert registration_problem("GMC", "  ") == "Enter the registration number"
    assert registration_problem("XYZ", "123") == "Select the professional regulator"


def test_esr_numbers():
    assert esr_problem("12345678") is None
    assert esr_problem("12 345") is not None


@given(st.text(max_size=20))
def test_normalise_is_idempotent_and_has_no_spaces(text):
    once = normalise(text)
    assert normalise(once) == once
    assert not any(c.isspace() for c in once)


@given(st.from_regex(r"\d{7}", fullmatch=True))
def test_any_seven_digits_are_a_gmc_number(number):
    assert registration_problem("GMC", number) is None
