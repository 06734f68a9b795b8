from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from cadres.access import STATION_READERS, role_required
from visits.models import Visit, VisitPhoto


@require_safe
@role_required(*STATION_READERS)
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
