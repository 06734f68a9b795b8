"""Duty rules as a clerk writes and reads them: "5、15、25" is accepted like "5,15,25", and
the rule reads "每周二" or "每月5日、15日、25日" everywhere, never "每周固定日 2"."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from stations.models import DutyRule, WorkStation, parse_duty_days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "5、15、25",
        "5，15，25",
        "5 15 25",
        "5,15,25",
        "25、5、15",
        "５、１５、２５",
        "5日、15日、25号",
    ],
)
def test_days_of_the_month_are_read_with_chinese_punctuation(text):
    assert parse_duty_days(DutyRule.MONTH_DAYS, text) == (5, 15, 25)


@pytest.mark.parametrize("text", ["2、5", "周二、周五", "星期二 星期五", "二，五", "每周二、周五"])
def test_weekdays_are_read_in_numbers_or_words(text):
    assert parse_duty_days(DutyRule.WEEKDAYS, text) == (2, 5)


@pytest.mark.parametrize(
    ("rule", "days", "words"),
    [
        (DutyRule.WEEKDAYS, "2", "每周二"),
        (DutyRule.WEEKDAYS, "2,5", "每周二、周五"),
        (DutyRule.WEEKDAYS, "7", "每周日"),
        (DutyRule.MONTH_DAYS, "5,15,25", "每月5日、15日、25日"),
        (DutyRule.WEEKDAYS, "", "未定群众工作日"),
    ],
)
def test_a_rule_reads_in_words(rule, days, words):
    assert WorkStation(duty_rule=rule, duty_days=days).duty_rule_text() == words


def test_the_rule_reads_in_english_too():
    with translation.override("en"):
        assert (
            WorkStation(duty_rule=DutyRule.WEEKDAYS, duty_days="2,5").duty_rule_text()
            == "Every Tuesday, Friday"
        )
        assert (
            WorkStation(duty_rule=DutyRule.MONTH_DAYS, duty_days="5,15").duty_rule_text()
            == "On days 5, 15 of every month"
        )


def test_the_rule_form_takes_the_enumeration_comma(client, staff_a, station_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("stations:station_duty_rule", args=[station_a.pk]),
        {"duty_rule": "month_days", "duty_days": "5、15、25"},
        follow=True,
    )
    assert "值班规则已保存" in response.text
    assert "每月5日、15日、25日" in response.text
    station_a.refresh_from_db()
    assert station_a.duty_days == "5,15,25"


def test_the_station_pages_show_the_rule_in_words(client, staff_a, station_a):
    WorkStation.objects.filter(pk=station_a.pk).update(duty_rule="weekdays", duty_days="2")
    client.force_login(staff_a)
    for url in (
        reverse("stations:station_detail", args=[station_a.pk]),
        reverse("stations:station_list"),
    ):
        text = client.get(url).text
        assert "每周二" in text, url
        # The choice's label may stay in a filter, never beside the rule's numbers.
        assert not re.search(r"每周固定日\s*2", text), url


def test_the_station_export_gives_the_rule_in_words(client, staff_a, station_a):
    WorkStation.objects.filter(pk=station_a.pk).update(duty_rule="month_days", duty_days="5,15,25")
    client.force_login(staff_a)
    response = client.get(reverse("stations:station_export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "每月5日、15日、25日" in text
    assert "每月固定日" not in text
