import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")

app = Celery("isvimed_planning")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
