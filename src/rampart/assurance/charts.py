"""Charts for the board report, drawn on the server as SVG with matplotlib (no JavaScript, fits the
CSP). Each chart comes with a text alternative; the page also shows the numbers as a table."""

from __future__ import annotations

from rampart.core import charts
from rampart.core.charts import Chart

# NHS.UK colours: dark blue, blue, green, warm yellow, grey
STATUS_COLOURS = {
    "not_started": "#768692",
    "partly_met": "#ffb81c",
    "met": "#007f3b",
    "exceeded": "#005eb8",
    "not_applicable": "#d8dde0",
}
STATUS_LABELS = {
    "not_started": "Not started",
    "partly_met": "Partly met",
    "met": "Met",
    "exceeded": "Exceeded",
    "not_applicable": "Not applicable",
}


def status_chart(counts: dict[str, int]) -> Chart:
    """A horizontal bar per status: how many items are met, partly met and so on."""
    figure = charts.figure(6.5, 2.6)
    axes = figure.subplots()
    keys = list(STATUS_LABELS)
    axes.barh(
        [STATUS_LABELS[k] for k in keys],
        [counts.get(k, 0) for k in keys],
        color=[STATUS_COLOURS[k] for k in keys],
    )
    axes.invert_yaxis()
    axes.set_xlabel("Items")
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    alt = "Items by status: " + ", ".join(f"{STATUS_LABELS[k]} {counts.get(k, 0)}" for k in keys)
    return Chart(charts.svg(figure), alt)


def action_chart(counts: dict[str, int]) -> Chart:
    figure = charts.figure(6.5, 2.2)
    axes = figure.subplots()
    labels = list(counts)
    axes.barh(labels, [counts[k] for k in labels], color=["#768692", "#005eb8", "#007f3b", "#d5281b"])
    axes.invert_yaxis()
    axes.set_xlabel("Actions")
    axes.xaxis.get_major_locator().set_params(integer=True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    alt = "Action plan: " + ", ".join(f"{k} {v}" for k, v in counts.items())
    return Chart(charts.svg(figure), alt)


def history_chart(history: list[tuple[str, dict[str, int]]]) -> Chart:
    """Stacked bars, one per period: how the assessment has moved over time."""
    figure = charts.figure(6.5, 2.8)
    axes = figure.subplots()
    periods = [p for p, _ in history]
    bottoms = [0] * len(periods)
    for key in STATUS_LABELS:
        values = [c.get(key, 0) for _, c in history]
        axes.bar(periods, values, bottom=bottoms, color=STATUS_COLOURS[key], label=STATUS_LABELS[key])
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    axes.set_ylabel("Items")
    axes.legend(loc="upper left", bbox_to_anchor=(1, 1), frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    alt = "Items by status over time: " + "; ".join(
        f"{p}: " + ", ".join(f"{STATUS_LABELS[k]} {c.get(k, 0)}" for k in STATUS_LABELS) for p, c in history
    )
    return Chart(charts.svg(figure), alt)
