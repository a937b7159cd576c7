"""Errors a user can act on: each names the file and, where there is one, the column."""

from __future__ import annotations


class InputError(Exception):
    """Input that cannot be scanned: missing file, missing column, wrong type, unreadable."""

    def __init__(self, path: str, message: str, column: str | None = None) -> None:
        self.path = path
        self.column = column
        where = f"{path}: column '{column}'" if column else path
        super().__init__(f"{where}: {message}")
