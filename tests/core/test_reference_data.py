from django.contrib.auth.models import Group

from isvimed_planning.models import Territory


def test_migrate_creates_the_six_roles(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "planeacion", "responsable", "direccion", "financiera", "consulta", "admin"
    }


def test_migrate_creates_the_22_territories_with_official_codes(db):
    assert Territory.objects.count() == 22
    assert Territory.objects.get(code=0).name == "Ciudad (sin georreferenciar)"
    assert Territory.objects.get(code=14).name == "El Poblado"
    assert Territory.objects.filter(kind="comuna").count() == 16
    assert list(Territory.objects.filter(kind="corregimiento").values_list("code", flat=True)) == [50, 60, 70, 80, 90]
