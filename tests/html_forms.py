"""The forms of a rendered page, as the fields a browser would send (for the fuzz tests)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "select", "select-multiple" or "textarea"
    values: list = field(default_factory=list)  # what the page offers or fills in


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name → Field

    def add(self, name, kind, value=None):
        found = self.fields.get(name)
        if found is None:
            found = self.fields[name] = Field(name, kind)
        elif found.kind != kind and "checkbox" in (kind, found.kind):
            found.kind = "checkbox"  # a group of boxes may send several values
        if value is not None and value not in found.values:
            found.values.append(value)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is None or tag not in ("input", "select", "option", "textarea"):
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                if a.get("value"):
                    self._form.add(a["name"], "submit", a["value"])
                return
            self._form.add(a["name"], kind, a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and a.get("name"):
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = a["name"]
            self._form.add(self._select, kind)
        elif tag == "option" and self._select:
            self._form.add(self._select, self._form.fields[self._select].kind, a.get("value"))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form.add(self._textarea, "textarea")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form and data.strip():
            self._form.add(self._textarea, "textarea", data)


def page_forms(html):
    parser = _Parser()
    parser.feed(html)
    return parser.forms
