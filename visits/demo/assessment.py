"""The demo's assessment rounds (考核): the county's of this year so far, of its stations,
sponsoring units and first secretaries, published, with two of the assessor's marks and
notes, its results frozen as published; and the city's of this year, under way (not
published: its results are read from the records), so that the city supervisor finds a
round of their own. No random draws: the rest of the demo stays as it was."""

import datetime

from stations.models import AssessmentNote, AssessmentRound
from visits.assessment.frozen import freeze


def seed_assessment(*, county, stations, units, today):
    """The round of ``today``'s year; the first station marked, the first unit noted."""
    assessment = AssessmentRound.objects.create(
        county=county,
        title=f"{today.year}年度考核",
        start=datetime.date(today.year, 1, 1),
        end=datetime.date(today.year, 12, 31),
        published=True,
    )
    notes = []
    if stations:
        notes.append(
            AssessmentNote(
                round=assessment, station=stations[0], mark=85, note="台账齐全，夜访记录翔实。"
            )
        )
    if units:
        notes.append(
            AssessmentNote(round=assessment, unit=units[0], note="派驻干部驻村时间足，整改及时。")
        )
    AssessmentNote.objects.bulk_create(notes)
    # Published, so frozen as the county would have it: after every record is written.
    freeze(assessment, today=today)
    return assessment


CITY_ROUND_TITLE = "{year}年度全市考核"


def seed_city_round(*, prefecture, units, today):
    """The city's round of ``today``'s year, not published; the first of the city's own
    units (``units``) noted."""
    assessment = AssessmentRound.objects.create(
        prefecture=prefecture,
        title=CITY_ROUND_TITLE.format(year=today.year),
        start=datetime.date(today.year, 1, 1),
        end=datetime.date(today.year, 12, 31),
    )
    if units:
        AssessmentNote.objects.create(
            round=assessment, unit=units[0], note="帮扶项目落地快，派驻干部与村民联系紧密。"
        )
    return assessment
