"""core.crypto's keyring without the database: which values a key rotation rewrites."""

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rampart.core.crypto import PREFIX, PREFIX_V1, Keyring, is_encrypted

OLD = ("old", b"o" * 32)
NEW = ("new", b"n" * 32)


def test_the_first_key_is_the_current_one():
    assert Keyring([NEW, OLD]).current_id == "new"
    assert Keyring([OLD, NEW]).current_id == "old"


def test_a_value_under_the_current_key_needs_no_rotation():
    ring = Keyring([NEW, OLD])
    assert not ring.needs_rotation(ring.encrypt("text", context="t.c"))


def test_a_value_under_an_older_key_needs_rotation():
    stored = Keyring([OLD]).encrypt("text", context="t.c")
    ring = Keyring([NEW, OLD])
    assert ring.needs_rotation(stored)
    assert ring.decrypt(stored, context="t.c") == "text"


def test_a_version_1_value_needs_rotation_even_under_the_current_key():
    v1 = PREFIX_V1 + "new:" + base64.b64encode(b"\0" * 40).decode()
    assert Keyring([NEW]).needs_rotation(v1)


@pytest.mark.parametrize("prefix", [PREFIX, PREFIX_V1])
def test_both_versions_count_as_encrypted(prefix):
    assert is_encrypted(prefix + "k:AAAA")


@given(st.text().filter(lambda t: not t.startswith((PREFIX, PREFIX_V1))))
def test_anything_else_is_plain_text(text):
    assert not is_encrypted(text)
