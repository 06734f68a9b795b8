from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import role_required
from cadres.feedback import forms
from cadres.feedback import services as service
from cadres.models import Feedback, User
from villages.models import Township
from villages.pagination import BadCursor, keyset_page
from villages.validators import as_id


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def feedback_new(request):
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service.submit(user=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Thank you. The township office will read it."))
        return redirect("home")
    mine = Feedback.objects.filter(author=request.user).order_by("-created_at")[:10]
    return render(
        request,
        "cadres/feedback_form.html",
        {"form": form, "mine": mine},
        status=400 if form.errors else 200,
    )


@require_safe
@role_required(User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def feedback_inbox(request):
    """The suggestions and complaints of the user's place; ``?show=unread`` keeps the unread
    ones, ``?township=<id>`` one township's (a county supervisor's list of one township)."""
    rows = Feedback.objects.visible_to(request.user).select_related("author", "township")
    township = None
    if as_id(request.GET.get("township")) is not None:
        township = get_object_or_404(
            Township.objects.visible_to(request.user), pk=as_id(request.GET["township"])
        )
        rows = rows.in_place(township=township)
    elif request.user.role == User.Role.TOWNSHIP:
        township = request.user.township
    unread = request.GET.get("show") == "unread"
    if unread:
        rows = rows.filter(read_at__isnull=True)
    try:
        page = keyset_page(
            rows, ordering=("-created_at", "-pk"), after=request.GET.get("after"), per_page=30
        )
    except BadCursor:
        raise Http404 from None
    return render(
        request,
        "cadres/feedback_inbox.html",
        {"page": page, "township": township, "unread": unread},
    )


@require_POST
@role_required(User.Role.TOWNSHIP)
def feedback_read(request, pk):
    item = get_object_or_404(Feedback.objects.visible_to(request.user), pk=pk)
    form = forms.ReplyForm(request.POST)
    if not form.is_valid():
        problems = " ".join(message for errors in form.errors.values() for message in errors)
        messages.error(request, _("The reply was not saved: %(why)s") % {"why": problems})
        return redirect("cadres:feedback_inbox")
    service.mark_read(feedback=item, reply=form.cleaned_data["reply"])
    return redirect("cadres:feedback_inbox")
