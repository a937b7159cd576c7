"""axe-core (from npm) checking every page for WCAG 2.2 AA. The Playwright fixtures (browser, page,
phone_page, no_js_page) live in tests/conftest.py, so every test directory shares one browser."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_accessible(page) -> None:
    """Run axe-core on the current page once it has loaded; fail on any WCAG 2.2 A or AA violation."""
    page.wait_for_load_state()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_22_AA,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert not problems, f"{page.url} has accessibility problems:\n" + "\n".join(problems)


def fill_date(page, legend: str, iso: str) -> None:
    """Type an ISO date into the NHS.UK date input whose legend is `legend`, as a person would."""
    year, month, day = iso.split("-")
    group = page.get_by_role("group", name=legend)
    for label, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(label).fill(str(int(value)))
