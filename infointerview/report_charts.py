"""Bar charts of the report's tables, as geometry for a server-rendered SVG.

Only attributes (x, y, width, height, class): the Content-Security-Policy
allows no inline style, and the colours live in static/css/reports.css.
"""

import dataclasses

WIDTH = 720
LABEL_WIDTH = 260
VALUE_WIDTH = 110
BAR_HEIGHT = 14
BAR_GAP = 2
ROW_GAP = 10
PLOT_WIDTH = WIDTH - LABEL_WIDTH - VALUE_WIDTH


@dataclasses.dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    series: int
    text: str
    text_x: int
    text_y: int


@dataclasses.dataclass
class ChartRow:
    label: str
    label_y: int
    bars: list


@dataclasses.dataclass
class Chart:
    width: int
    height: int
    rows: list
    legend: list


def chart(table):
    """The bars of a table's first `charted` columns, hidden figures drawn as
    their "fewer than 5" words with no bar."""
    shown = [
        figure.shown_value or 0
        for row in table.rows
        for figure in row.figures[: table.charted]
    ]
    top = max(shown, default=0) or 1
    rows = []
    y = 0
    for row in table.rows:
        bars = []
        start = y
        for series, figure in enumerate(row.figures[: table.charted]):
            value = figure.shown_value
            width = round(PLOT_WIDTH * value / top) if value else 0
            bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=y,
                    width=width,
                    height=BAR_HEIGHT,
                    series=series,
                    text=str(figure),
                    text_x=LABEL_WIDTH + width + 4,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        rows.append(ChartRow(row.label, (start + y) // 2 + 4, bars))
        y += ROW_GAP
    legend = table.columns[: table.charted] if table.charted > 1 else []
    return Chart(WIDTH, max(y, 1), rows, list(enumerate(legend)))
