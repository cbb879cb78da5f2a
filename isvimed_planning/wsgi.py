import os

from django.core.wsgi import get_wsgi_application

from .env import exit_on_bad_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")
# Exit code 4 is gunicorn's "App failed to load": the master stops instead of respawning workers.
with exit_on_bad_settings(exit_code=4):
    application = get_wsgi_application()
