import os

from django.core.asgi import get_asgi_application

from .env import exit_on_bad_settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")
with exit_on_bad_settings(exit_code=4):
    application = get_asgi_application()
