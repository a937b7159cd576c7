"""Which Rampart app imports which, read from the code (grimp, the graph import-linter builds).

    .venv/bin/python scripts/app_imports.py          # each app's imports; exit 1 on any cycle

An app is a package under `rampart` (`rampart.cases`) or a top-level module (`rampart.urls`). Imports
made only for type annotations (under `if TYPE_CHECKING:`) are not dependencies at run time and are
left out, as `lint-imports` leaves them out. `tests/test_architecture.py` checks the "may import"
column of `docs/ARCHITECTURE.md` against `app_imports()`.
"""

from __future__ import annotations

import sys
from functools import cache

import grimp

ROOT = "rampart"


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


@cache
def app_imports() -> dict[str, frozenset[str]]:
    """Each app → the other Rampart apps its modules import directly."""
    graph = grimp.build_graph(ROOT, exclude_type_checking_imports=True, cache_dir=None)
    found: dict[str, set[str]] = {}
    for module in graph.modules:
        app = app_of(module)
        found.setdefault(app, set())
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith(f"{ROOT}.") and app_of(imported) != app:
                found[app].add(app_of(imported))
    found.pop(ROOT, None)
    return {app: frozenset(deps) for app, deps in found.items()}


def cycles() -> list[list[str]]:
    """Every cycle between apps (strongly connected groups of more than one app), each sorted."""
    deps = app_imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(app: str) -> None:  # Tarjan's algorithm
        index[app] = low[app] = len(index)
        stack.append(app)
        on_stack.add(app)
        for other in sorted(deps.get(app, ())):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in on_stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(deps):
        if app not in index:
            visit(app)
    return sorted(groups)


def main() -> int:
    for app, deps in sorted(app_imports().items()):
        print(f"{app}: {', '.join(sorted(deps)) or '(nothing from rampart)'}")
    found = cycles()
    for group in found:
        print("cycle:", " <-> ".join(group))
    print(f"{len(found)} cycles between apps")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
