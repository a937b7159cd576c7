"""docs/ARCHITECTURE.md says which apps each app may import; the code must agree, with no cycle."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("app_imports", ROOT / "scripts" / "app_imports.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


app_imports = _script()


def documented(text: str) -> dict[str, set[str]]:
    """The apps table of ARCHITECTURE.md: `rampart.<app>` → the apps named in its "may import"
    column (a name in backticks: `cases`, `cases.models` and `rampart.cases` all mean cases)."""
    table = text.split("## Apps and what each owns", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`rampart."):
            continue
        app = cells[0].strip("`").split(".")[1]
        names = re.findall(r"`([a-z_.]+)`", cells[2])
        found[app] = {n.removeprefix("rampart.").split(".")[0] for n in names} - {"access_audit"}
    return found


def test_the_may_import_column_is_what_the_code_imports():
    doc = documented((ROOT / "docs" / "ARCHITECTURE.md").read_text())
    code = {app: set(deps) for app, deps in app_imports.app_imports().items()}
    assert doc == code


def test_no_app_imports_another_that_imports_it_back():
    assert app_imports.cycles() == []


def test_the_parser_reads_a_row_as_a_reader_would():
    text = (
        "## Apps and what each owns\n\n| package | owns | may import |\n|---|---|---|\n"
        "| `rampart.sharing` | disclosures | `core`, `cases.models`, `rampart.patterns`; reads "
        "`access_audit` output |\n| `rampart.duties` | the engine | nothing from Rampart |\n\n## Next\n"
    )
    assert documented(text) == {"sharing": {"core", "cases", "patterns"}, "duties": set()}


def test_cycles_are_found_through_any_number_of_apps(monkeypatch):
    monkeypatch.setattr(
        app_imports,
        "app_imports",
        lambda: {"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})},
    )
    assert app_imports.cycles() == [["a", "b", "c"]]
