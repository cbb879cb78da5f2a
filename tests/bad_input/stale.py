"""Reading a page's form the way a browser sends it (for the stale-form table)."""
from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "fields": {}, "names": set()}
            self.forms.append(self._form)
        elif self._form is None or "name" not in a and tag in ("input", "select", "textarea"):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            self._form["names"].add(a["name"])
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].setdefault(a["name"], []).append(a.get("value", "on" if kind in ("checkbox", "radio") else ""))
        elif tag == "select":
            self._select = a["name"]
            self._form["names"].add(a["name"])
            self._multiple = "multiple" in a
            self._first = None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self._form["fields"].setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["names"].add(a["name"])
            self._form["fields"][self._textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            if self._select and not self._multiple and self._select not in self._form["fields"] and self._first is not None:
                self._form["fields"][self._select] = [self._first]  # a browser sends the first option
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            before = self._form["fields"][self._textarea][0]
            # A textarea's first newline is not part of its value.
            self._form["fields"][self._textarea] = [before + (data if before else data.removeprefix("\n"))]


def form_data(page: str, *, has: str = "version", action: str | None = None) -> dict:
    """What the browser would post from the page's form that has a field named `has` (or whose
    name ends in `-has`/starts with `has_`), or whose action is `action`."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if action is not None:
            if form["action"] != action:
                continue
        elif not any(n == has or n.endswith(f"-{has}") or n.startswith(f"{has}_") for n in form["names"]):
            continue
        return {name: values if len(values) > 1 else values[0] for name, values in form["fields"].items()}
    raise AssertionError(f"no form with {has!r} / action {action!r} in the page")
