"""The township's side of concerns: its inbox, its offices and their inboxes,
the public notice of assigned concerns (督导公示) and the review of its wording."""

import datetime

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cadres.access import role_required
from cadres.models import Office, User
from villages.models import Township
from villages.pagination import BadCursor, keyset_page
from visits.concerns import selectors as selectors
from visits.concerns.figures import concern_figures
from visits.concerns.forms import OfficeForm, PublicWordingForm

PER_PAGE = 20
NOTICE_PER_PAGE = 50


def inbox_page(request, rows, ordering, per_page=PER_PAGE):
    try:
        return keyset_page(
            rows,
            ordering=ordering,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            per_page=per_page,
        )
    except BadCursor:
        raise Http404 from None


def mark_overdue(page, today):
    for concern in page:
        concern.overdue = concern.is_overdue(today)
    return page


@require_safe
@role_required(User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def township_inbox(request, pk):
    """The township's inbox: escalated and waiting, overdue, done and waiting for feedback."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    tab = request.GET.get("tab") or "escalated"
    if tab not in selectors.TOWNSHIP_TABS:
        raise Http404
    today = timezone.localdate()
    rows, ordering, counts = selectors.township_inbox(township, tab=tab, today=today)
    figures = concern_figures(township=township, start=today.replace(day=1), end=today)
    return render(
        request,
        "visits/concerns/township_inbox.html",
        {
            "township": township,
            "tab": tab,
            "counts": counts,
            "page": mark_overdue(inbox_page(request, rows, ordering), today),
            "figures": figures,
            "today": today,
            # Township staff chase an overdue concern from the list (催办); supervisors read.
            "can_remind": request.user.is_superuser or request.user.role == User.Role.TOWNSHIP,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)
def offices(request, pk):
    """The township's offices; township staff add new ones here."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    can_edit = request.user.is_superuser or request.user.role == User.Role.TOWNSHIP
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = OfficeForm(request.POST or None, township=township) if can_edit else None
    if request.method == "POST" and form.is_valid():
        office = form.save()
        messages.success(request, _("Office %(name)s added.") % {"name": office.name})
        return redirect("concerns:township_offices", township.pk)
    return render(
        request,
        "visits/concerns/offices.html",
        {
            "township": township,
            "offices": selectors.offices_page(township, today=timezone.localdate()),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@role_required(User.Role.TOWNSHIP)
def office_edit(request, pk):
    office = get_object_or_404(
        Office.objects.visible_to(request.user).select_related("township"), pk=pk
    )
    form = OfficeForm(request.POST or None, instance=office, township=office.township)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Changes saved."))
        return redirect("concerns:township_offices", office.township_id)
    return render(
        request,
        "visits/concerns/office_form.html",
        {"form": form, "office": office, "township": office.township},
        status=400 if form.errors else 200,
    )


def _notice_township(request, pk):
    """The township whose notice is asked for, if the user may read it.

    Open notices are for everyone; a closed one needs a login whose place
    reaches the township (others get a 404, as for any other page).
    """
    township = get_object_or_404(Township, pk=pk)
    if township.public_notice_open:
        return township, None
    if not request.user.is_authenticated:
        return None, redirect_to_login(request.get_full_path())
    if not Township.objects.visible_to(request.user).filter(pk=pk).exists():
        raise Http404
    return township, None


def _notice_month(request):
    today = timezone.localdate()
    raw = request.GET.get("month") or f"{today:%Y-%m}"
    try:
        month = datetime.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    if not (2000 <= month.year <= today.year + 1):
        raise Http404
    return month


def _notice_context(township, month, rows):
    names = selectors.register_names(township)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return {
        "township": township,
        "month": month,
        "month_param": f"{month:%Y-%m}",
        "previous_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "rows": [selectors.public_row(c, names=names) for c in rows],
    }


@require_safe
def public_notice(request, pk):
    """督导公示: the month's assigned concerns and how they ended, without personal data."""
    township, login = _notice_township(request, pk)
    if login:
        return login
    month = _notice_month(request)
    rows = selectors.notice_rows(township, year=month.year, month=month.month)
    page = inbox_page(request, rows, ("assigned_at", "pk"), per_page=NOTICE_PER_PAGE)
    context = _notice_context(township, month, page)
    context["page"] = page
    context["can_switch"] = request.user.is_authenticated and (
        request.user.is_superuser
        or (request.user.role == User.Role.TOWNSHIP and request.user.township_id == township.pk)
    )
    if context["can_switch"]:
        context["awaiting_review"] = selectors.awaiting_review_count(township)
    # A closed notice is only shown to a login: it is not cached (cadres/cache_control.py).
    return render(request, "visits/concerns/public_notice.html", context)


@require_safe
def public_notice_pdf(request, pk):
    """The same notice as a printable A4 PDF."""
    from weasyprint import HTML

    township, login = _notice_township(request, pk)
    if login:
        return login
    month = _notice_month(request)
    rows = selectors.notice_rows(township, year=month.year, month=month.month).order_by(
        "assigned_at", "pk"
    )[: selectors.NOTICE_PDF_LIMIT]
    context = _notice_context(township, month, rows)
    context["printed"] = timezone.localtime()
    html = render_to_string("visits/concerns/public_notice_pdf.html", context, request=request)
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="notice-{township.pk}-{month:%Y-%m}.pdf"'
    return response


@require_POST
@role_required(User.Role.TOWNSHIP)
def public_notice_setting(request, pk):
    """Township staff open the notice to everyone, or close it again."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    township.public_notice_open = request.POST.get("open") == "1"
    township.save(update_fields=["public_notice_open"])
    if township.public_notice_open:
        messages.success(request, _("The public notice is open to everyone, without a login."))
    else:
        messages.success(request, _("The public notice needs a login again."))
    return redirect("concerns:public_notice", township.pk)


def _review_page(request, township, *, bound=None):
    context = selectors.review_page(township, today=timezone.localdate(), bound=bound)
    context["township"] = township
    return render(
        request,
        "visits/concerns/notice_review.html",
        context,
        status=400 if bound is not None else 200,
    )


@require_safe
@role_required(User.Role.TOWNSHIP)
def notice_review(request, pk):
    """Township staff confirm the public wording of each result before the notice shows it."""
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    return _review_page(request, township)


@require_POST
@role_required(User.Role.TOWNSHIP)
def notice_review_confirm(request, pk, concern):
    township = get_object_or_404(Township.objects.visible_to(request.user), pk=pk)
    concern = get_object_or_404(
        selectors.reviewable(township).select_related("household"), pk=concern
    )
    form = PublicWordingForm(request.POST, concern=concern)
    if not form.is_valid():
        return _review_page(request, township, bound=form)
    concern.approve_public_wording(wording=form.cleaned_data["wording"], by=request.user)
    messages.success(request, _("Wording approved: the public notice shows it now."))
    return redirect("concerns:notice_review", township.pk)
