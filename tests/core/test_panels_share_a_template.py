"""The home page's queue cards share one template: a panel is its template and its context, so
two apps' cards with the same template are both shown, and registering the same one again (an
AppConfig.ready() run twice) keeps it once."""
from isvimed_planning import panels


def first(request, obj):
    return {"n": 1}


def second(request, obj):
    return {"n": 2}


def test_panels_with_the_same_template_are_kept_apart():
    try:
        panels.register("test-page", order=2, template=panels.QUEUE_TEMPLATE, context=second)
        panels.register("test-page", order=1, template=panels.QUEUE_TEMPLATE, context=first)
        panels.register("test-page", order=1, template=panels.QUEUE_TEMPLATE, context=first)
        assert [s.context for s in panels.shown("test-page", None, None)] == [{"n": 1}, {"n": 2}]
    finally:
        panels._PANELS.pop("test-page", None)


def test_a_queue_line_reads_its_count_in_spanish():
    one = panels.QueueItem(1, "reporte por revisar", "reportes por revisar", "/x/", "No tiene reportes por revisar.")
    five = panels.QueueItem(5, "reporte por revisar", "reportes por revisar", "/x/", "No tiene reportes por revisar.")
    assert (one.text, five.text) == ("1 reporte por revisar", "5 reportes por revisar")
    assert panels.queue_card(key="k", title="T", items=[]) is None
