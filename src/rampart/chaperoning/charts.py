"""Audit charts drawn on the server as SVG with matplotlib (no JavaScript, fits the CSP), each with a
text alternative; the page shows the same numbers as tables."""

from __future__ import annotations

from datetime import date

from rampart.chaperoning.rules import Figures
from rampart.core import charts
from rampart.core.charts import Chart

# NHS.UK colours: blue, red, warm yellow, dark pink, grey
TREND_LINES = (
    ("no_offer", "No offer recorded", "#d5281b"),
    ("no_purpose", "No purpose documented", "#ffb81c"),
    ("untrained", "Untrained chaperone", "#7c2855"),
)


def trend_chart(series: list[tuple[date, Figures]]) -> Chart:
    """Examinations per month as bars, with the main gaps as lines over them."""
    figure = charts.figure(6.5, 3.0)
    axes = figure.subplots()
    labels = [m.strftime("%b %y") for m, _ in series]
    axes.bar(labels, [f.examinations for _, f in series], color="#aeb7bd", label="Examinations")
    for key, label, colour in TREND_LINES:
        axes.plot(labels, [getattr(f, key) for _, f in series], marker="o", color=colour, label=label)
    axes.set_ylabel("Records")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelrotation=45)
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    alt = "Examinations and gaps by month: " + "; ".join(
        f"{m:%B %Y}: {f.examinations} examinations, "
        + ", ".join(f"{label.lower()} {getattr(f, key)}" for key, label, _ in TREND_LINES)
        for m, f in series
    )
    return Chart(charts.svg(figure), alt)


def gaps_chart(totals: Figures, labels: list[tuple[str, str]]) -> Chart:
    """One bar per kind of gap over the whole period."""
    figure = charts.figure(6.5, 2.6)
    axes = figure.subplots()
    axes.barh([label for _, label in labels], [getattr(totals, key) for key, _ in labels], color="#005eb8")
    axes.invert_yaxis()
    axes.set_xlabel("Records")
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    alt = "Gaps in the period: " + ", ".join(f"{label} {getattr(totals, key)}" for key, label in labels)
    return Chart(charts.svg(figure), alt)
