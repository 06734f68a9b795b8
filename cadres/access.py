"""Who may open which page: the role half of access (the place half is scoping)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from cadres.models import User

# Who reads a station's own records (visits, photos, meetings, deeds, its page):
# its cadres, their township, county and city. Office staff handle the concerns
# assigned to them and get a 403 here.
STATION_READERS = (User.Role.CADRE, User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)

# The registers (villages, households, cadres, stations, assignments, pairings):
# township staff keep them, county and city supervisors read and export them.
READERS = (User.Role.TOWNSHIP, User.Role.COUNTY, User.Role.PREFECTURE)

# A whole county's pages (its overview, supervision, report): its supervisor, and
# the supervisor of its city, who opens each county of the city as the county's
# own supervisor does, reading only (what a county keeps, such as its standards
# and calendar, is the county supervisor's to change: ``COUNTY_KEEPERS``).
SUPERVISORS = (User.Role.COUNTY, User.Role.PREFECTURE)
COUNTY_KEEPERS = (User.Role.COUNTY,)

# The city's own pages (its start page, supervision, report).
CITY_SUPERVISORS = (User.Role.PREFECTURE,)
WRITERS = (User.Role.TOWNSHIP,)


def role_required(*roles):
    """Let in logged-in users whose role is one of ``roles`` (and superusers); 403 otherwise."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not (user.is_superuser or user.role in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def cadre_required(view):
    """Pages a cadre uses for their own work: the login must be linked to a Cadre.

    The view receives that cadre as ``request.cadre``.
    """

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        cadre = getattr(user, "cadre", None) if user.role == User.Role.CADRE else None
        if cadre is None:
            raise PermissionDenied
        request.cadre = cadre
        return view(request, *args, **kwargs)

    return wrapped
