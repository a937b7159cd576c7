"""docs/duties.md keeps step with the code: every duty code has an entry naming its source."""

from __future__ import annotations

import re
from pathlib import Path

import rampart.duties
from rampart.duties import DutyCode

DOC = Path(__file__).resolve().parents[2] / "docs" / "duties.md"
HEADING = re.compile(r"^### `([A-Z_]+)`", re.MULTILINE)


def _sections() -> dict[str, str]:
    text = DOC.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    sections: dict[str, str] = {}
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else text.find("\n## ", match.end())
        sections[match.group(1)] = text[match.end() : end if end != -1 else None]
    return sections


def test_every_duty_code_has_a_heading_in_the_docs_in_contract_order() -> None:
    headings = HEADING.findall(DOC.read_text(encoding="utf-8"))

    assert headings == [code.value for code in DutyCode]


def test_every_duty_entry_says_when_it_applies_and_names_its_source() -> None:
    for code, body in _sections().items():
        assert "**Source**" in body, code
        assert "**Required**" in body, code


def test_every_module_of_the_engine_is_described() -> None:
    package = Path(rampart.duties.__file__).parent
    text = DOC.read_text(encoding="utf-8")

    modules = {p.name for p in package.glob("*.py")} - {"__init__.py"}

    assert {m for m in modules if f"`{m}`" not in text} == set()
