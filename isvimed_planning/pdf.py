"""PDFs with WeasyPrint that fetch only the application's own static files (never the network)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

BASE_URL = "https://isvimed.invalid/"


def _static_only_fetcher(url: str, *args, **kwargs):
    from weasyprint.urls import URLFetchingError

    parsed = urlparse(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parsed.scheme == "https" and parsed.netloc == "isvimed.invalid" and parsed.path.startswith(static_prefix):
        relative = unquote(parsed.path[len(static_prefix):])
        found = finders.find(relative)
        if not found:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        if found:
            return {"string": Path(found).read_bytes(), "mime_type": None, "redirected_url": url}
    raise URLFetchingError(f"Refused to fetch {url!r}: PDFs may use only the application's static files.")


def render_pdf_bytes(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_static_only_fetcher).write_pdf()


def pdf_response(template: str, context: dict, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(render_pdf_bytes(template, context), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
