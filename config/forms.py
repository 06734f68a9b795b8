"""How form fields are drawn: Django's own widget templates through Jinja2.

Django draws every field from a template (the input, its attributes, the label, the
errors). Through Django's template engine that was most of a form page's time: the
visit form's 23 fields took some 25 of its 50 ms at city size on 2026-12-07. Django
ships the same templates for Jinja2 (``django/forms/jinja2``), which draws them in
about a third of the time, to the same markup (tested:
``tests/test_form_rendering.py``).

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
