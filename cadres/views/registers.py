"""The cadre register: list, a cadre's page, forms and exports."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from cadres import selectors
from cadres.access import READERS, WRITERS, role_required
from cadres.forms import CadreForm
from cadres.models import Cadre
from stations import selectors as station_selectors
from stations.filters import CadreRegisterFilter
from stations.friends import selectors as friend_selectors
from villages import registers
from visits import selectors as visit_selectors

# The township's register sorted by name (index cadre_township_name_idx).
ORDERING = ("name", "pk")
FORM_METHODS = ["GET", "HEAD", "POST"]


def _filter(request):
    return CadreRegisterFilter(
        request.GET, queryset=station_selectors.cadre_register(request.user), request=request
    )


@require_safe
@role_required(*READERS)
def cadre_list(request):
    return registers.render_list(
        request, "cadres/registers/cadre_list.html", filterset=_filter(request), ordering=ORDERING
    )


def cadre_export_spec(request):
    return registers.Export(
        filterset=_filter(request),
        ordering=ORDERING,
        name=gettext_lazy("cadres"),
        columns=station_selectors.cadre_columns(request.user),
    )


@require_safe
@role_required(*READERS)
def cadre_export(request, fmt):
    return registers.export(request, fmt, cadre_export_spec)


def _cadre(request, pk):
    cadres = Cadre.objects.visible_to(request.user).select_related(
        "township", "user", "sponsoring_unit"
    )
    return get_object_or_404(cadres, pk=pk)


@require_safe
@role_required(*READERS)
def cadre_detail(request, pk):
    cadre = _cadre(request, pk)
    context = selectors.cadre_page(cadre)
    context["visits"] = visit_selectors.recent_visits_of_cadre(cadre, user=request.user)
    context["friends_now"] = friend_selectors.current_count(cadre, user=request.user)
    context["can_write"] = registers.can_write(request.user)
    return render(request, "cadres/registers/cadre_detail.html", context)


def _cadre_form(request, cadre):
    form = CadreForm(registers.post_data(request), instance=cadre, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Cadre %(name)s saved.") % {"name": saved.name})
            return redirect("cadres:cadre_detail", saved.pk)
    township = cadre.township if cadre else registers.own_township(request.user)
    return render(
        request,
        "cadres/registers/cadre_form.html",
        {"form": form, "cadre": cadre, "township": township},
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def cadre_create(request):
    return _cadre_form(request, None)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def cadre_edit(request, pk):
    return _cadre_form(request, _cadre(request, pk))
