"""Frameworks as data: the real files load and validate; a file with a mistake is rejected at load
time naming the file, the line and the problem."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date

import pytest

from rampart.assurance.catalogue import FrameworkError, load_all, parse
from rampart.assurance.evidence import EVIDENCE_KEYS

GOOD = """\
code: demo
version: "1"
title: Demo framework
source: Our own words
applies_to: [nhs_trust]
sections:
  - code: S1
    title: First section
    items:
      - code: S1.1
        text: Something is done.
        source: Source 004
        evidence: [anonymous_reporting]
"""


def test_every_framework_file_loads_and_validates():
    found = load_all(evidence_keys=EVIDENCE_KEYS)
    assert set(found) == {
        "charter",
        "primary_care_checklist",
        "policy_audit",
        "chaperoning",
        "lines_of_defence",
    }
    assert all(item.source for f in found.values() for _, item in f.items)


def test_the_charter_covers_all_ten_principles_with_one_and_two_grouped():
    charter = load_all(evidence_keys=EVIDENCE_KEYS)["charter"]
    assert [s.code for s in charter.sections] == ["P1-2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10"]


def test_the_primary_care_deadlines_are_kept_as_data():
    checklist = load_all(evidence_keys=EVIDENCE_KEYS)["primary_care_checklist"]
    assert checklist.deadlines == {"contact_by": date(2026, 2, 2), "confirm_by": date(2026, 3, 31)}


def test_a_good_file_parses():
    framework = parse(GOOD, file="demo.yaml", evidence_keys=EVIDENCE_KEYS)
    assert framework.items[0][1].evidence == ("anonymous_reporting",)
    assert framework.description == ""
    assert framework.sections[0].outcome == ""


def _error(text: str) -> FrameworkError:
    with pytest.raises(FrameworkError) as caught:
        parse(textwrap.dedent(text), file="broken.yaml", evidence_keys=EVIDENCE_KEYS)
    return caught.value


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (
            ("evidence: [anonymous_reporting]", "evidence: [gut_feeling]"),
            13,
            "unknown evidence 'gut_feeling'",
        ),
        (("      - code: S1.1", "      - code: S1"), 10, "code 'S1' is used twice"),
        (("title: First section", "titel: First section"), 8, "unknown field 'titel' in a section"),
        (("        text: Something is done.\n", ""), 10, "an item is missing 'text'"),
        (("applies_to: [nhs_trust]", "applies_to: [hospital]"), 5, "unknown kind of organisation 'hospital'"),
        (("applies_to: [nhs_trust]", "applies_to: nhs_trust"), 5, "'applies_to' must list"),
        (
            (GOOD[GOOD.index("    items:") :], "    items: []\n"),
            9,
            "'items' must be a list with at least one item",
        ),
        (("title: Demo framework", "title: ''"), 3, "'title' must be some text"),
        (
            ("evidence: [anonymous_reporting]", "evidence: anonymous_reporting"),
            13,
            "'evidence' must be a list",
        ),
        (
            ("sections:\n", "deadlines: {contact_by: soon}\nsections:\n"),
            6,
            "deadline 'contact_by' must be a date",
        ),
        (("sections:\n", "deadlines: [2026-02-02]\nsections:\n"), 6, "'deadlines' must be a mapping"),
        (("  - code: S1\n", "  - just text\n  - code: S1\n"), 6, "section must be a mapping"),
        (('version: "1"', 'version: "1"\nversion: "2"'), 3, "'version' appears twice"),
        (("    title: First section", "    title: [First"), 9, "not valid YAML"),
    ],
)
def test_a_mistake_names_the_file_line_and_problem(change, line, problem):
    old, new = change
    assert old in GOOD
    error = _error(GOOD.replace(old, new))
    assert (error.file, error.line) == ("broken.yaml", line), str(error)
    assert problem in error.problem
    assert str(error).startswith(f"broken.yaml, line {line}: ")


def test_a_file_that_is_not_a_mapping_is_rejected():
    assert _error("- just\n- a list\n").problem.startswith("a framework file must be a mapping")


def test_numbers_and_dates_as_text_are_accepted():
    framework = parse(
        GOOD.replace('version: "1"', "version: 2025-08-01"), file="x.yaml", evidence_keys=EVIDENCE_KEYS
    )
    assert framework.version == "2025-08-01"


def test_two_files_with_the_same_code_are_rejected(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD)
    (tmp_path / "b.yaml").write_text(GOOD.replace("S1", "T1"))
    with pytest.raises(
        FrameworkError, match=r"b.yaml, line 1: framework code 'demo' is used by another file"
    ):
        load_all(tmp_path, evidence_keys=EVIDENCE_KEYS)


def test_start_up_fails_on_a_broken_framework_file(tmp_path, monkeypatch):
    """The app loads every framework when Django starts, so a mistake stops start-up."""
    from rampart.assurance import catalogue, selectors

    (tmp_path / "charter.yaml").write_text(GOOD.replace("S1.1", "S1"))
    monkeypatch.setattr(catalogue, "FRAMEWORK_DIR", tmp_path)
    monkeypatch.setattr(catalogue.load_all, "__defaults__", (tmp_path,))
    selectors.frameworks.cache_clear()
    try:
        from django.apps import apps

        with pytest.raises(FrameworkError, match=r"charter.yaml, line 10: code 'S1' is used twice"):
            apps.get_app_config("assurance").ready()
    finally:
        selectors.frameworks.cache_clear()


def test_domain_modules_import_no_django():
    code = (
        "import sys; import rampart.assurance.rules, rampart.assurance.catalogue, rampart.assurance.uploads; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rules')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
