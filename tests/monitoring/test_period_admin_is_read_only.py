"""The reporting calendar is kept only on the follow-up pages: the admin shows and exports it but
neither adds, changes, deletes nor imports periods, so nothing there can reopen a closed month."""
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import ReportingPeriod
from tests.monitoring.builders import period

CHANGELIST = "/admin/monitoring/reportingperiod/"


def _superuser_client(login, sysadmin):
    sysadmin.is_superuser = True
    sysadmin.save()
    return login(sysadmin)


def test_admin_refuses_to_add_change_or_delete_a_period(login, sysadmin):
    closed = period(month=2, state="closed")
    client = _superuser_client(login, sysadmin)
    page = client.get(CHANGELIST).content.decode()
    assert f"{CHANGELIST}add/" not in page and f"{CHANGELIST}import/" not in page
    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.post(f"{CHANGELIST}add/", {"year": "2025", "month": "5"}).status_code == 403
    change = f"{CHANGELIST}{closed.pk}/change/"
    assert client.post(change, {"year": "2025", "month": "2", "cutoff": "2025-02-28",
                                "report_deadline": "2025-03-10", "state": "open"}).status_code == 403
    assert client.post(f"{CHANGELIST}{closed.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{CHANGELIST}export/").status_code == 200
    closed.refresh_from_db()
    assert closed.state == "closed"


def test_an_import_cannot_reopen_a_closed_period(login, sysadmin):
    closed = period(month=2, state="closed")
    client = _superuser_client(login, sysadmin)
    csv = (f"id,year,month,cutoff,report_deadline,state\n"
           f"{closed.pk},2025,2,{closed.cutoff:%Y-%m-%d},{closed.report_deadline:%Y-%m-%d},open\n").encode()
    for url in (f"{CHANGELIST}import/", f"{CHANGELIST}process_import/"):
        # No such view: the admin reads the path as an object id and ends on a page without an import form.
        response = client.post(url, {"import_file": SimpleUploadedFile("periodos.csv", csv, "text/csv"),
                                     "format": "0", "resource": "0"}, follow=True)
        assert response.status_code in (200, 403, 404), url
        assert 'name="import_file"' not in response.content.decode(), url
    closed.refresh_from_db()
    assert closed.state == "closed"
    assert ReportingPeriod.objects.count() == 1
