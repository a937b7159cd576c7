#!/usr/bin/env python3
"""Fail when a view module queries models itself instead of through a selector or a service.

Views are thin (docs/ARCHITECTURE.md, "How a request flows"): they parse, fetch through a selector or
the policy, call a service for a write and render. A query written in a view skips the one place that
scopes it by the authorisation policy and records the read, so this check (modelled on NHS England's
breast screening service's lint of the same name, but reading the syntax tree rather than lines) reports:

- any manager access: ``<anything>.objects``, ``._default_manager``, ``._base_manager``;
- ``apps.get_model(...)``, which reaches a model class by name;
- a model class (a class defined in one of the apps' ``models.py``) imported into a view module and then
  passed to a call (``get_object_or_404(Party, ...)``, ``Paginator(Case, ...)``) or called itself
  (``Case(...)`` builds a row: writes belong in services), unless the call is in ALLOWED_CALLS below.

Left alone on purpose: refining a queryset a selector or the policy returned
(``selectors.checks_for(user, org).filter(...)``) and following a relation of an object already fetched
through them (``alert.decisions.select_related(...)``): both are scoped by the fetch that came first.
Model classes in type annotations, ``isinstance`` checks and ``Model.DoesNotExist`` are not queries.

Usage: ``python scripts/lint_model_usage_in_views.py [paths...]`` (default: every view module under
``src/rampart``). Exits 1 and lists file:line for each finding; 0 when there are none.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
APPS = SRC / "rampart"

MANAGER_ATTRIBUTES = frozenset({"objects", "_default_manager", "_base_manager"})

# Calls that may be given a model class because they do not hand its rows to the view. Keep this short
# and say why for each entry; a new entry needs the same care as a new policy rule.
ALLOWED_CALLS = {
    # Raises Http404 and records the attempt against the organisation holding the object, if any: the
    # view gets nothing back, and the lookup it makes is the policy's own (core.policy.not_found).
    "policy.not_found": "records a refused lookup and raises Http404; returns nothing to the view",
    # A type check on an object the view already holds.
    "isinstance": "a type check, not a query",
}

# Bases that mark a class in models.py as something other than a model.
NOT_MODEL_BASE_SUFFIXES = ("Choices", "Enum", "Manager", "QuerySet")


@dataclass(frozen=True, order=True)
class Finding:
    path: Path
    line: int
    message: str

    def show(self, root: Path = REPO) -> str:
        try:
            shown = self.path.resolve().relative_to(root)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}"


def view_modules(apps: Path = APPS) -> list[Path]:
    """Every module that answers requests: views*.py, *_views.py and api.py in each app, and api.py."""
    found: set[Path] = set()
    for pattern in ("*/views*.py", "*/*_views.py", "*/api.py", "api.py"):
        found.update(path for path in apps.glob(pattern) if "migrations" not in path.parts)
    return sorted(found)


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Subscript):  # BaseUserManager["User"]
        base = base.value
    if isinstance(base, ast.Attribute):
        return base.attr
    if isinstance(base, ast.Name):
        return base.id
    return ""


def model_classes(module: str, src: Path = SRC) -> frozenset[str]:
    """Names of the model classes a ``models`` module defines (read from its source, not imported)."""
    parts = module.split(".")
    candidates = [src.joinpath(*parts).with_suffix(".py"), src.joinpath(*parts, "__init__.py")]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        return frozenset()
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return frozenset(
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and node.bases
        and not any(_base_name(b).endswith(NOT_MODEL_BASE_SUFFIXES) for b in node.bases)
    )


def _resolve(module: str | None, level: int, path: Path, src: Path) -> str:
    """The absolute name of an import, relative ones resolved against the importing file."""
    if not level:
        return module or ""
    package = list(path.resolve().relative_to(src.resolve()).with_suffix("").parts[:-1])
    base = package[: len(package) - level + 1]
    return ".".join([*base, module] if module else base)


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    if isinstance(node, ast.Call):  # get_user_model().objects
        inner = _dotted(node.func)
        return f"{inner}()" if inner else ""
    return ""


def _imported_models(tree: ast.AST, path: Path, src: Path) -> dict[str, tuple[str, int]]:
    """Local name -> (model, line of its import) for every model class the module imports."""
    imported: dict[str, tuple[str, int]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        module = _resolve(node.module, node.level, path, src)
        if module.rsplit(".", 1)[-1] != "models":
            continue
        models = model_classes(module, src)
        for alias in node.names:
            if alias.name in models:
                imported[alias.asname or alias.name] = (alias.name, node.lineno)
    return imported


def check_file(path: Path, src: Path = SRC) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    models = _imported_models(tree, path, src)
    findings: list[Finding] = []

    def model_in(node: ast.expr) -> str | None:
        return node.id if isinstance(node, ast.Name) and node.id in models else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGER_ATTRIBUTES:
            target = _dotted(node.value) or "an expression"
            findings.append(Finding(path, node.lineno, f"{target}.{node.attr}: query through a selector"))
        if not isinstance(node, ast.Call):
            continue
        callee = _dotted(node.func)
        if callee == "get_model" or callee.endswith(".get_model"):
            findings.append(Finding(path, node.lineno, f"{callee}(...): a model looked up by name"))
        if callee in ALLOWED_CALLS:
            continue
        called = model_in(node.func)
        if called:
            line = models[called][1]
            findings.append(
                Finding(path, node.lineno, f"{called}(...) builds a row (import: line {line}): use a service")
            )
        for argument in [*node.args, *(k.value for k in node.keywords)]:
            name = model_in(argument)
            if name:
                line = models[name][1]
                findings.append(
                    Finding(
                        path,
                        node.lineno,
                        f"{name} (import: line {line}) passed to {callee or 'a call'}: use a selector",
                    )
                )
    return sorted(set(findings))


def check(paths: Iterable[Path], src: Path = SRC) -> Iterator[Finding]:
    for path in paths:
        yield from check_file(path, src)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help="view modules to check (default: all)")
    parser.add_argument("--src", type=Path, default=SRC, help="where model modules are found (default: src)")
    args = parser.parse_args(argv)
    paths = args.paths or view_modules(args.src / "rampart")
    findings = list(check(paths, args.src))
    for finding in findings:
        print(finding.show())
    if findings:
        print(
            f"{len(findings)} direct model queries in view modules: move them to selectors.py or services.py"
        )
        return 1
    print(f"No direct model queries in {len(paths)} view modules.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
