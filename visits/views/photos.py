from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from visits.models import Visit, VisitPhoto


@require_safe
@login_required
def photo(request, pk):
    """A visit photo, streamed only to users who may see the visit (never a public URL)."""
    item = get_object_or_404(
        VisitPhoto.objects.filter(visit__in=Visit.objects.visible_to(request.user)), pk=pk
    )
    try:
        handle = item.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    # Personal data: the browser may keep it, shared caches may not.
    response["Cache-Control"] = "private, max-age=86400"
    return response
