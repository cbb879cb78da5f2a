"""The colour of a semáforo rating, in one place: figures and selectors give the rating
(monitoring.figures.rating: "Sobresaliente" … "Sin dato"); templates turn it into the suffix of
the CSS classes of static/css (`light-<suffix>`, `light-fill-<suffix>`)."""
from __future__ import annotations

from django import template

from monitoring import figures

register = template.Library()

LIGHT_CLASSES = {
    figures.SOBRESALIENTE: "sobresaliente",
    figures.SATISFACTORIO: "satisfactorio",
    figures.MEDIO: "medio",
    figures.BAJO: "bajo",
    figures.CRITICO: "critico",
    figures.SIN_DATO: "sin-dato",
}


@register.filter("semaforo")
def semaforo(rating: str) -> str:
    """`{{ p.rating|semaforo }}` -> "sobresaliente" (for class="tag light-…")."""
    return LIGHT_CLASSES.get(rating, LIGHT_CLASSES[figures.SIN_DATO])
