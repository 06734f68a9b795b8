"""Bar charts drawn on the server as SVG: no script, no other host, readable in print.

``bar_chart`` turns labelled values into geometry; the template
``visits/supervision/partials/bar_chart.html`` draws it. Bars are grey with a black
outline and every bar carries its figure as text, so the chart reads the same
on a black-and-white printout and to a screen reader (the figures are also in
the page's tables).
"""

from dataclasses import dataclass

ROW = 22  # height of one bar's row, in SVG units
BAR = 14
LABEL_WIDTH = 120
BAR_AREA = 300
VALUE_WIDTH = 70


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the figure written after the bar
    y: str
    text_y: str
    width: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR

    @property
    def value_x(self):
        return self.label_width + 4


def bar_chart(title, items, *, maximum=None):
    """A horizontal bar chart of ``items``: ``[(label, value, text)]``, value a number.

    ``maximum`` is the value of a full-length bar (the largest value if None;
    1 for shares).
    """
    items = list(items)
    top = maximum if maximum is not None else max((v for _l, v, _t in items), default=0)
    bars = []
    for i, (label, value, text) in enumerate(items):
        width = BAR_AREA * (value or 0) / top if top else 0
        y = i * ROW + (ROW - BAR) / 2
        bars.append(
            Bar(
                label=str(label),
                text=str(text),
                y=f"{y:.1f}",
                text_y=f"{y + BAR - 3:.1f}",
                width=f"{width:.1f}",
            )
        )
    return Chart(
        title=str(title),
        bars=tuple(bars),
        width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
        height=max(ROW, ROW * len(bars)),
    )
