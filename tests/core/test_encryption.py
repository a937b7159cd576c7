import base64
import os

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from hypothesis import assume, given
from hypothesis import strategies as st

from rampart.core import fields
from rampart.core.crypto import DecryptionError, Keyring, key_id_of, keyed_hash, version_of
from tests.fixtures_app.models import SecretLetter, SecretNote

KEY_A = ("a1", b"a" * 32)
KEY_B = ("b2", b"b" * 32)
NOTE_TEXT = "fixtures_app_secretnote.text"

contexts = st.text(min_size=1, max_size=60)


@given(st.text(max_size=500), contexts)
def test_encrypt_then_decrypt_gives_back_the_text(text, context):
    ring = Keyring([KEY_A])
    assert ring.decrypt(ring.encrypt(text, context=context), context=context) == text


@given(st.text(max_size=100), contexts, contexts)
def test_a_value_decrypts_only_in_the_context_it_was_encrypted_for(text, context, elsewhere):
    assume(context != elsewhere)
    ring = Keyring([KEY_A])
    with pytest.raises(DecryptionError, match="another column or table"):
        ring.decrypt(ring.encrypt(text, context=context), context=elsewhere)


def test_a_value_cannot_be_encrypted_without_a_context():
    with pytest.raises(ValueError, match="context"):
        Keyring([KEY_A]).encrypt("x", context="")


def test_each_value_names_the_key_that_encrypted_it():
    assert key_id_of(Keyring([KEY_B, KEY_A]).encrypt("x", context=NOTE_TEXT)) == "b2"


def test_new_values_are_version_2():
    assert Keyring([KEY_A]).encrypt("x", context=NOTE_TEXT).startswith("enc:v2:a1:")


def test_the_same_text_encrypts_differently_each_time():
    ring = Keyring([KEY_A])
    assert ring.encrypt("same", context=NOTE_TEXT) != ring.encrypt("same", context=NOTE_TEXT)


def test_an_altered_value_is_refused():
    ring = Keyring([KEY_A])
    stored = ring.encrypt("the patient's account", context=NOTE_TEXT)
    blob = bytearray(base64.b64decode(stored.rsplit(":", 1)[1]))
    blob[-1] ^= 1
    with pytest.raises(DecryptionError, match="altered"):
        ring.decrypt(
            stored.rsplit(":", 1)[0] + ":" + base64.b64encode(bytes(blob)).decode(), context=NOTE_TEXT
        )


def test_a_v2_value_relabelled_as_v1_is_refused():
    stored = Keyring([KEY_A]).encrypt("x", context=NOTE_TEXT)
    with pytest.raises(DecryptionError, match="altered"):
        Keyring([KEY_A]).decrypt(stored.replace("enc:v2:", "enc:v1:", 1), context=NOTE_TEXT)


def test_a_value_under_an_unknown_key_is_refused():
    stored = Keyring([KEY_B]).encrypt("x", context=NOTE_TEXT)
    with pytest.raises(DecryptionError, match="no key"):
        Keyring([KEY_A]).decrypt(stored, context=NOTE_TEXT)


@pytest.mark.parametrize(
    "stored", ["hello", "enc:v3:a1:AAAA", "enc:v2:a1:not base64!", "enc:v2:a1:AAAA", "enc:v2::"]
)
def test_plain_text_is_not_mistaken_for_an_encrypted_value(stored):
    with pytest.raises(DecryptionError, match="not in Rampart's encrypted form"):
        Keyring([KEY_A]).decrypt(stored, context=NOTE_TEXT)


def test_keyed_hash_depends_on_key_and_purpose():
    assert keyed_hash("123", key=b"k" * 32, purpose="receipt") != keyed_hash(
        "123", key=b"j" * 32, purpose="receipt"
    )
    assert keyed_hash("123", key=b"k" * 32, purpose="receipt") != keyed_hash(
        "123", key=b"k" * 32, purpose="other"
    )


def _v1(text, key=None):
    """A value as Rampart stored it before associated data: enc:v1, no associated data."""
    key_id, secret = key or fields.keyring().keys[0]
    nonce = os.urandom(12)
    sealed = AESGCM(secret).encrypt(nonce, text.encode(), b"")
    return f"enc:v1:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def _stored(pk, column="text", table="fixtures_app_secretnote"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _plant(pk, value, column="text", table="fixtures_app_secretnote"):
    """Write past the application, as someone with write access to the database could."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])


@pytest.mark.django_db
def test_the_database_holds_no_plain_text():
    note = SecretNote.objects.create(text="He touched me during the examination")
    stored = _stored(note.pk)
    assert "touched" not in stored
    assert stored.startswith("enc:v2:")
    assert SecretNote.objects.get(pk=note.pk).text == "He touched me during the examination"


@pytest.mark.django_db
def test_a_value_copied_into_another_column_is_refused():
    note = SecretNote.objects.create(text="the first account", other="")
    _plant(note.pk, _stored(note.pk), column="other")
    with pytest.raises(DecryptionError, match=r"SecretNote\.other \(fixtures_app_secretnote\.other\)"):
        SecretNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_a_value_copied_into_another_table_is_refused():
    note = SecretNote.objects.create(text="the first account")
    letter = SecretLetter.objects.create(text="a letter")
    _plant(letter.pk, _stored(note.pk), table="fixtures_app_secretletter")
    with pytest.raises(DecryptionError, match="another column or table"):
        SecretLetter.objects.get(pk=letter.pk)


@pytest.mark.django_db
def test_plain_text_planted_in_the_database_is_refused():
    note = SecretNote.objects.create(text="the real account")
    _plant(note.pk, "a planted account")
    with pytest.raises(
        DecryptionError, match=r"SecretNote\.text .*not in Rampart's encrypted form"
    ) as refused:
        SecretNote.objects.get(pk=note.pk)
    assert "planted" not in str(refused.value)  # the message never repeats the stored value
    with pytest.raises(DecryptionError):
        SecretNote.objects.values_list("text", flat=True).get(pk=note.pk)


@pytest.mark.django_db
def test_empty_and_null_values_stay_as_they_are():
    note = SecretNote.objects.create(text="", other=None)
    assert (_stored(note.pk), _stored(note.pk, column="other")) == ("", None)
    read = SecretNote.objects.get(pk=note.pk)
    assert (read.text, read.other) == ("", None)


@pytest.mark.django_db
def test_values_written_by_bulk_create_and_queryset_update_are_bound_and_read_back():
    first, second = SecretNote.objects.bulk_create([SecretNote(text="one"), SecretNote(text="two")])
    SecretNote.objects.filter(pk__in=[first.pk, second.pk]).update(other="both")
    assert {n.text: n.other for n in SecretNote.objects.all()} == {"one": "both", "two": "both"}
    assert version_of(_stored(first.pk, column="other")) == 2
    _plant(first.pk, _stored(first.pk, column="other"))
    with pytest.raises(DecryptionError):
        SecretNote.objects.get(pk=first.pk)


@pytest.mark.django_db
def test_a_value_from_before_associated_data_still_reads():
    note = SecretNote.objects.create(text="placeholder")
    _plant(note.pk, _v1("an account from an older database"))
    assert SecretNote.objects.get(pk=note.pk).text == "an account from an older database"


@pytest.mark.django_db
def test_rotate_data_key_rewrites_older_values_bound_to_their_column():
    note = SecretNote.objects.create(text="placeholder", other="")
    _plant(note.pk, _v1("an older account"))
    call_command("rotate_data_key")
    stored = _stored(note.pk)
    assert stored.startswith(f"enc:v2:{fields.keyring().current_id}:")
    assert SecretNote.objects.get(pk=note.pk).text == "an older account"
    _plant(note.pk, stored, column="other")
    with pytest.raises(DecryptionError):
        SecretNote.objects.get(pk=note.pk)


@pytest.mark.django_db
def test_rotate_data_key_names_values_it_cannot_read_and_rewrites_the_rest():
    planted = SecretNote.objects.create(text="placeholder")
    _plant(planted.pk, "a planted account")
    older = SecretNote.objects.create(text="placeholder")
    _plant(older.pk, _v1("an older account"))
    with pytest.raises(CommandError, match=rf"SecretNote pk {planted.pk}: fixtures_app\.SecretNote\.text"):
        call_command("rotate_data_key")
    assert _stored(planted.pk) == "a planted account"
    assert version_of(_stored(older.pk)) == 2


@pytest.mark.django_db
def test_rotate_data_key_re_encrypts_under_the_new_key(settings):
    old = settings.RAMPART_DATA_KEYS
    note = SecretNote.objects.create(text="account", other=None)
    assert key_id_of(_stored(note.pk)) == old[0][0]
    new_keys = [("n9", b"n" * 32), *old]
    with override_settings(RAMPART_DATA_KEYS=new_keys):
        fields.keyring.cache_clear()
        call_command("rotate_data_key")
        assert key_id_of(_stored(note.pk)) == "n9"
    # Once rotated, the old key can be removed and the value still reads.
    with override_settings(RAMPART_DATA_KEYS=[("n9", b"n" * 32)]):
        fields.keyring.cache_clear()
        assert SecretNote.objects.get(pk=note.pk).text == "account"
    fields.keyring.cache_clear()
