from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared mechanisms of the project: users and roles, territories, units, notices, calendar."""

    name = "isvimed_planning"
    label = "core"
    verbose_name = "Núcleo"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        # Connects the session clock to user_logged_in before any login, not at the first URL.
        from . import auth  # noqa: F401
        from .beat import sync_after_migrate

        # The beat schedule declared in celery.py is written into the database by every `migrate`.
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="isvimed-sync-beat-schedule")
