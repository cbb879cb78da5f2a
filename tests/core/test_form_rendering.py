"""Select boxes and inputs are written in Python (isvimed_planning/form_rendering.py) for speed: what the user
gets must stay exactly what Django's own templates write, on the application's filters and on the
kinds of select box Django has."""
import datetime as dt
import importlib
from decimal import Decimal

import django_filters
import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from isvimed_planning.form_rendering import FormRenderer
from projects.models import Project
from tests import factories

FILTER_MODULES = [
    "accountability.filters", "budget.filters", "monitoring.filters", "opendata.filters", "projects.filters",
    "strategy.filters", "transparency.filters",
]


def both(form: forms.Form) -> tuple[str, str]:
    """The form's fields as Django's templates write them, and as the application does."""
    def written(renderer):
        form.renderer = renderer
        return "\n".join(str(form[name]) for name in form.fields)
    return written(DjangoTemplates()), written(FormRenderer())


def filtersets():
    for module_name in FILTER_MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, django_filters.FilterSet) and value.__module__ == module_name:
                yield value


@pytest.mark.django_db
@pytest.mark.parametrize("filterset", list(filtersets()), ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_filter_is_written_as_djangos_templates_write_it(filterset):
    the_plan = factories.plan()
    factories.program(code="4.2.1", name='Vivienda "nueva" & <mejoramiento>', the_plan=the_plan)
    factories.org_unit(code="SDV", name="Subdirección de Dotación de Vivienda")
    factories.funding_source(name="Recursos propios")
    # What each filter is made with besides its data, as its view makes it.
    extra = {
        "RequestFilter": {"today": dt.date(2026, 11, 27)},
        "UnaffordableFilter": {"project_field": "project", "project_ids": []},
        "IndicatorFilter": {"plan": the_plan},
    }.get(filterset.__name__, {})
    model = filterset._meta.model or Project
    empty = filterset(data={}, queryset=model.objects.all(), **extra)
    data = {}
    for name, field in empty.form.fields.items():
        choices = list(getattr(field, "choices", []))
        if len(choices) > 1:
            data[name] = str(choices[-1][0])
    chosen = filterset(data=data, queryset=model.objects.all(), **extra)
    for instance in (empty, chosen):
        django_html, ours = both(instance.form)
        assert "<select" in django_html or not any(
            isinstance(f.widget, forms.Select) for f in instance.form.fields.values()
        )
        assert ours == django_html


class Kinds(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Uno & <dos>"), ("b", 'Con "comillas"')])
    grouped = forms.ChoiceField(choices=[
        ("Comunas", [("01", "Popular"), ("02", "Santa Cruz")]),
        ("Corregimientos", [("50", "San Sebastián de Palmitas")]),
        ("x", "Sin grupo"),
    ])
    several = forms.MultipleChoiceField(choices=[(1, "Uno"), (2, "Dos"), (3, "Tres")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    years = forms.TypedChoiceField(choices=[(2026, 2026), (12345, 12345)], coerce=int)
    lazy = forms.ChoiceField(choices=[("l", gettext_lazy("Activo")), ("s", mark_safe("<b>seguro</b>"))])
    tagged = forms.ChoiceField(
        choices=[("t", "T")],
        widget=forms.Select(attrs={"class": "a&b", "data-x": 'q"q', "disabled": True, "hidden": False}),
    )


@pytest.mark.parametrize("data", [
    {},
    {"plain": "a", "grouped": "02", "several": ["1", "3"], "yes_no": "true", "years": "12345", "lazy": "s", "tagged": "t"},
    {"plain": "<script>", "grouped": "50", "several": ["2"], "yes_no": "false"},
])
def test_every_kind_of_select_box_is_written_as_djangos_templates_write_it(data):
    django_html, ours = both(Kinds(data=data or None))
    assert ours == django_html
    assert "12.345" in ours  # numbers as labels are localized, as in any template


def test_an_option_with_a_template_of_its_own_is_left_to_django():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class F(forms.Form):
        f = forms.ChoiceField(choices=[("a", "A")], widget=Special)

    django_html, ours = both(F())
    assert ours == django_html
    assert '<input type="select"' in ours  # the option's own template was used


class Inputs(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "wide", "placeholder": 'Ej.: "Casa" & <lote>'}))
    number = forms.DecimalField(widget=forms.NumberInput(attrs={"step": "0.01", "required": True}))
    hidden = forms.IntegerField(widget=forms.HiddenInput)
    email = forms.EmailField()
    password = forms.CharField(widget=forms.PasswordInput)
    kept_password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    url = forms.URLField(assume_scheme="https")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField()
    hour = forms.TimeField()
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "disabled": True, "readonly": False}))


@pytest.mark.parametrize("data", [
    None,
    {"text": '<b>"x"</b> & y', "number": "1234.5", "hidden": "7", "email": "a@b.co", "password": "secreto",
     "kept_password": "secreto", "url": "https://isvimed.gov.co/?a=1&b=2", "day": "2026-11-27",
     "moment": "2026-11-27 10:30", "hour": "10:30", "search": "vivienda"},
    {"number": "no es un número", "day": "31/02/2026"},
])
def test_every_kind_of_input_is_written_as_djangos_templates_write_it(data):
    form = Inputs(data=data, initial={"text": "inicial", "number": Decimal("12.50"), "day": dt.date(2026, 3, 1)})
    django_html, ours = both(form)
    assert ours == django_html
    assert ours.count("<input") == len(Inputs.base_fields)


@pytest.mark.django_db
def test_the_report_form_is_written_as_djangos_templates_write_it(login, lead):
    from monitoring.forms import ReportForm
    from monitoring.selectors import report_sheet
    from tests.monitoring.builders import period, report, reporting_project

    period(month=3)
    project = reporting_project(lead=lead, name="Proyecto Pedregal")
    pending = report(project, month=3, state="pending", committed="4000000", obligated="0", paid="0")
    sheet = report_sheet(pending, with_record=False)
    form = ReportForm(initial=ReportForm.initial_for(pending, sheet), sheet=sheet)
    django_html, ours = both(form)
    assert ours == django_html
    assert 'name="committed"' in ours
