"""Personal data of households (PIPL): showing a phone in full, removing a person.

Pages print phones masked (138****1234). Those who need a number press
"show", which POSTs here; the number comes back (as JSON to the page's
script, or as a small page without JavaScript) and an access-log row records
who, which household, when and from where, never the number itself.

Township staff may also remove a household's personal data (after a
confirmation): see ``visits.erasure``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cadres.access import WRITERS, role_required
from villages import access_log, privacy
from villages.models import Household
from visits.erasure import ERASED_NAME, erase_household


def phone_response(request, household):
    """Log the showing of ``household``'s phone and send it back."""
    access_log.record_reveal(request=request, obj=household, field="phone")
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"phone": household.phone})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = ""
    return render(request, "villages/privacy/phone.html", {"household": household, "back": back})


@never_cache
@require_POST
@role_required(*WRITERS)
def household_phone(request, pk):
    """Township staff, from the household register."""
    household = get_object_or_404(Household.objects.visible_to(request.user), pk=pk)
    if not privacy.may_reveal(request.user):
        raise PermissionDenied
    return phone_response(request, household)


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I understand: the person's name, phone, address and what was written about "
            "them are removed for good; the statistics stay."
        ),
        error_messages={"required": gettext_lazy("Tick the box to confirm the removal.")},
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (e.g. the household's request)"), max_length=200, required=False
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(*WRITERS)
def household_erase(request, pk):
    """Remove a household's personal data after a confirmation (township staff)."""
    household = get_object_or_404(
        Household.objects.visible_to(request.user).select_related("village__township"), pk=pk
    )
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        erase_household(
            household=household,
            by=request.user,
            request=request,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("The household's personal data has been removed."))
        return redirect("villages:household_detail", household.pk)
    return render(
        request,
        "villages/privacy/erase.html",
        {
            "household": household,
            "form": form,
            "township": household.village.township,
            # The stored placeholder is Chinese data, marked so on an English page too.
            "erased_name": format_html('<span lang="zh-hans">{}</span>', ERASED_NAME),
        },
        status=400 if form.errors else 200,
    )
