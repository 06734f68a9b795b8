"""The annual plans' pages (issue 15): the chief writes and submits, the township approves
or sends back; members, the county and the city read; outsiders get a 404. Bad input is
refused with its message and changes nothing; the exports read back; the pages keep a
fixed number of queries whatever the number of stations and records."""

import datetime
import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from stations.models import AnnualPlan, Assignment, Measure, PlanItem, PlanState
from tests import factories as f
from tests.jobs import asked, fetch
from visits.models import Deed

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def plan(station_a):
    plan = AnnualPlan.objects.create(station=station_a, year=YEAR, notes="村部建设示范窗口")
    PlanItem.objects.create(plan=plan, measure=Measure.VISITS, target=12)
    PlanItem.objects.create(plan=plan, measure=Measure.DEEDS_ROAD, target=2, note="硬化村道 2 公里")
    PlanItem.objects.create(plan=plan, measure=Measure.MONEY_RAISED, target=Decimal("50000"))
    return plan


def _targets(**values):
    """A filled targets form: every measure's two fields, the given ones set."""
    data = {"notes": ""}
    for measure in Measure.values:
        data[f"target_{measure}"] = ""
        data[f"note_{measure}"] = ""
    data.update(values)
    return data


def _items(plan):
    return {i.measure: (i.target, i.note) for i in plan.items.all()}


# The chief's and the township's journey -------------------------------------------


def test_the_chief_starts_fills_and_submits_the_plan(client, chief_user, station_a):
    client.force_login(chief_user)
    response = client.post(reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR})
    plan = AnnualPlan.objects.get(station=station_a, year=YEAR)
    assert response.status_code == 302
    assert response.url == reverse("plans:plan_edit", args=[plan.pk])

    data = _targets(target_visits="12", target_deeds_training="4", note_deeds_training="电脑培训")
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), data)
    assert response.status_code == 302
    assert _items(plan) == {
        "visits": (Decimal("12.00"), ""),
        "deeds_training": (Decimal("4.00"), "电脑培训"),
    }

    response = client.post(reverse("plans:plan_move", args=[plan.pk, "submit"]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert plan.submitted_by == chief_user


def test_the_township_approves_or_sends_back_with_a_reason(client, staff_a, plan):
    plan.state = PlanState.SUBMITTED
    plan.save()
    client.force_login(staff_a)
    response = client.post(reverse("plans:plan_move", args=[plan.pk, "send_back"]))
    assert response.status_code == 400
    assert "请填写理由" in response.text
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED

    client.post(reverse("plans:plan_move", args=[plan.pk, "approve"]))
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED and plan.approved_by == staff_a

    client.post(reverse("plans:plan_move", args=[plan.pk, "send_back"]), {"note": "目标偏低"})
    plan.refresh_from_db()
    assert (plan.state, plan.returned_note) == (PlanState.DRAFT, "目标偏低")


def test_a_submitted_plan_cannot_be_edited(client, chief_user, plan):
    plan.state = PlanState.SUBMITTED
    plan.save()
    before = _items(plan)
    client.force_login(chief_user)
    response = client.post(
        reverse("plans:plan_edit", args=[plan.pk]), _targets(target_visits="1"), follow=True
    )
    assert (
        "不能再修改" in response.text
        or "can no longer be changed" in response.text
        or ("send it back" in response.text or "退回" in response.text)
    )
    assert _items(plan) == before


def test_a_plan_is_copied_from_last_years(client, chief_user, station_a, plan):
    plan.year = YEAR - 1
    plan.save()
    client.force_login(chief_user)
    response = client.post(
        reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR, "copy": "on"}
    )
    assert response.status_code == 302
    copy = AnnualPlan.objects.get(station=station_a, year=YEAR)
    assert _items(copy) == _items(plan)
    assert copy.state == PlanState.DRAFT and copy.notes == plan.notes


def test_nothing_to_copy_is_said(client, chief_user, station_a):
    client.force_login(chief_user)
    response = client.post(
        reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR, "copy": "on"}
    )
    assert response.status_code == 400
    assert str(YEAR - 1) in response.text
    assert not AnnualPlan.objects.exists()


# Who may do what ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["cadre_user", "chief_user", "staff_a", "supervisor"])
def test_the_stations_people_read_the_plan(client, request, who, plan):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    assert "硬化村道 2 公里" in response.text


@pytest.mark.parametrize("who", ["cadre_user", "supervisor"])
def test_a_member_and_the_county_may_not_write(client, request, who, plan, station_a):
    client.force_login(request.getfixturevalue(who))
    before = _items(plan)
    assert client.get(reverse("plans:plan_edit", args=[plan.pk])).status_code == 403
    edit = client.post(reverse("plans:plan_edit", args=[plan.pk]), _targets(target_visits="1"))
    assert edit.status_code == 403
    assert client.post(reverse("plans:plan_move", args=[plan.pk, "submit"])).status_code == 403
    new = client.post(reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR + 1})
    assert new.status_code == 403
    assert _items(plan) == before
    assert AnnualPlan.objects.count() == 1


def test_only_the_township_approves(client, chief_user, plan):
    plan.state = PlanState.SUBMITTED
    plan.save()
    client.force_login(chief_user)
    assert client.post(reverse("plans:plan_move", args=[plan.pk, "approve"])).status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED


@pytest.fixture
def chief_a2(station_a2):
    user = f.UserFactory(username="chief_a2", role="cadre")
    cadre = f.CadreFactory(township=station_a2.village.township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station_a2, role=Assignment.Role.CHIEF)
    return user


@pytest.mark.parametrize("who", ["chief_a2", "staff_b", "other_supervisor"])
def test_outsiders_get_a_404(client, request, who, plan, station_a, township_a):
    client.force_login(request.getfixturevalue(who))
    urls = [
        reverse("plans:plan_detail", args=[plan.pk]),
        reverse("plans:plan_edit", args=[plan.pk]),
        reverse("plans:plan_export", args=[plan.pk, "xlsx"]),
        reverse("plans:station_plans", args=[station_a.pk]),
    ]
    if who != "chief_a2":  # a cadre reads no township's list at all (403, tested below)
        urls.append(reverse("plans:township_plans", args=[township_a.pk]))
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("plans:plan_move", args=[plan.pk, "submit"])).status_code == 404
    new = client.post(reverse("plans:plan_new", args=[station_a.pk]), {"year": YEAR + 1})
    assert new.status_code == 404
    assert AnnualPlan.objects.count() == 1


def test_a_cadre_reads_no_township_list(client, chief_user, township_a):
    client.force_login(chief_user)
    assert client.get(reverse("plans:township_plans", args=[township_a.pk])).status_code == 403


def test_the_methods(client, staff_a, plan, station_a):
    client.force_login(staff_a)
    assert client.post(reverse("plans:plan_detail", args=[plan.pk])).status_code == 405
    assert client.get(reverse("plans:plan_move", args=[plan.pk, "submit"])).status_code == 405
    assert client.get(reverse("plans:plan_new", args=[station_a.pk])).status_code == 405
    assert client.post(reverse("plans:plan_export", args=[plan.pk, "xlsx"])).status_code == 405
    assert client.post(reverse("plans:plan_move", args=[plan.pk, "fly"])).status_code == 404
    assert client.get(reverse("plans:plan_export", args=[plan.pk, "doc"])).status_code == 404


# Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"target_visits": "-3"}, "不能为负"),
        ({"target_visits": "1000000"}, "输入错误"),
        ({"target_visits": "2.5"}, "整数"),
        ({"target_money_raised": "1e12"}, "12"),
        ({"target_visits": "NaN"}, "数"),
        ({"note_visits": "硬化\x00村道", "target_visits": "3"}, "空字符"),
        ({"note_deeds_road": "两口井"}, "目标"),
    ],
)
def test_bad_targets_are_refused_and_nothing_changes(client, chief_user, plan, values, message):
    client.force_login(chief_user)
    before = _items(plan)
    response = client.post(reverse("plans:plan_edit", args=[plan.pk]), _targets(**values))
    assert response.status_code == 400
    assert message in response.text
    assert _items(plan) == before


@pytest.mark.parametrize(
    ("year", "message"),
    [(str(YEAR), "已有"), ("1999", "2000"), ("30000", "2000"), ("二〇二六", "整数")],
)
def test_a_bad_year_is_refused(client, chief_user, station_a, plan, year, message):
    client.force_login(chief_user)
    response = client.post(reverse("plans:plan_new", args=[station_a.pk]), {"year": year})
    assert response.status_code == 400
    assert message in response.text
    assert AnnualPlan.objects.count() == 1


def test_a_plan_without_targets_is_not_submitted(client, chief_user, station_a):
    empty = AnnualPlan.objects.create(station=station_a, year=YEAR)
    client.force_login(chief_user)
    response = client.post(reverse("plans:plan_move", args=[empty.pk, "submit"]))
    assert response.status_code == 400
    empty.refresh_from_db()
    assert empty.state == PlanState.DRAFT


# Exports --------------------------------------------------------------------------


def _road(station):
    Deed.objects.create(
        station=station,
        what="硬化村道",
        category=Deed.Category.ROAD,
        done_on=timezone.localdate(),
        money_raised=Decimal("12000"),
    )


def test_the_workbook_reads_back(client, staff_a, plan, station_a):
    _road(station_a)
    client.force_login(staff_a)
    response = client.get(reverse("plans:plan_export", args=[plan.pk, "xlsx"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    progress = list(book.worksheets[1].iter_rows(values_only=True))
    assert progress[0][:4] == ("指标", "文字说明", "目标", "已完成")
    rows = {r[0]: r for r in progress[1:]}
    assert rows["办实事：道路"][1:4] == ("硬化村道 2 公里", 2, 1)
    assert rows["办实事：道路"][4] == pytest.approx(0.5)
    assert rows["争取资金（元）"][3] == 12000
    definitions = [r[0] for r in book.worksheets[2].iter_rows(values_only=True)]
    assert "按进度应完成" in definitions


def test_the_pdf_reads_back(client, staff_a, plan, station_a, tmp_path):
    _road(station_a)
    client.force_login(staff_a)
    response = client.get(reverse("plans:plan_export", args=[plan.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "plan.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert station_a.name in text
    assert "硬化村道 2 公里" in text
    assert "按进度应完成" in text


# Pages, and their queries at two sizes ---------------------------------------------


def _grow(township, stations, visits_each):
    """``stations`` more stations in the township, each with a plan and visits."""
    first = AnnualPlan.objects.count()
    for n in range(first, first + stations):
        station = f.StationFactory(village=f.VillageFactory(township=township, name=f"新村{n}"))
        plan = AnnualPlan.objects.create(station=station, year=YEAR)
        for measure in (Measure.VISITS, Measure.DEEDS, Measure.NIGHT_ACTIVITIES):
            PlanItem.objects.create(plan=plan, measure=measure, target=10)
        for _ in range(visits_each):
            f.VisitFactory(station=station, occurred_at=timezone.now() - datetime.timedelta(1))


def _budget(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_township_list_keeps_its_queries(
    client, staff_a, plan, township_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    url = reverse("plans:township_plans", args=[township_a.pk])
    _grow(township_a, 2, 1)
    small = _budget(client, url, django_assert_max_num_queries, 11)
    assert "新村2" in small.text
    _grow(township_a, 12, 3)
    large = _budget(client, url, django_assert_max_num_queries, 11)
    assert "新村14" in large.text


def test_the_plan_and_station_pages_keep_their_queries(
    client, chief_user, plan, station_a, township_a, django_assert_max_num_queries
):
    client.force_login(chief_user)
    # The plan's four figures are one query each whatever the records (plus the session,
    # the user, the station, the plan and its items); the station page adds its card.
    pages = [
        (reverse("plans:plan_detail", args=[plan.pk]), 12),
        (reverse("plans:station_plans", args=[station_a.pk]), 12),
        (reverse("plans:plan_edit", args=[plan.pk]), 7),
        (reverse("stations:station_detail", args=[station_a.pk]), 22),
    ]
    for url, limit in pages:
        _budget(client, url, django_assert_max_num_queries, limit)
    for _ in range(30):
        f.VisitFactory(station=station_a, occurred_at=timezone.now() - datetime.timedelta(1))
        _road(station_a)
    _grow(township_a, 5, 2)
    for url, limit in pages:
        _budget(client, url, django_assert_max_num_queries, limit)


def test_the_station_page_shows_the_plans_progress(client, chief_user, plan, station_a):
    client.force_login(chief_user)
    html = client.get(reverse("stations:station_detail", args=[station_a.pk])).text
    assert f"{YEAR}年度工作计划" in html
    assert reverse("plans:plan_detail", args=[plan.pk]) in html


def test_the_township_list_names_a_station_without_a_plan(
    client, staff_a, plan, station_a2, township_a
):
    client.force_login(staff_a)
    html = client.get(reverse("plans:township_plans", args=[township_a.pk])).text
    assert station_a2.name in html
    assert "未制定计划" in html
    # Two stations, station A's plan a draft.
    assert "共2个工作站：1个已制定计划，0个已审定。" in html


def test_the_township_list_names_the_items_behind(
    client, staff_a, station_a, station_a2, township_a
):
    plan = AnnualPlan.objects.create(station=station_a2, year=YEAR, state=PlanState.APPROVED)
    # 100,000 visits: even on 1 January 100,000 × 1 / 365 = 273.97 are due, and none is
    # done, so the item is behind whatever the day the test runs; a target of 0 is reached.
    PlanItem.objects.create(plan=plan, measure=Measure.VISITS, target=100_000)
    PlanItem.objects.create(plan=plan, measure=Measure.NIGHT_VISITS, target=0)
    client.force_login(staff_a)
    html = client.get(reverse("plans:township_plans", args=[township_a.pk])).text
    assert "走访 (0 / 100000)" in html
    assert "1 / 2" in html  # items on track: the night visits, of two
    assert "共2个工作站：1个已制定计划，1个已审定。" in html


# The township's workbook, built by the worker ---------------------------------------


def test_the_townships_workbook_is_built_by_the_worker_and_reads_back(
    client, staff_a, plan, station_a, station_a2, township_a
):
    _road(station_a)
    client.force_login(staff_a)
    url = reverse("plans:township_export", args=[township_a.pk, YEAR])
    assert asked(client.get(url)) is not None  # the asker is sent to the job's page
    response = fetch(client, url)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:6] == ("工作站", "状态", "指标", "文字说明", "目标", "已完成")
    by_station = {}
    for row in rows[1:]:
        by_station.setdefault(row[0], []).append(row)
    # Station A's three items, in the order of the measures; the road deed done.
    assert [r[2] for r in by_station[station_a.name]] == ["走访", "办实事：道路", "争取资金（元）"]
    assert by_station[station_a.name][1][4:6] == (2, 1)
    # Station A2 has no plan, and says so.
    assert by_station[station_a2.name] == [(station_a2.name, "未制定计划", *[None] * 7)]


def test_the_townships_workbook_is_for_its_readers_only(
    client, cadre_user, staff_b, township_a, plan
):
    url = reverse("plans:township_export", args=[township_a.pk, YEAR])
    client.force_login(cadre_user)
    assert client.get(url).status_code == 403
    client.force_login(staff_b)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 405


def test_last_years_plan_exports_its_year_end_result(client, staff_a, station_a):
    plan = AnnualPlan.objects.create(station=station_a, year=YEAR - 1, state=PlanState.APPROVED)
    PlanItem.objects.create(plan=plan, measure=Measure.DEEDS_ROAD, target=1)
    PlanItem.objects.create(plan=plan, measure=Measure.VISITS, target=0)
    Deed.objects.create(
        station=station_a,
        what="硬化村道",
        category=Deed.Category.ROAD,
        done_on=datetime.date(YEAR - 1, 12, 31),
    )
    client.force_login(staff_a)
    response = client.get(reverse("plans:plan_export", args=[plan.pk, "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[1] == "年度完成情况"
    rows = {r[0]: r for r in book.worksheets[1].iter_rows(values_only=True)}
    # The whole year is counted: the road of 31 December meets its target of 1, and
    # the expected figure is the whole target.
    assert rows["办实事：道路"][3:] == (1, 1, 1, "完成")
    assert rows["走访"][3:] == (0, None, 0, "完成")
    html = client.get(reverse("plans:plan_detail", args=[plan.pk])).text
    assert f"{YEAR - 1}年度完成情况" in html
