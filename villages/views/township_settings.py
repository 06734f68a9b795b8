"""Township settings kept by its staff: the key contacts on every card, the errand guides."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cadres.access import role_required
from cadres.models import User
from villages.models import Township, TownshipContact
from villages.township_settings import services as services
from villages.township_settings.forms import ContactFormSet, ErrandGuidesForm


def _township(request, pk):
    return get_object_or_404(Township.objects.visible_to(request.user), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.TOWNSHIP)
def township_contacts(request, pk):
    township = _township(request, pk)
    contacts = TownshipContact.objects.in_place(township=township)
    formset = ContactFormSet(request.POST or None, queryset=contacts, prefix="contacts")
    if request.method == "POST" and formset.is_valid():
        services.save_contacts(township=township, formset=formset)
        messages.success(request, _("Key contacts saved. Cards issued from now on print them."))
        return redirect("villages:township_contacts", township.pk)
    return render(
        request,
        "villages/township_settings/contacts.html",
        {"township": township, "formset": formset},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.TOWNSHIP)
def township_errands(request, pk):
    township = _township(request, pk)
    form = ErrandGuidesForm(request.POST or None, township=township)
    if request.method == "POST" and form.is_valid():
        services.save_errand_guides(township=township, texts=form.texts())
        messages.success(request, _("Errand guides saved. The stations' public pages show them."))
        return redirect("villages:township_errands", township.pk)
    return render(
        request,
        "villages/township_settings/errands.html",
        {"township": township, "form": form},
    )
