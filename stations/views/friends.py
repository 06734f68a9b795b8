"""A member's farmer friends (农民朋友): their register page, adding, correcting and ending.

Township staff keep the register, county supervisors read it (``READERS``,
``WRITERS``, as for pairings); the member and the friend are looked up
through ``visible_to(user)``, so another township's are a 404.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cadres.access import READERS, WRITERS, role_required
from cadres.models import Cadre
from stations.friends import selectors
from stations.friends.forms import EndFriendForm, FarmerFriendForm
from stations.models import FarmerFriend
from villages import registers
from villages.models import Standard

FORM_METHODS = ["GET", "HEAD", "POST"]


def _cadre(request, pk):
    cadres = Cadre.objects.visible_to(request.user).select_related("township")
    return get_object_or_404(cadres, pk=pk)


def _friend(request, pk):
    friends = FarmerFriend.objects.visible_to(request.user).select_related(
        "cadre__township", "village"
    )
    return get_object_or_404(friends, pk=pk)


@require_safe
@role_required(*READERS)
def friend_list(request, cadre):
    cadre = _cadre(request, cadre)
    friends = list(selectors.friends_of(cadre, user=request.user))
    return render(
        request,
        "stations/friends/friend_list.html",
        {
            "cadre": cadre,
            "township": cadre.township,
            "friends": friends,
            "current": sum(f.is_current for f in friends),
            "standard": Standard.objects.for_county(cadre.township.county_id),
            "can_write": registers.can_write(request.user),
        },
    )


def _form(request, form, cadre, friend=None):
    if request.method == "POST" and form.is_valid():
        saved = registers.save_form(form)
        if saved is not None:
            messages.success(request, _("Farmer friend saved: %(name)s.") % {"name": saved.name})
            return redirect("stations:friend_list", cadre.pk)
    return render(
        request,
        "stations/friends/friend_form.html",
        {"form": form, "cadre": cadre, "friend": friend, "township": cadre.township},
        status=400 if form.errors else 200,
    )


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def friend_create(request, cadre):
    cadre = _cadre(request, cadre)
    form = FarmerFriendForm(registers.post_data(request), user=request.user, cadre=cadre)
    return _form(request, form, cadre)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def friend_edit(request, pk):
    friend = _friend(request, pk)
    form = FarmerFriendForm(registers.post_data(request), instance=friend, user=request.user)
    return _form(request, form, friend.cadre, friend)


@require_http_methods(FORM_METHODS)
@role_required(*WRITERS)
def friend_end(request, pk):
    friend = _friend(request, pk)
    form = EndFriendForm(registers.post_data(request), instance=friend)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, _("%(name)s is no longer counted as a friend.") % {"name": friend.name}
        )
        return redirect("stations:friend_list", friend.cadre_id)
    return render(
        request,
        "stations/friends/friend_end.html",
        {"form": form, "friend": friend, "cadre": friend.cadre, "township": friend.cadre.township},
        status=400 if form.errors else 200,
    )
