"""Receipt codes and report references: pure functions, no Django."""

from __future__ import annotations

import secrets

RECEIPT_DIGITS = 16
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I


def new_receipt_code() -> str:
    """16 random decimal digits (about 53 bits), shown once to an anonymous reporter."""
    return "".join(str(secrets.randbelow(10)) for _ in range(RECEIPT_DIGITS))


def normalise_receipt_code(typed: str) -> str | None:
    """Digits only, tolerating spaces and dashes; None unless exactly 16 digits remain."""
    digits = "".join(ch for ch in typed if ch not in " -\t")
    return digits if len(digits) == RECEIPT_DIGITS and digits.isascii() and digits.isdigit() else None


def format_receipt_code(code: str) -> str:
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def new_reference() -> str:
    """A report reference a person can read out on the phone, e.g. RPT-7K3M-9Q2X."""
    body = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"RPT-{body[:4]}-{body[4:]}"
