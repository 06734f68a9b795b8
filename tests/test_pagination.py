"""Keyset pagination walks every row once, both ways, and refuses a forged cursor."""

import datetime

import pytest
from django.utils import timezone

from tests import factories as f
from villages.pagination import BadCursor, keyset_page
from visits.models import Visit

pytestmark = pytest.mark.django_db

ORDER = ("-occurred_at", "-pk")


@pytest.fixture
def visits():
    station = f.StationFactory()
    author = f.CadreFactory()
    start = timezone.now() - datetime.timedelta(days=30)
    # Ties in time on purpose: the pk must break them.
    return [
        f.VisitFactory(
            station=station,
            author=author,
            household=None,
            occurred_at=start + datetime.timedelta(hours=i // 3),
        )
        for i in range(23)
    ]


def test_pages_forward_then_back_cover_every_row_once(visits):
    expected = list(Visit.objects.order_by(*ORDER))
    seen, pages, cursor = [], [], None
    while True:
        page = keyset_page(Visit.objects.all(), ordering=ORDER, after=cursor, per_page=5)
        pages.append(page)
        seen += page.rows
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == expected
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert pages[0].prev_cursor is None
    back = keyset_page(
        Visit.objects.all(), ordering=ORDER, before=pages[-1].prev_cursor, per_page=5
    )
    assert back.rows == pages[-2].rows


def test_a_page_runs_one_query_however_deep(visits, django_assert_num_queries):
    first = keyset_page(Visit.objects.all(), ordering=ORDER, per_page=20)
    with django_assert_num_queries(1):
        keyset_page(Visit.objects.all(), ordering=ORDER, after=first.next_cursor, per_page=20)


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "W10",
        "WyJ4Il0",
        "eyJhIjogMX0",
        "WyJ0dWVzZGF5IiwgMV0",
        "W3siZHQiOiAiMjAyNi0wMS0wMVQwMDowMDowMCswODowMCJ9LCAieCJd",
    ],
)
def test_a_forged_cursor_is_refused(visits, cursor):
    with pytest.raises(BadCursor):
        keyset_page(Visit.objects.all(), ordering=ORDER, after=cursor)
