"""Charts drawn on the server as SVG with matplotlib (no JavaScript, fits the CSP), each with a text
alternative. matplotlib is imported on the first chart, not when a page module is imported: it
costs about 3 seconds, which every web worker would otherwise pay on its first request."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@cache
def _figure_class() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    # The same SVG for the same figures (a fixed hash salt), in a font every server has.
    matplotlib.rcParams.update({"svg.hashsalt": "rampart", "font.family": "DejaVu Sans", "font.size": 10})
    from matplotlib.figure import Figure

    return Figure


def figure(width: float, height: float) -> Figure:
    """A new figure of this size in inches."""
    made: Figure = _figure_class()(figsize=(width, height))
    return made


def svg(drawn: Figure) -> str:
    out = io.StringIO()
    drawn.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    return out.getvalue()
