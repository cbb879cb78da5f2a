"""PDF rendering for the approved platform and plan (same WeasyPrint 70 shim as projects.pdf).

isvimed_planning.pdf passes WeasyPrint a plain function as `url_fetcher`; WeasyPrint 70 expects
a `weasyprint.urls.URLFetcher` returning `URLFetcherResponse` (the plain function fails with
"URL fetcher must return either a dict or a URLFetcherResponse instance"). Until the shared
module is fixed, this wraps the same static-only policy in the new API. Once fixed, replace
`pdf_response` by `isvimed_planning.pdf.pdf_response`.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

from isvimed_planning import pdf as shared


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            found = shared._static_only_fetcher(url)  # raises for anything but our static files
            return URLFetcherResponse(found["redirected_url"], body=found["string"])

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
