from django.apps import AppConfig


class ToolingConfig(AppConfig):
    """Demo data, scale data, benchmarks and the development runner: the last app in the flow, so
    that it may read every step and the shared base reads none."""

    name = "tooling"
    verbose_name = "Herramientas de desarrollo"
