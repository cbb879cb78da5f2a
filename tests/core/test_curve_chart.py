"""charts.curve: a point per month with a value, on one scale from 0 to the largest value; the
texts formatted as money (or percentages); no point where a month has no value."""
from decimal import Decimal

from isvimed_planning import charts


def test_points_share_one_scale_and_stop_where_values_stop():
    chart = charts.curve(
        ["Ene", "Feb", "Mar"],
        [("Programado", "programmed", [Decimal(100), Decimal(200), Decimal(400)]),
         ("Comprometido", "reported", [Decimal(0), Decimal(400), None])],
    )
    programmed, reported = chart.series
    assert [(p.label, p.text) for p in programmed.points] == [("Ene", "$ 100"), ("Feb", "$ 200"), ("Mar", "$ 400")]
    assert [p.label for p in reported.points] == ["Ene", "Feb"]  # March has no value: no point
    # x from the left edge to the right one; y from the axis (0) up to the top (400).
    assert [p.x for p in programmed.points] == [chart.left, (chart.left + chart.right) // 2, chart.right]
    assert reported.points[0].y == chart.bottom and reported.points[1].y == programmed.points[2].y == charts.CURVE_TOP
    assert programmed.path == " ".join(f"{p.x},{p.y}" for p in programmed.points)
    assert chart.y_ticks[-1] == (charts.CURVE_TOP, "$ 400") and chart.y_ticks[0] == (chart.bottom, "$ 0")
    assert not chart.empty


def test_no_values_draw_no_points():
    chart = charts.curve(["Ene", "Feb"], [("Programado", "programmed", [None, None])])
    assert chart.empty and chart.y_ticks == [(chart.bottom, "$ 0")]
