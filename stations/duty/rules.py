"""A station's duty rule (群众工作日): read from what a clerk types, and said in words.

Clerks write the days as they write any list in Chinese: "5、15、25",
"5，15，25", "5 15 25" or "5,15,25"; "周二、周五" or "二" for weekdays. The rule is
stored as plain numbers ("5,15,25") and shown in words everywhere: 每周二,
每月5日、15日、25日 — never the choice's label and the numbers side by side.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from villages.wording import listing


class DutyRule(models.TextChoices):
    WEEKDAYS = "weekdays", gettext_lazy("days of the week")
    MONTH_DAYS = "month_days", gettext_lazy("days of the month")


# Any run of these separates two days: the ASCII and the full-width comma, the
# enumeration comma 、, semicolons, slashes and spaces.
SEPARATORS = re.compile(r"[\s,;/、，；]+")
# What clerks write around a day and that says nothing more: 每周二, 星期五, 礼拜三, 每月5日, 15号.
WEEKDAY_PREFIXES = ("每周", "每星期", "星期", "礼拜", "周")
MONTH_DAY_AFFIXES = ("每月", "日", "号")
CHINESE_WEEKDAYS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "七": 7}

WEEKDAY_NAMES = (
    pgettext_lazy("duty rule", "Monday"),
    pgettext_lazy("duty rule", "Tuesday"),
    pgettext_lazy("duty rule", "Wednesday"),
    pgettext_lazy("duty rule", "Thursday"),
    pgettext_lazy("duty rule", "Friday"),
    pgettext_lazy("duty rule", "Saturday"),
    pgettext_lazy("duty rule", "Sunday"),
)


def _day(part, rule):
    """One day as a number, or None when the part is not one."""
    if rule == DutyRule.WEEKDAYS:
        for prefix in WEEKDAY_PREFIXES:
            if part.startswith(prefix) and part != prefix:
                part = part.removeprefix(prefix)
                break
        if part in CHINESE_WEEKDAYS:
            return CHINESE_WEEKDAYS[part]
    else:
        part = part.removeprefix("每月").removesuffix("日").removesuffix("号")
    return int(part) if part.isascii() and part.isdigit() else None


def parse_duty_days(rule, text):
    """Turn '2', '5,15,25', '5、15、25' or '周二、周五' into a sorted tuple of ints, or raise
    ValidationError."""
    # NFKC turns full-width digits (５) into ASCII ones.
    parts = [p for p in SEPARATORS.split(unicodedata.normalize("NFKC", text or "")) if p]
    if not parts:
        return ()
    limit = 7 if rule == DutyRule.WEEKDAYS else 31
    days = sorted({_day(part, rule) or 0 for part in parts})
    if days[0] < 1 or days[-1] > limit:
        if rule == DutyRule.WEEKDAYS:
            message = _("Weekdays are numbers from 1 (Monday) to 7 (Sunday), e.g. 2 or 2,5.")
        else:
            message = _("Days of the month are numbers from 1 to 31, e.g. 5,15,25.")
        raise ValidationError({"duty_days": message}, code="invalid_duty_days")
    return tuple(days)


def rule_in_words(rule, text, *, makeup_days=False):
    """The rule as a clerk would say it: '每周二', '每周二、周五', '每月5日、15日、25日'; with
    ``makeup_days``, a weekday rule says it keeps the make-up workdays (调休) too."""
    try:
        days = parse_duty_days(rule, text)
    except ValidationError:  # a rule saved without validation: say nothing rather than fail
        days = ()
    if not days:
        return _("No fixed duty day")
    if rule == DutyRule.WEEKDAYS:
        words = _("Every %(weekdays)s") % {"weekdays": listing(WEEKDAY_NAMES[d - 1] for d in days)}
        if makeup_days:
            words = _("%(rule)s (a make-up workday counts as the weekday it replaces)") % {
                "rule": words
            }
        return words
    dates = listing(pgettext("day of the month", "%(day)s") % {"day": d} for d in days)
    return _("On days %(days)s of every month") % {"days": dates}
