"""The lint that keeps queries out of view modules (scripts/lint_model_usage_in_views.py)."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "lint_model_usage_in_views.py"

_spec = importlib.util.spec_from_file_location("lint_model_usage_in_views", SCRIPT)
assert _spec is not None
assert _spec.loader is not None
lint = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = lint
_spec.loader.exec_module(lint)

MODELS = """
from django.db import models

class Colour(models.TextChoices):
    RED = "red"

class WidgetQuerySet(models.QuerySet):
    pass

class Widget(models.Model):
    colour = models.CharField(choices=Colour.choices)

class Gadget(Widget):
    pass
"""


def _app(tmp_path: Path, views: str, name: str = "views.py") -> Path:
    app = tmp_path / "src" / "rampart" / "demo"
    app.mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "models.py").write_text(textwrap.dedent(MODELS))
    view = app / name
    view.write_text(textwrap.dedent(views))
    return view


def _lines(tmp_path: Path, views: str, name: str = "views.py") -> list[int]:
    view = _app(tmp_path, views, name)
    return [f.line for f in lint.check_file(view, tmp_path / "src")]


@pytest.mark.parametrize(
    "query",
    [
        "Widget.objects.filter(colour='red')",
        "Widget._default_manager.all()",
        "Gadget._base_manager.first()",
        "get_object_or_404(Widget, pk=1)",
        "get_object_or_404(Widget.objects.all(), pk=1)",
        "Paginator(Gadget, 10)",
        "some_helper(model=Widget)",
        "Widget(colour='red')",
        "apps.get_model('demo', 'Widget')",
        "get_user_model().objects.get(pk=1)",
    ],
)
def test_a_query_written_in_a_view_is_found_with_its_line(tmp_path, query):
    views = f"""
    from django.shortcuts import get_object_or_404
    from rampart.demo.models import Gadget, Widget


    def page(request):
        return {query}
    """
    assert _lines(tmp_path, views) == [7]


def test_relative_imports_and_renamed_models_are_followed(tmp_path):
    views = """
    from .models import Widget as W

    def page(request):
        return get_object_or_404(W, pk=1)
    """
    assert _lines(tmp_path, views, "staff_views.py") == [5]


def test_choices_annotations_isinstance_and_the_policy_not_found_are_not_queries(tmp_path):
    views = """
    from rampart.core import policy
    from rampart.demo import selectors
    from rampart.demo.models import Colour, Widget, WidgetQuerySet


    def page(request, pk) -> Widget:
        found: Widget | None = selectors.widget_for(request.user, pk)
        if found is None or not isinstance(found, Widget):
            policy.not_found(request.user, Widget, attempted="view", pk=pk)
        try:
            return found.parts.filter(colour=Colour("red"))
        except Widget.DoesNotExist:
            return WidgetQuerySet
    """
    assert _lines(tmp_path, views) == []


def test_the_command_fails_and_names_the_file_and_line(tmp_path):
    view = _app(tmp_path, "from rampart.demo.models import Widget\n\nrows = Widget.objects.all()\n", "api.py")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--src", str(tmp_path / "src")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{view}:3: Widget.objects" in done.stdout


def test_every_view_module_is_checked(tmp_path):
    app = _app(tmp_path, "")
    for name in ("views_oversight.py", "review_views.py", "api.py", "forms.py", "selectors.py"):
        (app.parent / name).write_text("")
    (tmp_path / "src" / "rampart" / "api.py").write_text("")
    found = {
        p.relative_to(tmp_path / "src" / "rampart").as_posix() for p in lint.view_modules(app.parents[1])
    }
    assert found == {
        "demo/views.py",
        "demo/views_oversight.py",
        "demo/review_views.py",
        "demo/api.py",
        "api.py",
    }


def test_the_view_modules_of_rampart_query_nothing_directly():
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
