"""The semáforo: default thresholds, their edges, and thresholds configured in settings."""
from decimal import Decimal

from monitoring.figures import rating


def test_default_thresholds_and_their_edges():
    assert rating(Decimal("0.80")) == "Sobresaliente"
    assert rating(Decimal("1.35")) == "Sobresaliente"
    assert rating(Decimal("0.7999")) == "Satisfactorio"
    assert rating(Decimal("0.70")) == "Satisfactorio"
    assert rating(Decimal("0.6999")) == "Medio"
    assert rating(Decimal("0.60")) == "Medio"
    assert rating(Decimal("0.40")) == "Bajo"
    assert rating(Decimal("0.3999")) == "Crítico"
    assert rating(Decimal("-0.2")) == "Crítico"
    assert rating(None) == "Sin dato"


def test_thresholds_come_from_settings(settings):
    settings.TRAFFIC_LIGHT_THRESHOLDS = {"Sobresaliente": 0.9, "Satisfactorio": 0.75, "Medio": 0.5, "Bajo": 0.3}
    assert rating(Decimal("0.85")) == "Satisfactorio"
    assert rating(Decimal("0.55")) == "Medio"
    assert rating(Decimal("0.35")) == "Bajo"
    assert rating(Decimal("0.25")) == "Crítico"
