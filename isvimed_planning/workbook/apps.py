from django.apps import AppConfig


class WorkbookConfig(AppConfig):
    """The planning workbook (Excel in and out); each app owns its sheets in `<app>/workbook.py`."""

    name = "isvimed_planning.workbook"
    label = "workbook"
    verbose_name = "Libro de planeación (Excel)"
