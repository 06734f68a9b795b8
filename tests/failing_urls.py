"""A URL configuration with views that fail: one while it holds a household's data (for
tests/test_error_reporting.py), one with the database driver's own error, unwrapped by
Django, from a connection the server ended (tests/test_unavailable.py)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def failing_view(request):
    household = {"head_name": request.POST["head_name"], "phone": request.GET["q"]}
    return len(household) / 0


def cursor_closed_on_a_dead_connection(request):
    """As a form's choices are read on PostgreSQL: a server-side cursor, read in chunks and
    closed at the end; the server ends the connection between the two (a crash), and
    closing the cursor raises psycopg's ``OperationalError``, which Django does not wrap."""
    import psycopg
    from django.db import connection

    with psycopg.connect(**connection.get_connection_params()) as reader:
        cursor = reader.cursor(name="choices")
        cursor.execute("SELECT generate_series(1, 10)")
        cursor.fetchmany(10)
        with connection.cursor() as other:
            other.execute("SELECT pg_terminate_backend(%s)", [reader.info.backend_pid])
        cursor.close()
    return None


urlpatterns = [
    path("fail/", failing_view),
    path("cursor-closed/", cursor_closed_on_a_dead_connection),
]
handler500 = "config.unavailable.server_error"  # as config/urls.py
