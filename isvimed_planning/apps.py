from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared mechanisms of the project: users and roles, territories, units, notices, calendar."""

    name = "isvimed_planning"
    label = "core"
    verbose_name = "Núcleo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the session clock to user_logged_in before any login, not at the first URL.
        from . import auth  # noqa: F401
