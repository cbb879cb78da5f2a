from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = "4.7 Rendición de cuentas"
