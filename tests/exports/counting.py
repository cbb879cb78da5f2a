"""How many queries a download costs (the list exports assert it at two sizes)."""
from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)
