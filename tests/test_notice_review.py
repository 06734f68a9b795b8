"""The township confirms the public wording of each result before the notice shows it."""

# Fixtures come from tests.concern_helpers by import; their use as arguments redefines them.
# ruff: noqa: F811

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.concern_helpers import (  # noqa: F401 (fixtures)
    ConcernFactory,
    assign_data,
    concern_in,
    household_a,
    move,
    office_a,
    office_user,
)
from visits.models import Concern

pytestmark = pytest.mark.django_db

S = Concern.State
RESULT = "已为张秋菊办理低保，回访电话13907391234"


@pytest.fixture
def done(station_a, cadre_user, staff_a, office_a, office_user, household_a, township_a):
    """A concern done this month with a careless result, on an open notice."""
    township_a.public_notice_open = True
    township_a.save()
    concern = concern_in(
        S.ASSIGNED,
        station=station_a,
        cadre=cadre_user,
        staff=staff_a,
        office=office_a,
        office_user=office_user,
        household=household_a,
    )
    return move(concern, "done", office_user, result=RESULT)


def _review_url(township):
    return reverse("concerns:notice_review", args=[township.pk])


def _confirm_url(concern):
    return reverse("concerns:notice_review_confirm", args=[concern.township_id, concern.pk])


def _post(client, concern, wording):
    prefix = f"c{concern.pk}"
    return client.post(
        _confirm_url(concern), {f"{prefix}-wording": wording, f"{prefix}-version": concern.version}
    )


def _notice(client, township):
    return client.get(reverse("concerns:public_notice", args=[township.pk])).text


def _pdf_text(client, township, tmp_path):
    response = client.get(reverse("concerns:public_notice_pdf", args=[township.pk]))
    path = tmp_path / "notice.pdf"
    path.write_bytes(response.content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_an_unreviewed_result_is_listed_but_not_published(client, done, township_a, tmp_path):
    page = _notice(client, township_a)
    assert "低保救助" in page and "待乡镇审核" in page
    assert "办理低保" not in page
    pdf = _pdf_text(client, township_a, tmp_path)
    assert "低保救助" in pdf and "待乡镇审核" in pdf
    assert "办理低保" not in pdf


def test_staff_see_the_masked_suggestion_and_confirm_a_wording(
    client, done, township_a, staff_a, tmp_path
):
    client.force_login(staff_a)
    page = client.get(_review_url(township_a))
    assert page.status_code == 200
    form = page.context["awaiting"][0].review_form
    assert form.initial["wording"] == "已为**办理低保，回访电话***"
    assert "待审核" in page.text

    response = _post(client, done, "已为该户办理低保")
    assert response.status_code == 302 and response.url == _review_url(township_a)
    concern = Concern.objects.get(pk=done.pk)
    assert concern.public_result == "已为该户办理低保"
    assert concern.public_reviewed_by == staff_a and concern.public_reviewed_at
    assert "已审核批准" in client.get(response.url).text  # the success message
    assert client.get(_review_url(township_a)).context["awaiting_count"] == 0

    client.logout()
    assert "已为该户办理低保" in _notice(client, township_a)
    assert "已为该户办理低保" in _pdf_text(client, township_a, tmp_path)


def test_the_notice_links_staff_to_the_review_with_the_count(client, done, township_a, staff_a):
    client.force_login(staff_a)
    page = _notice(client, township_a)
    assert _review_url(township_a) in page and "1 条结果待审核" in page
    assert _review_url(township_a) not in _notice(client.logout() or client, township_a)


def test_the_approved_wording_is_masked_again_on_the_notice(client, done, township_a, staff_a):
    client.force_login(staff_a)
    _post(client, done, RESULT)  # approved unchanged, careless as it is
    client.logout()
    page = _notice(client, township_a)
    assert "办理低保" in page
    assert "张秋菊" not in page and "13907391234" not in page


@pytest.mark.parametrize(
    ("wording", "message"),
    [
        ("   ", "请填写公示的表述"),
        ("字" * 2001, "2000"),
        ("已办结\x00", "无法保存"),
    ],
)
def test_a_bad_wording_is_refused_with_a_message(client, done, staff_a, wording, message):
    client.force_login(staff_a)
    response = _post(client, done, wording)
    assert response.status_code == 400
    assert message in response.text
    concern = Concern.objects.get(pk=done.pk)
    assert concern.public_reviewed_at is None and concern.public_result == ""


def test_a_stale_page_is_refused(client, done, staff_a, office_user):
    client.force_login(staff_a)
    prefix = f"c{done.pk}"
    response = client.post(
        _confirm_url(done), {f"{prefix}-wording": "已办结", f"{prefix}-version": done.version - 1}
    )
    assert response.status_code == 400 and "新的结果" in response.text
    assert Concern.objects.get(pk=done.pk).public_reviewed_at is None


def test_a_new_result_after_reopening_needs_review_again(
    client, done, township_a, staff_a, cadre_user, office_user
):
    client.force_login(staff_a)
    _post(client, done, "已为该户办理低保")
    today = timezone.localdate()
    concern = move(Concern.objects.get(pk=done.pk), "feedback", cadre_user, how="phone", on=today)
    concern = move(concern, "reopen", staff_a, note="低保金未到账")
    assert "已为该户办理低保" not in _notice(client, township_a)
    concern = move(concern, "assign", staff_a, **assign_data(concern.office))
    concern = move(concern, "done", office_user, result="补发低保金")
    assert concern.public_reviewed_at is None
    page = _notice(client, township_a)
    assert "已为该户办理低保" not in page and "补发低保金" not in page
    assert [c.pk for c in client.get(_review_url(township_a)).context["awaiting"]] == [done.pk]


def test_only_the_townships_own_staff_review(
    client, done, township_a, staff_b, supervisor, cadre_user, office_user
):
    review = _review_url(township_a)
    response = client.get(review)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert _post(client, done, "已办结").status_code == 302  # to the login page
    client.force_login(staff_b)
    assert client.get(review).status_code == 404
    assert _post(client, done, "已办结").status_code == 404
    for user in (cadre_user, supervisor, office_user):
        client.force_login(user)
        assert client.get(review).status_code == 403
        assert _post(client, done, "已办结").status_code == 403
    assert Concern.objects.get(pk=done.pk).public_reviewed_at is None


def test_the_confirm_route_takes_post_only(client, done, staff_a):
    client.force_login(staff_a)
    assert client.get(_confirm_url(done)).status_code == 405


def test_a_concern_not_done_or_of_another_township_is_not_found(
    client, township_a, station_a, station_b, staff_a
):
    client.force_login(staff_a)
    elsewhere = ConcernFactory(station=station_b, assigned=True, result="已办结")
    url = reverse("concerns:notice_review_confirm", args=[township_a.pk, elsewhere.pk])
    assert client.post(url, {}).status_code == 404
    open_one = ConcernFactory(station=station_a, assigned=True)
    assert _post(client, open_one, "已办结").status_code == 404


def test_the_review_page_costs_the_same_queries_at_any_size(
    client, township_a, station_a, office_a, staff_a, django_assert_max_num_queries
):
    client.force_login(staff_a)
    now = timezone.now()
    for size in (2, 30):
        for i in range(size):
            ConcernFactory(
                station=station_a,
                assigned=True,
                office=office_a,
                state=S.DONE,
                done_at=now,
                done_on=timezone.localdate(now),
                result=f"已办结{i}",
                public_reviewed_at=now if i % 2 else None,
            )
        # Session, user, township, the township menu's check, the register's names,
        # the two lists, the count.
        with django_assert_max_num_queries(8):
            assert client.get(_review_url(township_a)).status_code == 200
