"""Writing the access log (PIPL): who saw or took out personal data, when, from where.

A row names the record and the field, never the value: the log itself must
not become a second copy of the personal data.
"""

from django.conf import settings

from villages.models import AccessLog

# Query-string keys that page through a list rather than filter it.
NOT_FILTERS = ("after", "before", "page")
FILTER_LENGTH = 200


def request_address(request):
    """The address a request came from: one rule for this log and the login throttle.

    Behind ``PROXY_COUNT`` reverse proxies the socket address is the proxy's, shared
    by everyone: take the entry the outermost trusted proxy appended to
    X-Forwarded-For. Entries further left were written by the client and could be
    forged (to dodge the throttle, or to blame someone else), so they are never trusted.
    """
    count = settings.PROXY_COUNT
    if count:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def client_address(request):
    """``request_address``, or None without a request (a command, a worker)."""
    if request is None:
        return None
    return request_address(request) or None


def _who(user):
    if user is None or not user.is_authenticated:
        return None, ""
    return user, user.get_username()


def record(*, request=None, user=None, action, obj=None, model="", field="", **extra):
    """Write one log row; ``user`` defaults to the request's."""
    if user is None and request is not None:
        user = request.user
    user, username = _who(user)
    if obj is not None:
        model = obj._meta.label_lower
    return AccessLog.objects.create(
        user=user,
        username=username,
        address=client_address(request),
        action=action,
        model=model,
        object_id=obj.pk if obj is not None else None,
        field=field,
        **extra,
    )


def record_reveal(*, request, obj, field):
    return record(request=request, action=AccessLog.Action.REVEAL, obj=obj, field=field)


def _kept(text):
    """A filter as the log keeps it: what was asked for, without NUL bytes (PostgreSQL's
    JSON refuses them) and cut to a length that says enough."""
    return text.replace("\x00", "")[:FILTER_LENGTH]


def filters_of(request):
    """The filters a request's query string carries, as the log keeps them."""
    return {
        _kept(key): [_kept(v) for v in values] if len(values) > 1 else _kept(values[0])
        for key, values in request.GET.lists()
        if key not in NOT_FILTERS and any(values)
    }


def record_export(*, request=None, user=None, what, rows, model="", filters=None):
    """An export: its file name, how many rows, and the filters it was made with.

    ``filters`` defaults to the request's; a file built in the background gives
    those of the request that asked for it.
    """
    if filters is None:
        filters = filters_of(request) if request is not None else {}
    return record(
        request=request,
        user=user,
        action=AccessLog.Action.EXPORT,
        model=model,
        what=what[:200],
        rows=rows,
        filters=filters,
    )
