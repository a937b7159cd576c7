#!/usr/bin/env python3
"""Fail unless every pure domain module has 100 % branch coverage from its own fast tests.

The modules are the ones import-linter's contract "Domain modules never import Django" names in
pyproject.toml, so a module added there (or moved, like patterns.identifiers to cases.registration) is
covered here too: this script stops with a message until TESTS below says which tests cover it.
Only tests that need no database run (``-m "not django_db"``). Extra arguments go to pytest.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTRACT = "Domain modules never import Django"

# module -> the tests that exercise it without a database (paths or pytest node ids).
TESTS: dict[str, list[str]] = {
    "rampart.duties": ["tests/duties"],
    "rampart.core.hashchain": ["tests/core/test_hashchain.py"],
    "rampart.core.crypto": ["tests/core/test_crypto_keyring.py", "tests/core/test_encryption.py"],
    "rampart.reporting.journey": ["tests/reporting/test_journey_rules.py"],
    "rampart.reporting.codes": ["tests/reporting/test_journey_rules.py"],
    "rampart.learning.rules": [
        "tests/learning/test_rules.py",
        "tests/learning/test_learning.py::test_training_is_current_between_completion_and_expiry",
        "tests/learning/test_learning.py::test_a_bad_row_names_its_line_and_column",
    ],
    "rampart.cases.workflow": ["tests/cases/test_workflow.py"],
    "rampart.assurance.rules": ["tests/assurance/test_rules.py"],
    "rampart.assurance.catalogue": ["tests/assurance/test_catalogue.py"],
    "rampart.assurance.uploads": ["tests/assurance/test_uploads.py"],
    "rampart.core.uploads": ["tests/core/test_uploads.py"],
    "rampart.core.working_days": ["tests/core/test_working_days.py"],
    "rampart.access_alerts.rules": ["tests/access_alerts/test_rules.py"],
    "rampart.referrals.rules": ["tests/referrals/test_rules.py"],
    "rampart.chaperoning.rules": ["tests/chaperoning/test_rules.py"],
    "rampart.cases.registration": ["tests/cases/test_registration.py"],
    "rampart.patterns.matching": ["tests/patterns/test_matching.py"],
    "rampart.patterns.thresholds": ["tests/patterns/test_thresholds.py"],
    "rampart.sharing.rules": ["tests/sharing/test_rules.py"],
}


# Left out here, still run by the main suite: the duties engine's property tests take most of this
# check's time, and its example tests alone reach every branch.
LEFT_OUT = ["tests/duties/test_properties.py"]


def domain_modules(pyproject: Path = REPO / "pyproject.toml") -> list[str]:
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    for contract in config["tool"]["importlinter"]["contracts"]:
        if contract["name"] == CONTRACT:
            return list(contract["source_modules"])
    raise SystemExit(f"pyproject.toml has no import-linter contract named {CONTRACT!r}")


def main() -> int:
    modules = domain_modules()
    missing = [m for m in modules if m not in TESTS]
    if missing:
        print(f"scripts/check_domain_coverage.py: say which tests cover {', '.join(missing)} (TESTS)")
        return 2
    tests = list(dict.fromkeys(t for m in modules for t in TESTS[m]))
    command = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not django_db",
        *(f"--cov={m}" for m in modules), "--cov-branch", "--cov-report=term-missing:skip-covered",
        "--cov-fail-under=100", *(f"--ignore={t}" for t in LEFT_OUT), *tests, *sys.argv[1:],
    ]  # fmt: skip
    return subprocess.call(command, cwd=REPO)  # noqa: S603 (our own interpreter and fixed arguments)


if __name__ == "__main__":
    sys.exit(main())
