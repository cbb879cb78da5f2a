"""PDF of the accountability report.

isvimed_planning.pdf passes WeasyPrint 70 a plain function as `url_fetcher`, which WeasyPrint 70
refuses ("URL fetcher must return either a dict or a URLFetcherResponse instance"). Until the
shared module is fixed, this wraps the same static-only policy in the new fetcher API; then
`pdf_response` here becomes `isvimed_planning.pdf.pdf_response`.
"""
from __future__ import annotations

import mimetypes

from django.http import HttpResponse
from django.template.loader import render_to_string

from isvimed_planning import pdf as shared


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = shared._static_only_fetcher(url)  # refuses anything but our own static files
            kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
            return URLFetcherResponse(found["redirected_url"], body=found["string"], headers={"Content-Type": kind})

    return StaticOnlyFetcher()


def render_pdf_bytes(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    try:
        return shared.render_pdf_bytes(template, context)
    except AssertionError:  # the shared fetcher predates WeasyPrint 70's fetcher API
        html = render_to_string(template, context)
        return HTML(string=html, base_url=shared.BASE_URL, url_fetcher=_fetcher()).write_pdf()


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf_bytes(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
