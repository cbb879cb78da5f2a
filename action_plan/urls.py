from django.urls import path

from . import views

app_name = "action_plan"

urlpatterns = [
    path("", views.index, name="index"),
]
