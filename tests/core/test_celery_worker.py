"""A real Celery worker, in its own process, over Redis, against the test database."""
import pytest

from isvimed_planning.models import Notice
from isvimed_planning.tasks import send_notice_emails
from tests.worker import MAIL_DIR, wait_for

pytestmark = pytest.mark.celery_worker


@pytest.fixture(autouse=True)
def _empty_mailbox():
    MAIL_DIR.mkdir(parents=True, exist_ok=True)
    for old in MAIL_DIR.glob("*.log"):
        old.unlink()


def test_worker_emails_a_notice_once_even_when_the_task_is_queued_twice(celery_worker, planner):
    notice = Notice.objects.create(recipient=planner, kind="test", key="k1", title="Proyecto devuelto", body="Revise")
    send_notice_emails.delay([notice.pk])
    send_notice_emails.delay([notice.pk])
    wait_for(lambda: Notice.objects.get(pk=notice.pk).emailed_at is not None)
    log = celery_worker.log_path
    wait_for(lambda: log.read_text().count("succeeded in") >= 2)
    sent = [p.read_text() for p in MAIL_DIR.glob("*.log")]
    assert sum(text.count("To: planeador@isvimed.test") for text in sent) == 1
    assert "Revise" in "".join(sent)
