"""Error reporting to Sentry, a self-hosted Sentry or GlitchTip, when SENTRY_DSN is set.

An event says where the code failed and which request it was (method, path,
request id, user id), never whose data it was handling: no cookies, IP
addresses or user names (``send_default_pii`` off), no request bodies, no
query strings (searches carry names and phones) and no local variables of the
failing frames (they hold households' rows). What is left: the exception's
type, message and stack, the path, and the log lines before it (which carry no
personal data either, config/logs.py).
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from config import logs, unavailable


def init(*, dsn, environment):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        # Errors only: no performance tracing, which would send every request.
        traces_sample_rate=0,
        before_send=without_query_strings,
    )


def without_query_strings(event, hint):
    """Drop the query string the request part would carry, and name the request.

    A request answered 503 because the database is away is not sent: the
    outage's one log line (config/unavailable.py) is.
    """
    exc_info = (hint or {}).get("exc_info")
    if exc_info and unavailable.is_database_unavailable(exc_info[1]):
        return None
    request = event.get("request") or {}
    request.pop("query_string", None)
    if "url" in request:
        request["url"] = request["url"].partition("?")[0]
    for name, value in logs.current_ids().items():
        if value is not None:
            event.setdefault("tags", {})[name] = str(value)
    return event
