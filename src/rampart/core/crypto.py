"""Authenticated field encryption (AES-256-GCM) with a key id per value, and keyed lookup hashes.

Stored form: ``enc:v1:<key id>:<base64(nonce || ciphertext+tag)>``. The key id lets keys rotate: the
first configured key encrypts, every configured key decrypts. No Django imports: keys are passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v1:"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key id, or it was altered."""


@dataclass(frozen=True)
class Keyring:
    keys: Sequence[tuple[str, bytes]]

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        raise DecryptionError(f"no key with id {key_id!r} is configured")

    def encrypt(self, plaintext: str, *, context: str = "") -> str:
        key_id, key = self.keys[0]
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), context.encode())
        return f"{PREFIX}{key_id}:{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, stored: str, *, context: str = "") -> str:
        key_id = key_id_of(stored)
        blob = base64.b64decode(stored.rsplit(":", 1)[1])
        try:
            plain = AESGCM(self.key(key_id)).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode())
        except InvalidTag as exc:
            raise DecryptionError("the stored value was altered or the key is wrong") from exc
        return plain.decode()

    def needs_rotation(self, stored: str) -> bool:
        return key_id_of(stored) != self.current_id


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def key_id_of(stored: str) -> str:
    if not is_encrypted(stored):
        raise DecryptionError("the value is not in Rampart's encrypted form")
    return stored[len(PREFIX) :].split(":", 1)[0]


def keyed_hash(value: str, *, key: bytes, purpose: str) -> str:
    """A lookup index for a secret value: HMAC-SHA256 under a key kept apart from the data keys."""
    return hmac.new(key, purpose.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()
