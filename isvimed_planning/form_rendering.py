"""Django's form renderer, with select boxes and text inputs written in Python.

Django renders a select box through one template for the box and two more (the option and its
attributes) for every option, and an input through three (its type's, input.html, attrs.html).
The project list's filters have ~150 options: more than half of the page's CPU (28 of 49 ms at
ten times ISVIMED); the report form's 50 inputs cost 14 of its 40 ms. The HTML written here is
character for character what Django's templates write (tests/core/test_form_rendering.py compares
them on the application's own forms); an option with a template of its own is left to Django.
"""
from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
# Django's templates of these widgets are all `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "hidden", "email", "password", "url", "search", "tel", "date", "datetime", "time")
)
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
_CONTEXT = Context(autoescape=True)


def _shown(value) -> str:
    """`{{ value }}`: localized and escaped, as the template engine writes it."""
    if type(value) is str:
        return escape(value)
    return render_value_in_context(value, _CONTEXT)


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"')
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(_input(context["widget"]))
        if template_name == SELECT_TEMPLATE:
            html = _select(context["widget"])
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request=request)


def _input(widget: dict) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    shown_value = "" if value is None else f' value="{_formatted(value)}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{shown_value}{_attrs(widget["attrs"])}>'


def _select(widget: dict) -> str | None:
    """django/forms/widgets/select.html and select_option.html, or None for options with a
    template of their own."""
    out = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f'{_shown(option["label"])}</option>\n'
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)
