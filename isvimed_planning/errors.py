"""Error pages in Spanish within the site's layout.

Django renders 400/403/404/500 from templates (templates/<status>.html), but a view decorated
with require_POST/require_http_methods answers a wrong method with an empty 405: a user who
re-enters the address of a form's action (after a refused ceiling, say) would get a blank page.
This middleware gives such a response the 405 page, keeping its Allow header."""
from __future__ import annotations

from django.template.loader import render_to_string


class MethodNotAllowedPage:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not getattr(response, "streaming", False) and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response
