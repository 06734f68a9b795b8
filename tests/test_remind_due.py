"""The nightly due-tomorrow job (明天到期, issue 14): ``manage.py remind_due`` lists each
office's open concerns due the next Beijing day where its inbox shows them in the
morning; run twice the same night it comes out the same.

By hand, the night of 1 December 2026 (the job at 00:30 on the 1st lists the 2nd):

==========  ========  ===========  ===================
concern     office    deadline     listed?
==========  ========  ===========  ===================
路灯        民政办    2 Dec        yes
低保        民政办    2 Dec        yes
调解        司法所    2 Dec        yes
水管        民政办    3 Dec        no: the day after
已办        民政办    2 Dec        no: done
隐藏        民政办    2 Dec        no: hidden
金石桥      B's       2 Dec        yes, for its office
==========  ========  ===========  ===================
"""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    move,
    office_a,
    office_a2,
    office_b,
    office_user,
    other_office_user,
)
from tests.supervision_helpers import at
from visits.models import Concern, DueDigest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def _clock(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


def _due(station, office, day, text, **extra):
    return ConcernFactory(
        station=station,
        assigned=True,
        office=office,
        raised_at=at(11, 20),
        deadline=datetime.date(2026, 12, day),
        description=text,
        **extra,
    )


@pytest.fixture
def night(station_a, station_b, office_a, office_a2, office_b, staff_a):
    rows = {
        "lamp": _due(station_a, office_a, 2, "路灯", category=Concern.Category.INFRA_POWER),
        "allowance": _due(station_a, office_a, 2, "低保"),
        "mediation": _due(station_a, office_a2, 2, "调解"),
        "pipe": _due(station_a, office_a, 3, "水管"),
        "done": _due(
            station_a,
            office_a,
            2,
            "已办",
            state=Concern.State.DONE,
            done_at=at(11, 30),
            done_on=datetime.date(2026, 11, 30),
        ),
        "hidden": _due(station_a, office_a, 2, "隐藏", hidden_at=at(11, 30), hidden_by=staff_a),
        "b": _due(station_b, office_b, 2, "金石桥"),
    }
    return rows


def _lists():
    return {
        (d.office.name, d.due_on): sorted(c.description for c in d.concerns.all())
        for d in DueDigest.objects.select_related("office")
    }


def _run(*args):
    out = io.StringIO()
    call_command("remind_due", *args, stdout=out)
    return out.getvalue()


EXPECTED = {
    ("民政办", datetime.date(2026, 12, 2)): ["低保", "路灯"],
    ("司法所", datetime.date(2026, 12, 2)): ["调解"],
    ("金石桥民政办", datetime.date(2026, 12, 2)): ["金石桥"],
}


def test_the_job_lists_each_offices_concerns_due_tomorrow(monkeypatch, night):
    # 00:30 on 1 December in Beijing is still 30 November in UTC: the day is Beijing's.
    _clock(monkeypatch, at(12, 1, 0, 30))
    out = _run()
    assert _lists() == EXPECTED
    assert "民政办: 2 due 2026-12-02" in out and "listed 4 concerns due 2026-12-02 for 3" in out


def test_running_twice_the_same_night_changes_nothing(
    monkeypatch, night, office_user, other_office_user
):
    _clock(monkeypatch, at(12, 1, 0, 30))
    _run()
    first = list(DueDigest.objects.order_by("pk").values_list("pk", "office", "due_on", "made_at"))
    _clock(monkeypatch, at(12, 1, 0, 45))
    _run()
    assert _lists() == EXPECTED
    again = list(DueDigest.objects.order_by("pk").values_list("pk", "office", "due_on", "made_at"))
    assert again == first
    # What was done in between leaves the list; an office with nothing left loses its row.
    move(night["mediation"], "done", other_office_user, result="调解成功")
    move(night["lamp"], "done", office_user, result="已修复")
    _run("--day", "2026-12-01")
    assert _lists() == {
        ("民政办", datetime.date(2026, 12, 2)): ["低保"],
        ("金石桥民政办", datetime.date(2026, 12, 2)): ["金石桥"],
    }


def test_a_dry_run_writes_nothing_and_a_bad_day_is_refused(monkeypatch, night):
    out = _run("--day", "2026-12-01", "--dry-run")
    assert "would list 4 concerns due 2026-12-02" in out
    assert not DueDigest.objects.exists()
    with pytest.raises(CommandError, match="not a date"):
        _run("--day", "2026-13-01")


def test_the_office_reads_the_list_the_next_morning(
    client, monkeypatch, night, office_user, office_a
):
    _clock(monkeypatch, at(12, 1, 0, 30))
    _run()
    url = reverse("concerns:office_concerns", args=[office_a.pk])
    client.force_login(office_user)
    _clock(monkeypatch, at(12, 1, 8, 30))
    morning = client.get(url).text
    assert "明天到期 2 件" in morning
    assert "路灯" in morning and "低保" in morning and "调解" not in morning
    assert "本站所次日到期的待办诉求，由每晚零点过后（北京时间）的定时任务列出。" in morning
    # The next day, if the job did not run, the same list is due today; after, none.
    _clock(monkeypatch, at(12, 2, 8, 30))
    assert "今天到期 2 件" in client.get(url).text
    _clock(monkeypatch, at(12, 3, 8, 30))
    assert "到期 2 件" not in client.get(url).text


def test_old_lists_are_pruned(monkeypatch, night):
    _run("--day", "2026-10-01")
    assert DueDigest.objects.count() == 0  # nothing due on 2 October
    DueDigest.objects.create(
        office=night["lamp"].office, due_on=datetime.date(2026, 10, 2), made_at=at(10, 1)
    )
    _run("--day", "2026-12-01")
    assert datetime.date(2026, 10, 2) not in {d.due_on for d in DueDigest.objects.all()}


def test_the_timer_runs_the_job_nightly_in_beijing_time():
    service = (ROOT / "deploy/systemd/gzz-remind-due.service").read_text()
    timer = (ROOT / "deploy/systemd/gzz-remind-due.timer").read_text()
    assert "manage.py remind_due" in service and "Type=oneshot" in service
    assert "OnCalendar=*-*-* 00:30:00 Asia/Shanghai" in timer and "Persistent=true" in timer
    assert "gzz-remind-due.timer" in (ROOT / "README.md").read_text()
