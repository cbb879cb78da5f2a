"""Server-rendered SVG bar charts: geometry computed here, drawn by
templates/accountability/_bar_chart.html (no JavaScript, no inline styles)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from isvimed_planning.templatetags.isvimed import format_cop, format_percent

LABEL_WIDTH = 260
BAR_AREA = 420
VALUE_WIDTH = 150
ROW_HEIGHT = 18
GROUP_GAP = 10
TOP = 28


@dataclass
class Bar:
    x: int
    y: int
    width: float
    height: int
    css: str
    fill: str
    text: str
    text_x: float
    text_y: int


@dataclass
class Group:
    label: str
    label_y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    width: int
    height: int
    groups: list[Group]
    legend: list[tuple[str, str, int]]  # (label, fill, x)
    label_width: int = LABEL_WIDTH


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    rows: list[dict], *, title: str, label: Callable[[dict], str],
    series: list[tuple[str, str, str, str]], percent: bool = False,
) -> Chart:
    """Horizontal grouped bars: one group per row, one bar per series (key, label, css, fill).

    Money series share one scale (the largest value); percent series use 0–100 % (values over
    100 % are drawn at full width, the text shows the real value)."""
    values = [row.get(key) for row in rows for key, *_ in series]
    top = Decimal(1) if percent else max((Decimal(v) for v in values if v is not None), default=Decimal(0))
    fmt = format_percent if percent else format_cop
    groups: list[Group] = []
    y = TOP
    for row in rows:
        group = Group(label=_short(label(row)), label_y=y + ROW_HEIGHT * len(series) // 2 + 4)
        for key, _name, css, fill in series:
            value = row.get(key)
            share = Decimal(0) if value is None or top <= 0 else min(max(Decimal(value) / top, Decimal(0)), Decimal(1))
            width = round(float(share) * BAR_AREA, 1)
            group.bars.append(
                Bar(x=LABEL_WIDTH, y=y, width=width, height=ROW_HEIGHT - 3, css=css, fill=fill,
                    text=fmt(value) if value is not None else "Sin dato",
                    text_x=LABEL_WIDTH + width + 4, text_y=y + ROW_HEIGHT - 6)
            )
            y += ROW_HEIGHT
        groups.append(group)
        y += GROUP_GAP
    legend = [(name, fill, LABEL_WIDTH + i * 170) for i, (_k, name, _c, fill) in enumerate(series)]
    return Chart(title=title, width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height=max(y, TOP + 10), groups=groups, legend=legend)


GREEN, BLUE, AMBER = "#0b5d3b", "#2e7dd1", "#d08b00"


def report_charts(data: dict) -> list[Chart]:
    """The charts of an accountability report, from its (loaded) figures."""
    programs = data["programs"]
    territories = [t for t in data["territories"] if t["committed"]]
    return [
        bar_chart(
            programs, title="Ejecución financiera por programa", label=lambda r: f"{r['code']} {r['name']}",
            series=[("definitive", "Presupuesto definitivo", "s-budget", BLUE), ("committed", "Comprometido", "s-committed", GREEN)],
        ),
        bar_chart(
            programs, title="Ejecución física y financiera por programa (%)", label=lambda r: f"{r['code']} {r['name']}",
            series=[("physical_fulfilment", "Cumplimiento físico", "s-physical", AMBER),
                    ("execution_ratio", "Ejecución financiera", "s-committed", GREEN)],
            percent=True,
        ),
        bar_chart(
            territories, title="Inversión comprometida por comuna y corregimiento",
            label=lambda r: f"{r['code']} - {r['name']}",
            series=[("committed", "Comprometido", "s-committed", GREEN)],
        ),
    ]
