"""Template filters for es-CO: money as `$ 1.234.567`, numbers as `1.234,5`, dates as `dd/mm/aaaa`,
and the CSS class of a semáforo rating. The text itself comes from isvimed_planning.formatting."""
from __future__ import annotations

from django import template

from isvimed_planning.formatting import (
    format_cop,
    format_date,
    format_number,
    format_percent,
)

__all__ = ["format_cop", "format_date", "format_number", "format_percent"]

register = template.Library()

register.filter("cop", format_cop)
register.filter("fecha", format_date)
register.filter("pct", format_percent)


@register.simple_tag
def curve_svg(chart, label: str, testid: str) -> str:
    """A line chart of isvimed_planning.charts.curve."""
    return chart.svg(label=label, testid=testid)


@register.filter("num")
def num(value, decimals=2):
    """A quantity: up to `decimals` decimals, trailing zeros dropped (`1.234,5`)."""
    return format_number(value, int(decimals), trim=True)


@register.filter("history_value")
def history_value(value):
    """A recorded field value: whole numbers there are years, versions or ids (`2024`, never
    `2.024`); other values are shown as Django localises them."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


# A workflow move's tone (isvimed_planning.workflow.Transition.tone) as the button's classes.
BUTTON_CLASSES = {"advance": "btn", "reverse": "btn danger", "aside": "btn secondary"}


@register.filter("button_class")
def button_class(transition) -> str:
    return BUTTON_CLASSES[transition.tone]
