from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from cadres.models import User
from stations.models import Assignment


@require_safe
@login_required
def home(request):
    """Send each role to its start page."""
    user = request.user
    if user.is_superuser:
        return redirect("admin:index")
    if user.role == User.Role.PREFECTURE and user.prefecture_id:
        return redirect("supervision:prefecture_overview", user.prefecture_id)
    if user.role == User.Role.COUNTY and user.county_id:
        return redirect("supervision:county_overview", user.county_id)
    if user.role == User.Role.TOWNSHIP and user.township_id:
        return redirect("supervision:township_overview", user.township_id)
    if user.role == User.Role.OFFICE and user.office_id:
        return redirect("concerns:office_concerns", user.office_id)
    serving = hasattr(user, "cadre") and Assignment.objects.current().filter(cadre=user.cadre)
    if user.role == User.Role.CADRE and serving and serving.exists():
        return redirect("visits:today")
    return render(request, "cadres/no_place.html", status=200)
