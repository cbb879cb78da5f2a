from __future__ import annotations

from decimal import Decimal

from django import forms

from isvimed_planning.dates import DateField

from ..versioning import VersionedModelForm
from .models import AnsPolicy, CycleSettings, Step


class PeriodForm(forms.Form):
    desde = DateField(label="Cumplidos desde", required=False)
    hasta = DateField(label="hasta", required=False)
    paso = forms.ChoiceField(label="Paso", required=False, choices=[("", "Todos")] + list(Step.choices))

    def clean(self):
        data = super().clean()
        if data.get("desde") and data.get("hasta") and data["desde"] > data["hasta"]:
            self.add_error("hasta", "La fecha final debe ser posterior a la inicial.")
        return data


class PolicyForm(VersionedModelForm):
    at_risk_percent = forms.IntegerField(
        label="En riesgo con menos de (%)", min_value=1, max_value=99,
        error_messages={"min_value": "Use un porcentaje entre 1 y 99.", "max_value": "Use un porcentaje entre 1 y 99."},
    )

    class Meta:
        model = AnsPolicy
        fields = ["duration", "unit", "active"]
        labels = {"duration": "Plazo", "unit": "Unidad", "active": "Vigilado"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at_risk_percent"].initial = int(self.instance.at_risk_share * 100)

    def save(self, commit=True):
        self.instance.at_risk_share = Decimal(self.cleaned_data["at_risk_percent"]) / 100
        return super().save(commit=commit)


PolicyFormSet = forms.modelformset_factory(AnsPolicy, form=PolicyForm, extra=0, can_delete=False)


class CycleSettingsForm(VersionedModelForm):
    class Meta:
        model = CycleSettings
        fields = ["report_deadline_business_day", "reminder_business_days", "action_plan_start_month", "action_plan_start_day"]
