"""Frameworks kept as data: load and check the YAML files under `frameworks/`.

A file with a mistake is rejected when it is loaded, naming the file, the line and the problem, so a
framework can be edited without code changes and without surprises. No Django here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"
ORGANISATION_KINDS = frozenset({"icb", "nhs_trust", "primary_care", "independent_provider", "social_care"})


class FrameworkError(ValueError):
    def __init__(self, file: str, line: int, problem: str) -> None:
        self.file, self.line, self.problem = file, line, problem
        super().__init__(f"{file}, line {line}: {problem}")


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    source: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    outcome: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Framework:
    code: str
    version: str
    title: str
    description: str
    source: str
    applies_to: frozenset[str]
    sections: tuple[Section, ...]
    deadlines: dict[str, date] = field(default_factory=dict)

    @property
    def items(self) -> list[tuple[Section, Item]]:
        return [(s, i) for s in self.sections for i in s.items]


class _Mapping(dict[str, Any]):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int
    key_lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise FrameworkError("", key_node.start_mark.line + 1, f"'{key}' appears twice")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Checker:
    def __init__(self, file: str, evidence_keys: Iterable[str]) -> None:
        self.file = file
        self.evidence_keys = frozenset(evidence_keys)
        self.codes: set[str] = set()

    def fail(self, where: _Mapping, key: str | None, problem: str) -> FrameworkError:
        line = where.key_lines.get(key, where.line) if key else where.line
        return FrameworkError(self.file, line, problem)

    def mapping(self, value: Any, parent: _Mapping, key: str, what: str) -> _Mapping:
        if not isinstance(value, _Mapping):
            raise self.fail(parent, key, f"{what} must be a mapping of names to values")
        return value

    def fields(self, m: _Mapping, what: str, required: set[str], optional: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        for key in m:
            if key not in required | optional:
                raise self.fail(m, key, f"unknown field '{key}' in {what}")
        for key in sorted(required - set(m)):
            raise self.fail(m, None, f"{what} is missing '{key}'")

    def text(self, m: _Mapping, key: str) -> str:
        value = m[key]
        if isinstance(value, (date, int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(m, key, f"'{key}' must be some text")
        return value.strip()

    def code(self, m: _Mapping) -> str:
        code = self.text(m, "code")
        if code in self.codes:
            raise self.fail(m, "code", f"code '{code}' is used twice")
        self.codes.add(code)
        return code

    def items(self, m: _Mapping, key: str, what: str) -> list[_Mapping]:
        value = m[key]
        if not isinstance(value, list) or not value:
            raise self.fail(m, key, f"'{key}' must be a list with at least one {what}")
        return [self.mapping(v, m, key, what) for v in value]

    def item(self, m: _Mapping) -> Item:
        self.fields(m, "an item", {"code", "text", "source"}, {"evidence"})
        evidence = m.get("evidence", [])
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            raise self.fail(m, "evidence", "'evidence' must be a list of evidence names")
        for name in evidence:
            if name not in self.evidence_keys:
                known = ", ".join(sorted(self.evidence_keys))
                raise self.fail(m, "evidence", f"unknown evidence '{name}' (known: {known})")
        return Item(self.code(m), self.text(m, "text"), self.text(m, "source"), tuple(evidence))

    def section(self, m: _Mapping) -> Section:
        self.fields(m, "a section", {"code", "title", "items"}, {"outcome"})
        code, title = self.code(m), self.text(m, "title")
        outcome = self.text(m, "outcome") if "outcome" in m else ""
        return Section(code, title, outcome, tuple(self.item(i) for i in self.items(m, "items", "item")))

    def deadlines(self, m: _Mapping) -> dict[str, date]:
        found = self.mapping(m["deadlines"], m, "deadlines", "'deadlines'")
        for key, value in found.items():
            if not isinstance(value, date):
                raise self.fail(found, key, f"deadline '{key}' must be a date like 2026-02-02")
        return dict(found)

    def framework(self, m: _Mapping) -> Framework:
        self.fields(
            m,
            "the framework",
            {"code", "version", "title", "source", "applies_to", "sections"},
            {"description", "deadlines"},
        )
        applies = m["applies_to"]
        if not isinstance(applies, list) or not applies:
            raise self.fail(m, "applies_to", "'applies_to' must list the kinds of organisation it is for")
        for kind in applies:
            if kind not in ORGANISATION_KINDS:
                known = ", ".join(sorted(ORGANISATION_KINDS))
                raise self.fail(m, "applies_to", f"unknown kind of organisation '{kind}' (known: {known})")
        return Framework(
            code=self.code(m),
            version=self.text(m, "version"),
            title=self.text(m, "title"),
            description=self.text(m, "description") if "description" in m else "",
            source=self.text(m, "source"),
            applies_to=frozenset(applies),
            sections=tuple(self.section(s) for s in self.items(m, "sections", "section")),
            deadlines=self.deadlines(m) if "deadlines" in m else {},
        )


def parse(text: str, *, file: str, evidence_keys: Iterable[str]) -> Framework:
    """Parse and check one framework; raise FrameworkError naming the file, line and problem."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except FrameworkError as exc:
        raise FrameworkError(file, exc.line, exc.problem) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FrameworkError(file, line, f"not valid YAML: {exc.problem or exc.context}") from None
    if not isinstance(data, _Mapping):
        raise FrameworkError(file, 1, "a framework file must be a mapping with code, title and sections")
    return _Checker(file, evidence_keys).framework(data)


def load_all(directory: Path = FRAMEWORK_DIR, *, evidence_keys: Iterable[str]) -> dict[str, Framework]:
    """Every framework in the directory, by code. Two files with the same code is a mistake."""
    keys = frozenset(evidence_keys)
    found: dict[str, Framework] = {}
    for path in sorted(directory.glob("*.yaml")):
        framework = parse(path.read_text(encoding="utf-8"), file=path.name, evidence_keys=keys)
        if framework.code in found:
            raise FrameworkError(path.name, 1, f"framework code '{framework.code}' is used by another file")
        found[framework.code] = framework
    return found
