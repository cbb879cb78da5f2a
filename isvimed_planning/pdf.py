"""PDFs with WeasyPrint that fetch only the application's own static files (never the network)."""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

from isvimed_planning.safe_export import set_download_name

BASE_URL = "https://isvimed.invalid/"


def _static_file(url: str) -> bytes:
    """The bytes of one of the application's static files named by `url`, or an error."""
    parsed = urlparse(url)
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parsed.scheme == "https" and parsed.netloc == "isvimed.invalid" and parsed.path.startswith(static_prefix):
        relative = unquote(parsed.path[len(static_prefix):])
        found = finders.find(relative)
        if not found:
            candidate = Path(settings.STATIC_ROOT) / relative
            found = str(candidate) if candidate.is_file() else None
        if found:
            return Path(found).read_bytes()
    raise PermissionError(f"Refused to fetch {url!r}: PDFs may use only the application's static files.")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Never touches the network or the file system outside the static files."""

        def fetch(self, url, headers=None):
            content_type = mimetypes.guess_type(urlparse(url).path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=_static_file(url), headers={"Content-Type": content_type})

    return StaticOnlyFetcher()


def render_document(template: str, context: dict):
    """The laid-out WeasyPrint document (its pages and boxes; the layout tests measure them)."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).render()


def render_pdf_bytes(template: str, context: dict) -> bytes:
    return render_document(template, context).write_pdf()


def pdf_response(template: str, context: dict, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(render_pdf_bytes(template, context), content_type="application/pdf")
    return set_download_name(response, filename, attachment=not inline)
