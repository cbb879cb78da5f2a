"""Chart geometry, in one place: fed plain labels and numbers (Decimal or int), it returns the
pixel positions, widths, heights and tick texts that the SVG templates draw (no JavaScript, no
inline styles). Selectors hand over figures only; views call this module.

- `grouped_bars`: the accountability report's horizontal grouped bars
  (templates/accountability/_bar_chart.html);
- `ratio_bars`: the follow-up dashboard's 0–100 % bars (templates/monitoring/_bars.html);
- `tile_map`: the dashboard's tile map of comunas and corregimientos;
- `meter_width`: the share of a one-line meter, as an SVG width out of 100;
- `curve`: programmed vs. reported by month (its markup: Curve.svg, the {% curve_svg %} tag);
- `timeline`: the projects' schedule, a bar from start to end date on a month axis, grouped
  (templates/projects/timeline.html)."""
from __future__ import annotations

import datetime as dt
from calendar import monthrange
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils.html import escape
from django.utils.safestring import mark_safe

from isvimed_planning.formatting import format_cop, format_date, format_percent

ZERO, ONE = Decimal(0), Decimal(1)


def _share(value, top: Decimal) -> Decimal:
    """value / top, within 0–1 (0 without a value or a scale)."""
    if value is None or top <= 0:
        return ZERO
    return min(max(Decimal(value) / top, ZERO), ONE)


# --- Grouped horizontal bars (accountability report) ---------------------------------------

LABEL_WIDTH = 260
BAR_AREA = 420
VALUE_WIDTH = 150
ROW_HEIGHT = 18
GROUP_GAP = 10
TOP = 28

GREEN, BLUE, AMBER = "#0b5d3b", "#2e7dd1", "#d08b00"
# The look of each kind of series: (CSS class, fill colour).
SERIES_STYLES: dict[str, tuple[str, str]] = {
    "budget": ("s-budget", BLUE),
    "committed": ("s-committed", GREEN),
    "physical": ("s-physical", AMBER),
}


@dataclass(frozen=True)
class Series:
    name: str  # the legend's text
    style: str  # a key of SERIES_STYLES


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


def grouped_bars(
    rows: Sequence[tuple[str, Sequence[Decimal | int | None]]], *, title: str, series: Sequence[Series],
    percent: bool = False,
) -> Chart:
    """Horizontal grouped bars: one group per (label, values) row, one bar per series.

    Money series share one scale (the largest value); percent series are ratios drawn on 0–100 %
    (values over 100 % are drawn at full width, the text shows the real value)."""
    values = [v for _label, row in rows for v in row]
    top = ONE if percent else max((Decimal(v) for v in values if v is not None), default=ZERO)
    fmt = format_percent if percent else format_cop
    groups: list[Group] = []
    y = TOP
    for label, row in rows:
        group = Group(label=_short(label), label_y=y + ROW_HEIGHT * len(series) // 2 + 4)
        for one, value in zip(series, row, strict=True):
            css, fill = SERIES_STYLES[one.style]
            width = round(float(_share(value, top)) * BAR_AREA, 1)
            group.bars.append(
                Bar(x=LABEL_WIDTH, y=y, width=width, height=ROW_HEIGHT - 3, css=css, fill=fill,
                    text=fmt(value) if value is not None else "Sin dato",
                    text_x=LABEL_WIDTH + width + 4, text_y=y + ROW_HEIGHT - 6)
            )
            y += ROW_HEIGHT
        groups.append(group)
        y += GROUP_GAP
    legend = [(one.name, SERIES_STYLES[one.style][1], LABEL_WIDTH + i * 170) for i, one in enumerate(series)]
    return Chart(title=title, width=LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height=max(y, TOP + 10), groups=groups,
                 legend=legend)


# --- 0–100 % bars (follow-up dashboard) ----------------------------------------------------

RATIO_BAR_WIDTH = 300
RATIO_BAR_STEP = 26


@dataclass
class RatioBar:
    label: str
    title: str
    ratio: Decimal | None
    state: str  # passed through for the template's colour (e.g. the semáforo rating)
    width: int  # pixels of the bar (capped at 100 %)
    y: int


@dataclass
class RatioBars:
    bars: list[RatioBar]
    height: int


def ratio_bars(
    rows: Sequence[tuple[str, str, Decimal | None]], *, state: Callable[[Decimal | None], str] = lambda r: "",
) -> RatioBars:
    """One bar per (label, title, ratio) row, a ratio of 1 filling the track."""
    bars = [
        RatioBar(label, title, ratio, state(ratio), int(_share(ratio, ONE) * RATIO_BAR_WIDTH), i * RATIO_BAR_STEP)
        for i, (label, title, ratio) in enumerate(rows)
    ]
    return RatioBars(bars=bars, height=max(1, len(bars)) * RATIO_BAR_STEP + 4)


# --- Tile map of Medellín's territories ----------------------------------------------------

# Position of each territory in the tile map (column, row): a rough sketch of Medellín, with the
# corregimientos around the urban comunas and "Ciudad" apart.
TILE_POSITIONS: dict[int, tuple[int, int]] = {
    1: (4, 1), 2: (3, 1), 3: (4, 2), 4: (3, 2), 5: (2, 1), 6: (2, 2), 7: (1, 2), 8: (5, 3),
    9: (4, 3), 10: (3, 3), 11: (2, 3), 12: (1, 3), 13: (1, 4), 14: (4, 4), 15: (3, 5), 16: (2, 4),
    50: (0, 0), 60: (0, 3), 70: (1, 5), 80: (2, 6), 90: (6, 3), 0: (6, 6),
}
TILE_WIDTH, TILE_HEIGHT = 86, 56
HEAT_LEVELS = 5


@dataclass
class TilePlace:
    code: int
    level: int  # 0 (none) … HEAT_LEVELS (highest)
    x: int
    y: int


@dataclass
class TileMap:
    tiles: list[TilePlace]
    height: int


def tile_map(rows: Sequence[tuple[int, Decimal]]) -> TileMap:
    """Where each (territory code, value) row goes, and how dark: level 1–5 by fifths of the
    largest value, 0 without a value; unknown codes line up in an extra row."""
    top = max((value for _code, value in rows), default=ZERO)
    tiles: list[TilePlace] = []
    extra_row = 7
    for code, value in rows:
        if top > 0 and value > 0:
            level = min(HEAT_LEVELS, int((value / top) * HEAT_LEVELS - Decimal("0.000001")) + 1)
        else:
            level = 0
        place = TILE_POSITIONS.get(code)
        col, row = place if place is not None else (len(tiles) % 7, extra_row)
        tiles.append(TilePlace(code, level, col * TILE_WIDTH + 2, row * TILE_HEIGHT + 2))
    height = max(t.y for t in tiles) + TILE_HEIGHT if tiles else 60
    return TileMap(tiles=tiles, height=height)


# --- One-line meter ------------------------------------------------------------------------


def meter_width(part, whole) -> str:
    """part / whole as a width out of 100 with one decimal ("37.5"), capped at 100; "0" without
    a whole. Machine text for an SVG attribute, never localised."""
    if not whole:
        return "0"
    return f"{min(Decimal(part) / Decimal(whole) * 100, 100):.1f}"


# --- Curves by month (programmed vs. reported) ------------------------------------------------

CURVE_WIDTH, CURVE_HEIGHT = 640, 240
CURVE_LEFT, CURVE_RIGHT, CURVE_TOP, CURVE_BOTTOM = 120, 20, 16, 40
CURVE_TICKS = 4
# The look of each kind of curve: (CSS class, stroke colour).
CURVE_STYLES: dict[str, tuple[str, str]] = {
    "programmed": ("c-programmed", BLUE),
    "reported": ("c-reported", GREEN),
    "projection": ("c-projection", AMBER),  # drawn dashed (app.css): not yet happened
}


@dataclass
class CurvePoint:
    x: int
    y: int
    label: str  # the month
    text: str  # the value, formatted


@dataclass
class CurveSeries:
    name: str
    css: str
    stroke: str
    points: list[CurvePoint]

    @property
    def path(self) -> str:
        """The polyline's points attribute ("x,y x,y …"), machine text."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class Curve:
    width: int
    height: int
    left: int
    bottom: int  # y of the horizontal axis
    right: int  # x where the plot ends
    series: list[CurveSeries]
    x_ticks: list[tuple[int, str]]  # (x, month label)
    y_ticks: list[tuple[int, str]]  # (y, value text)
    legend: list[tuple[str, str, int]]  # (name, stroke, x)

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)

    def svg(self, *, label: str, testid: str) -> str:
        """The chart's markup (`label`: its accessible name). Written here rather than in a
        template: the dashboard draws sixty of them after every approval, and the template
        language took a third of a second for what this does in a few milliseconds."""
        e = escape
        left, right, bottom = self.left, self.right, self.bottom
        parts = [
            f'<svg class="curve" viewBox="0 0 {self.width} {self.height}" role="img" aria-label="{e(label)}" '
            f'data-testid="{e(testid)}">',
            f'<line class="curve-axis" x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}"></line>',
        ]
        for y, text in self.y_ticks:
            parts.append(
                f'<line class="curve-grid" x1="{left}" y1="{y}" x2="{right}" y2="{y}"></line>'
                f'<text class="curve-tick" x="{left - 6}" y="{y + 4}" text-anchor="end">{e(text)}</text>'
            )
        for x, month in self.x_ticks:
            parts.append(f'<text class="curve-tick" x="{x}" y="{bottom + 16}" text-anchor="middle">{e(month)}</text>')
        for s in self.series:
            colour = e(s.stroke)
            parts.append(
                f'<g class="curve-series {e(s.css)}" data-series="{e(s.name)}">'
                f'<polyline class="curve-line" points="{s.path}" stroke="{colour}"></polyline>'
            )
            parts.extend(
                f'<circle cx="{p.x}" cy="{p.y}" r="3.5" fill="{colour}"><title>{e(s.name)}, {e(p.label)}: {e(p.text)}'
                "</title></circle>"
                for p in s.points
            )
            parts.append("</g>")
        for name, stroke, x in self.legend:
            parts.append(
                f'<rect x="{x}" y="{bottom + 26}" width="12" height="4" fill="{e(stroke)}"></rect>'
                f'<text class="curve-tick" x="{x + 16}" y="{bottom + 31}">{e(name)}</text>'
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # every text above escaped


def curve(
    labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[Decimal | int | None]]], *, percent: bool = False,
) -> Curve:
    """Line chart of values by month: one (name, style, values) series per curve, a value per
    label (None: no point, e.g. months after the cutoff). Money series share one scale from 0 to
    the largest value; percent series are ratios on 0–100 % (or up to the largest value above)."""
    values = [Decimal(v) for _n, _s, row in series for v in row if v is not None]
    top = max(values, default=ZERO)
    if percent:
        top = max(top, ONE)
    fmt = format_percent if percent else format_cop
    plot_w = CURVE_WIDTH - CURVE_LEFT - CURVE_RIGHT
    plot_h = CURVE_HEIGHT - CURVE_TOP - CURVE_BOTTOM
    bottom = CURVE_TOP + plot_h
    step = plot_w / max(1, len(labels) - 1)

    def x_of(i: int) -> int:
        return round(CURVE_LEFT + i * step)

    def y_of(value) -> int:
        return round(bottom - float(_share(value, top)) * plot_h)

    drawn = []
    for name, style, row in series:
        css, stroke = CURVE_STYLES[style]
        points = [
            CurvePoint(x_of(i), y_of(v), labels[i], fmt(v)) for i, v in enumerate(row) if v is not None
        ]
        drawn.append(CurveSeries(name, css, stroke, points))
    y_ticks = [
        (y_of(top * k / CURVE_TICKS), fmt(top * k / CURVE_TICKS)) for k in range(CURVE_TICKS + 1)
    ] if top > 0 else [(bottom, fmt(ZERO))]
    return Curve(
        width=CURVE_WIDTH, height=CURVE_HEIGHT, left=CURVE_LEFT, bottom=bottom, right=CURVE_LEFT + plot_w,
        series=drawn, x_ticks=[(x_of(i), label) for i, label in enumerate(labels)], y_ticks=y_ticks,
        legend=[(s.name, s.stroke, CURVE_LEFT + i * 200) for i, s in enumerate(drawn)],
    )


# --- Timeline (the projects' schedule, Gantt-like) ---------------------------------------------

TIMELINE_LABEL = 300  # the names' column
TIMELINE_MIN_PLOT = 720  # the plot's least width: one year is 60 per month
TIMELINE_MONTH = 20  # a month's least width when the axis holds many years
TIMELINE_RIGHT = 16
TIMELINE_AXIS = 44  # the axis' band at the top (years, then months)
TIMELINE_ROW = 22
TIMELINE_HEAD = 26  # a group's heading row
TIMELINE_BAR = 14  # a bar's height within its row


@dataclass(frozen=True)
class TimelineItem:
    """What the caller hands over: a name, the dates (None when unknown), a style key (the CSS
    class suffix, e.g. the state's code), a state text and the link of the object."""

    label: str
    start: dt.date | None
    end: dt.date | None
    style: str = ""
    state: str = ""
    url: str = ""


@dataclass
class TimelineBar:
    label: str  # the name, shortened for the names' column
    name: str  # the whole name
    x: int
    width: int
    y: int  # top of the row
    bar_y: int
    css: str
    url: str
    text: str  # the accessible description: name, dates and state


@dataclass
class TimelineGroup:
    name: str
    y: int  # top of the heading row
    bars: list[TimelineBar]


@dataclass
class Timeline:
    width: int
    height: int
    left: int
    right: int
    top: int  # y where the rows start (below the axis)
    months: int  # months on the axis
    first: dt.date | None  # the axis' first day (1 January)
    groups: list[TimelineGroup]
    year_ticks: list[tuple[int, int, str]]  # (x, x of the year's middle, year)
    month_ticks: list[tuple[int, str]]  # (x, month initial), only when a month is wide enough to read
    today_x: int | None
    today_text: str
    undated: list[TimelineItem]  # items without a start or an end: listed apart ("Sin fechas")

    @property
    def empty(self) -> bool:
        return not self.groups

    def month_width(self) -> float:
        return (self.right - self.left) / self.months if self.months else 0.0


def _month_position(day: dt.date, first_year: int) -> Fraction:
    """Months from 1 January of `first_year` to `day` (the start of that day)."""
    days = monthrange(day.year, day.month)[1]
    return Fraction((day.year - first_year) * 12 + day.month - 1) + Fraction(day.day - 1, days)


def timeline(
    groups: Sequence[tuple[str, Sequence[TimelineItem]]], *, today: dt.date,
    first: dt.date | None = None, last: dt.date | None = None,
) -> Timeline:
    """Bars from each item's start to its end date (both days included) on an axis of whole
    years, from 1 January of the first year (`first`, else the earliest start) to 31 December of
    the last (`last`, else the latest end); positions are months and fractions of the month, so
    01/01/2026–30/06/2026 spans exactly half of a 2026 axis. Groups keep their order; items
    without both dates go to `undated`; today's line is drawn when today is on the axis."""
    dated = [(name, [i for i in items if i.start and i.end]) for name, items in groups]
    dated = [(name, items) for name, items in dated if items]
    undated = [i for _name, items in groups for i in items if not (i.start and i.end)]
    starts = [i.start for _n, items in dated for i in items if i.start] + ([first] if first else [])
    ends = [i.end for _n, items in dated for i in items if i.end] + ([last] if last else [])
    if not starts or not ends:
        return Timeline(
            width=TIMELINE_LABEL + TIMELINE_MIN_PLOT + TIMELINE_RIGHT, height=TIMELINE_AXIS, left=TIMELINE_LABEL,
            right=TIMELINE_LABEL + TIMELINE_MIN_PLOT, top=TIMELINE_AXIS, months=0, first=None, groups=[],
            year_ticks=[], month_ticks=[], today_x=None, today_text=format_date(today), undated=undated,
        )
    first_year, last_year = min(starts).year, max(max(ends).year, min(starts).year)
    months = (last_year - first_year + 1) * 12
    plot = max(TIMELINE_MIN_PLOT, months * TIMELINE_MONTH)
    left, right = TIMELINE_LABEL, TIMELINE_LABEL + plot

    def x_of(position: Fraction) -> int:
        return round(left + position * plot / months)

    def x_at(day: dt.date) -> int:
        return x_of(_month_position(day, first_year))

    def x_after(day: dt.date) -> int:  # the end of an included last day
        if day == dt.date.max:
            return right
        return x_at(day + dt.timedelta(days=1))

    drawn, y = [], TIMELINE_AXIS
    for name, items in dated:
        group = TimelineGroup(name=name, y=y, bars=[])
        y += TIMELINE_HEAD
        for item in items:
            start, end = item.start, item.end
            assert start is not None and end is not None
            x0, x1 = x_at(start), x_after(max(start, end))
            text = f"{item.label}: {format_date(start)} – {format_date(end)}" + (f", {item.state}" if item.state else "")
            group.bars.append(TimelineBar(
                label=_short(item.label, 44), name=item.label, x=x0, width=max(2, x1 - x0), y=y,
                bar_y=y + (TIMELINE_ROW - TIMELINE_BAR) // 2, css=f"gantt-{item.style}" if item.style else "gantt-bar",
                url=item.url, text=text,
            ))
            y += TIMELINE_ROW
        drawn.append(group)
    year_ticks = [
        (x_of(Fraction((year - first_year) * 12)), x_of(Fraction((year - first_year) * 12 + 6)), str(year))
        for year in range(first_year, last_year + 1)
    ]
    month_ticks = [
        (x_of(Fraction(m)), MONTH_INITIALS[m % 12]) for m in range(months)
    ] if plot / months >= 30 else []
    on_axis = dt.date(first_year, 1, 1) <= today <= dt.date(last_year, 12, 31)
    return Timeline(
        width=right + TIMELINE_RIGHT, height=y + 8, left=left, right=right, top=TIMELINE_AXIS, months=months,
        first=dt.date(first_year, 1, 1), groups=drawn, year_ticks=year_ticks, month_ticks=month_ticks,
        today_x=x_at(today) if on_axis else None, today_text=format_date(today), undated=undated,
    )


MONTH_INITIALS = ["E", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"]
