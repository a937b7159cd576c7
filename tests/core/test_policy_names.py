"""Every action named by string is one the policy has a rule for.

Most code asks the policy with an app's enum (`CaseAction.VIEW_CASE`), which cannot be misspelt. An app
below another names that app's rules by string instead (reporting defers to "cases.view", chaperoning
links to "assurance.view_assessment"), and a misspelt one is only found when the policy is asked:
`policy.satisfies` raises ImproperlyConfigured. So this reads the source: the action argument of every
call to `policy.allowed`, `require` or `satisfies`, followed through module-level constants and through
the parameter of the function that passes it on (reporting's `_follows_case(rule)`)."""

from __future__ import annotations

import ast
import importlib
import sys
from enum import StrEnum
from pathlib import Path

from django.apps import apps

from rampart.core import policy

SRC = Path(__file__).resolve().parents[2] / "src" / "rampart"
POLICY_CALLS = {"allowed", "require", "satisfies"}
# Named by string somewhere in src/rampart today: the scan must find at least these.
KNOWN = {"cases.view", "cases.edit", "assurance.view_assessment"}


def _is_policy_call(node: ast.Call) -> bool:
    func = node.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in POLICY_CALLS
        and isinstance(func.value, ast.Name)
        and func.value.id == "policy"
    )


def _action_argument(node: ast.Call) -> ast.expr | None:
    if len(node.args) > 1:
        return node.args[1]
    return next((k.value for k in node.keywords if k.arg == "action"), None)


class _Module:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(), filename=str(path))
        self.parents = {
            child: parent for parent in ast.walk(self.tree) for child in ast.iter_child_nodes(parent)
        }
        self.constants = {
            target.id: stmt.value.value
            for stmt in self.tree.body
            if isinstance(stmt, ast.Assign)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
            for target in stmt.targets
            if isinstance(target, ast.Name)
        }

    def strings(self, expr: ast.expr, depth: int = 0) -> set[str]:
        """The string values `expr` can hold: a literal, a module constant, or (a parameter of an
        enclosing function) whatever this module's calls of that function pass for it."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return {expr.value}
        if not isinstance(expr, ast.Name) or depth > 3:
            return set()
        if expr.id in self.constants:
            return {self.constants[expr.id]}
        found: set[str] = set()
        for function in self._enclosing_functions(expr):
            names = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
            if expr.id not in names and expr.id not in [a.arg for a in function.args.kwonlyargs]:
                continue
            for call in self._calls_of(function.name):
                if expr.id in names and names.index(expr.id) < len(call.args):
                    found |= self.strings(call.args[names.index(expr.id)], depth + 1)
                found |= {
                    s for k in call.keywords if k.arg == expr.id for s in self.strings(k.value, depth + 1)
                }
            break  # the innermost function that has it as a parameter
        return found

    def _enclosing_functions(self, node: ast.AST) -> list[ast.FunctionDef]:
        found = []
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append(node)
        return found

    def _calls_of(self, name: str) -> list[ast.Call]:
        return [
            n
            for n in ast.walk(self.tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == name
        ]


def named_actions() -> dict[str, list[str]]:
    """Every action named by string in a policy call under src/rampart, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _Module(path)
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Call) and _is_policy_call(node)):
                continue
            argument = _action_argument(node)
            for name in module.strings(argument) if argument is not None else ():
                found.setdefault(name, []).append(f"{path.relative_to(SRC.parent)}:{node.lineno}")
    return found


def test_the_scan_finds_the_actions_named_by_string():
    assert set(named_actions()) >= KNOWN


def test_every_action_named_by_string_has_a_rule():
    unknown = {name: where for name, where in named_actions().items() if name not in policy.actions()}
    assert unknown == {}


def test_a_misspelt_name_would_be_found(tmp_path, monkeypatch):
    """The scan reads literals, constants and a parameter passed on, as the real code names them."""
    source = tmp_path / "rampart" / "example.py"
    source.parent.mkdir()
    source.write_text(
        'from rampart.core import policy\n\nRULE = "cases.veiw"\n\n'
        "def follows(rule):\n    def check(user, obj):\n        return policy.satisfies(user, rule, obj)\n"
        "    return check\n\n"
        'sees = follows("cases.edti")\n\n'
        "def page(user, obj):\n"
        "    policy.require(user, action='reporting.triaj', obj=obj)\n"
        "    return policy.allowed(user, RULE, obj)\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "SRC", source.parent)

    assert set(named_actions()) == {"cases.veiw", "cases.edti", "reporting.triaj"}


def test_every_action_an_app_declares_has_a_rule():
    """Each app's actions enum in its permissions.py: a member without a rule would be refused by
    `policy.satisfies` only when first asked."""
    declared: set[str] = set()
    for config in apps.get_app_configs():
        if not config.name.startswith("rampart.") or not (Path(config.path) / "permissions.py").exists():
            continue
        module = importlib.import_module(f"{config.name}.permissions")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value.__module__ == module.__name__:
                declared |= {str(member) for member in value}
    assert "cases.view" in declared
    assert declared == policy.actions()
