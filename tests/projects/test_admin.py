"""The administration lists projects and exports them with django-import-export."""
from tests.conftest import make_user
from tests.projects.builders import complete_project


def test_admin_lists_and_exports_projects(client, lead):
    complete_project(lead=lead, name="Proyecto exportable", state="registered", bank_code="2024050010444")
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert "Proyecto exportable" in client.get("/admin/projects/project/").content.decode()
    response = client.post("/admin/projects/project/export/", {"format": "0", "resource": "0",
                                                              "projectresource_name": "on", "projectresource_bank_code": "on"})
    assert response.status_code == 200
    assert "2024050010444" in response.content.decode()
