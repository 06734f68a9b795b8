"""The short fault run (``make faults`` has them all): the database crashes for 10 s while
ten cadres post visits through gunicorn; every visit acknowledged is saved once, the
answers while it is down are 503 (never 500), and posts succeed within 2 s of its
return, with no restart of the app.

It owns its servers (a private PostgreSQL and gunicorn: ``tests/faults.py``), so it
runs once, in the PostgreSQL pass of the suite.
"""

import contextlib
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection

from tests import faults
from tests.private_postgres import available

pytestmark = [
    pytest.mark.skipif(not available(), reason="needs Debian's PostgreSQL binaries"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="runs once, in the PostgreSQL pass"
    ),
]


def _tracebacks(log):
    """Each traceback in the log whole (the JSON lines' ``exception``, else the raw text)."""
    found = []
    for line in log.splitlines():
        if "Traceback" not in line:
            continue
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            line = f"{entry.get('logger')}: {entry.get('message')}\n{entry.get('exception')}"
        found.append(line)
    return found


def test_a_database_crashed_for_ten_seconds_loses_and_doubles_no_visit():
    with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
        site = faults.Site(stack, Path(folder))
        result = faults.verdict(site, faults.run_fault(site, "crash", before=4, after=6))
        log = site.log.read_text()
    faults.print_table([result])
    assert result["acknowledged"] > 20, result
    assert result["lost"] == 0 and result["doubled"] == 0, result
    assert "500" not in result["answers"], result
    assert "500" not in result["opened"], result  # the form, opened during the outage
    assert result["answers"].get("503", 0) > 0, result  # the outage was seen, and said so
    assert result["back_after"] is not None and result["back_after"] < 2, result
    # One line per outage per process, not a traceback per request.
    if tracebacks := _tracebacks(log):
        pytest.fail("\n\n".join(tracebacks), pytrace=False)
    per_process = Counter(re.findall(r"database unavailable \(\w+\): .*?\(process (\d+)\)", log))
    assert per_process and set(per_process.values()) == {1}, per_process
    assert len(per_process) <= 4  # gunicorn's three workers, one perhaps replaced
