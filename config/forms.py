"""How form fields are drawn: Django's own widget templates through Jinja2.

Django draws every field from a template (the input and its attributes). Through
Django's template engine that was a third of the visit form's time at city size on
2026-12-07 (its 23 widget templates: 1.15 s of 3.6 s over 40 requests under
``cProfile``). Django ships the same templates for Jinja2 (``django/forms/jinja2``),
which drew them in 0.41 s, to the same markup (tested: ``tests/test_form_rendering.py``).

The admin's widgets (``admin/widgets/…``) exist only as Django templates: a name
Jinja2 does not find is drawn by Django's engine, as before.
"""

from functools import cached_property

from django.forms.renderers import DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class FormRenderer(Jinja2):
    @cached_property
    def _django(self):
        return DjangoTemplates()

    def get_template(self, template_name):
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._django.get_template(template_name)
