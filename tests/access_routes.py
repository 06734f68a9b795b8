"""Every named route, who may use it and how to reach an object of each place.

``tests/test_access.py`` walks the URL configuration and attacks each route
listed here; a route missing from ``ROUTES`` fails that test by name, so a
new page cannot go unattacked.

Places: **A** is township A of the county, with station A where our cadre
serves; **B** is township B of the same county, with station B. For pages
whose object is a county, B's "county" is another county: township B lies in
A's county (so that a supervisor sees both townships), but a county page needs
a county the supervisor does not hold. A's county lies in A's city (邵阳市);
B's other county in another city (衡阳市), whose supervisor is A's outsider.
"""

import datetime
import io
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cadres.models import Feedback, SponsoringUnit, User
from stations.models import AnnualPlan, AssessmentRound, Assignment, Measure, PlanItem
from tests import factories as f
from tests.concern_helpers import ConcernFactory, OfficeFactory
from tests.jobs import built_file_for
from villages.models import CalendarDay
from visits import hiding
from visits.models import Concern, Deed, Meeting, VisitPhoto, VoteRound
from visits.spotchecks import services as spotchecks

COUNTY, TOWNSHIP, CADRE, OFFICE = "county", "township", "cadre", "office"
CITY = "prefecture"
ROLES = (COUNTY, TOWNSHIP, CADRE, OFFICE, CITY)
READERS = (COUNTY, TOWNSHIP, CITY)
WRITERS = (TOWNSHIP,)
STATION_PEOPLE = (CADRE, TOWNSHIP, COUNTY, CITY)  # who reads a station's own work
# A whole county's pages: its supervisor's, and its city's supervisor's (reading).
SUPERVISORS = (COUNTY, CITY)

PAGE, FORM, ACTION = "page", "form", "action"

# Routes left out on purpose, with the reason.
SKIPPED = {
    "set_language": "Django's language switch: anyone may set the language cookie; it reads "
    "no data (and, like every POST, goes through the CSRF middleware)",
}
SKIPPED_NAMESPACES = {
    "admin": "the admin is tested on its own (tests/test_admin.py), staff accounts only",
}


@dataclass(frozen=True)
class Route:
    """How to attack one route.

    ``kind``: PAGE is read by GET; FORM shows a form by GET and changes state
    by POST; ACTION changes state and takes POST only. ``roles`` may use the
    route (``writers`` may POST to a FORM, if fewer). ``own`` and ``other``
    give the URL kwargs for an object of place A and of place B (``other`` is
    None when the route takes no object); a "?" key holds the query string.
    ``ok``: the status the right user gets (GET for pages and forms, POST for
    actions). ``public``: anyone may use it without a login.
    """

    kind: str
    roles: tuple
    own: object = None
    other: object = None
    ok: int = None
    writers: tuple = None
    public: bool = False
    county_level: bool = False
    # Owned by a county, not a township (a sponsoring unit): township B's staff, in A's
    # county, see it; the township outsider is then staff of another county.
    county_owned: bool = False
    setup: object = None  # (client, headers) -> kwargs: objects that live in a session

    @property
    def changes_state(self):
        return self.kind in (FORM, ACTION)

    @property
    def expected(self):
        if self.ok is not None:
            return self.ok
        return 302 if self.kind == ACTION else 200

    @property
    def posters(self):
        return self.writers if self.writers is not None else self.roles


def url(name, kwargs):
    kwargs = dict(kwargs or {})
    query = kwargs.pop("?", None)
    path = reverse(name, kwargs=kwargs)
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return path


def pk(attr):
    """kwargs {"pk": place.<attr>.pk}."""
    return lambda p: {"pk": getattr(p, attr).pk}


def month_of(attr):
    today = timezone.localdate()
    return lambda p: {"pk": getattr(p, attr).pk, "year": today.year, "month": today.month}


def upload_households(client, headers):
    """Upload a small households file as the logged-in clerk; the token names it."""
    csv = "户主姓名,村\n张三,高石村\n".encode()
    response = client.post(
        reverse("villages:import_upload", kwargs={"kind": "households"}),
        {"file": ContentFile(csv, name="households.csv")},
        headers=headers,
    )
    assert response.status_code == 302, response.status_code
    return {"kind": "households", "token": response.url.rstrip("/").split("/")[-1]}


def stranger_upload(_p):
    # Another user's upload: its token is not in this session.
    return {"kind": "households", "token": uuid.uuid4()}


def ask_for_a_file(client, headers):
    """A file built for the logged-in user (any role may hold one): its request's id."""
    user_id = client.session["_auth_user_id"]
    return {"pk": built_file_for(User.objects.get(pk=user_id)).pk}


def stranger_job(_p):
    # Another user's request: its id is not this user's.
    return {"pk": uuid.uuid4()}


def _calendar_day():
    """A day of the seeded holiday schedule (National Day 2026), made again where a
    live-server test emptied the tables (the data migration's rows go with them)."""
    day, _new = CalendarDay.objects.get_or_create(
        date=datetime.date(2026, 10, 1),
        defaults={
            "kind": CalendarDay.Kind.HOLIDAY,
            "festival": CalendarDay.Festival.NATIONAL_DAY,
        },
    )
    return day.pk


def _r(kind, roles, own=None, other=None, **extra):
    return Route(kind, tuple(roles), own, other, **extra)


def _on(kind, roles, kwargs, **extra):
    """A route whose object at place A and at place B is found the same way."""
    return _r(kind, roles, kwargs, kwargs, **extra)


def _object(kind, roles, attr, **extra):
    return _on(kind, roles, pk(attr), **extra)


def _import(kind, **extra):
    return _r(kind, WRITERS, stranger_upload, stranger_upload, setup=upload_households, **extra)


FMT = {"fmt": "xlsx"}


def _export(roles, attr, **extra):
    def kwargs(p):
        return {"pk": getattr(p, attr).pk, **FMT}

    return _on(PAGE, roles, kwargs, **extra)


ROUTES = {
    # Start, login, logout, password, feedback.
    "home": _r(PAGE, ROLES, ok=302),
    "login": _r(FORM, ROLES, public=True),
    "logout": _r(ACTION, ROLES, public=True),
    "password_change": _r(FORM, ROLES),
    "password_change_done": _r(PAGE, ROLES),
    "healthz": _r(PAGE, ROLES, public=True),
    "service_worker": _r(PAGE, ROLES, public=True),
    "manifest": _r(PAGE, ROLES, public=True),
    "cadres:feedback_new": _r(FORM, ROLES),
    "cadres:feedback_inbox": _r(PAGE, READERS),
    "cadres:feedback_read": _object(ACTION, WRITERS, "feedback"),
    # Overviews.
    "supervision:prefecture_overview": _object(PAGE, (CITY,), "prefecture", county_level=True),
    "supervision:county_overview": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "supervision:township_overview": _object(PAGE, READERS, "township"),
    # Registers.
    # The working calendar: national, not a place's; the county keeps it.
    "villages:calendar": _r(PAGE, READERS),
    "villages:calendar_year": _r(PAGE, READERS, lambda p: {"year": 2026}),
    "villages:calendar_add": _r(ACTION, (COUNTY,), lambda p: {"year": 2027}, ok=400),
    "villages:calendar_edit": _r(FORM, (COUNTY,), lambda p: {"pk": _calendar_day()}),
    "villages:calendar_delete": _r(ACTION, (COUNTY,), lambda p: {"pk": _calendar_day()}),
    "villages:village_list": _r(PAGE, READERS),
    "villages:village_create": _r(FORM, WRITERS),
    "villages:village_export": _r(PAGE, READERS, lambda p: FMT),
    "villages:village_detail": _object(PAGE, READERS, "village"),
    "villages:village_edit": _object(FORM, WRITERS, "village"),
    "villages:household_list": _r(PAGE, READERS),
    "villages:household_create": _r(FORM, WRITERS),
    "villages:household_export": _r(PAGE, READERS, lambda p: FMT),
    "villages:household_detail": _object(PAGE, READERS, "household"),
    "villages:household_edit": _object(FORM, WRITERS, "household"),
    "villages:household_phone": _object(ACTION, WRITERS, "household", ok=200),
    "villages:household_erase": _object(FORM, WRITERS, "household"),
    "cadres:cadre_list": _r(PAGE, READERS),
    "cadres:cadre_create": _r(FORM, WRITERS),
    "cadres:cadre_export": _r(PAGE, READERS, lambda p: FMT),
    "cadres:cadre_detail": _object(PAGE, READERS, "cadre"),
    "cadres:cadre_edit": _object(FORM, WRITERS, "cadre"),
    "stations:station_list": _r(PAGE, READERS),
    "stations:station_create": _r(FORM, WRITERS),
    "stations:station_export": _r(PAGE, READERS, lambda p: FMT),
    "stations:station_edit": _object(FORM, WRITERS, "station"),
    "stations:assignment_list": _r(PAGE, READERS),
    "stations:assignment_create": _r(FORM, WRITERS),
    "stations:assignment_export": _r(PAGE, READERS, lambda p: FMT),
    "stations:assignment_edit": _object(FORM, WRITERS, "assignment"),
    "stations:pairing_list": _r(PAGE, READERS),
    "stations:pairing_create": _on(FORM, WRITERS, lambda p: {"household": p.household.pk}),
    "stations:pairing_export": _r(PAGE, READERS, lambda p: FMT),
    "stations:pairing_edit": _object(FORM, WRITERS, "pairing"),
    "stations:friend_list": _on(PAGE, READERS, lambda p: {"cadre": p.cadre.pk}),
    "stations:friend_create": _on(FORM, WRITERS, lambda p: {"cadre": p.cadre.pk}),
    "stations:friend_edit": _object(FORM, WRITERS, "friend"),
    "stations:friend_end": _object(FORM, WRITERS, "friend"),
    # Imports: the waiting upload lives in the clerk's session.
    "villages:import_index": _r(PAGE, WRITERS),
    "villages:import_upload": _r(FORM, WRITERS, lambda p: {"kind": "households"}),
    "villages:import_template": _r(PAGE, WRITERS, lambda p: {"kind": "households"}),
    "villages:import_preview": _import(PAGE),
    "villages:import_confirm": _import(ACTION),
    "villages:import_cancel": _import(ACTION),
    "villages:import_problems": _import(PAGE),
    # Township settings, offices, concerns' township side, the public notice.
    "villages:township_contacts": _object(FORM, WRITERS, "township"),
    "villages:township_errands": _object(FORM, WRITERS, "township"),
    "concerns:township_concerns": _object(PAGE, READERS, "township"),
    "concerns:township_offices": _object(FORM, READERS, "township", writers=WRITERS),
    "concerns:office_concerns": _object(PAGE, (OFFICE, TOWNSHIP, COUNTY, CITY), "office"),
    "concerns:office_edit": _object(FORM, WRITERS, "office"),
    # Posted empty: the inbox comes back with its message (400), nothing acknowledged.
    "concerns:office_acknowledge": _object(ACTION, (OFFICE,), "office", ok=400),
    # Place A's notice is open to everyone; B's closed one: see test_access.
    "concerns:public_notice": _r(PAGE, ROLES, pk("township"), public=True),
    "concerns:public_notice_pdf": _r(PAGE, ROLES, pk("township"), public=True),
    "concerns:public_notice_setting": _object(ACTION, WRITERS, "township"),
    "concerns:notice_review": _object(PAGE, WRITERS, "township"),
    # Posted empty: the page comes back with the message (400), nothing saved.
    "concerns:notice_review_confirm": _on(
        ACTION, WRITERS, lambda p: {"pk": p.township.pk, "concern": p.done_concern.pk}, ok=400
    ),
    # Supervision.
    "supervision:supervision_prefecture": _object(PAGE, (CITY,), "prefecture", county_level=True),
    "supervision:supervision_county": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "supervision:supervision_county_shortfalls": _object(
        PAGE, SUPERVISORS, "county", county_level=True
    ),
    "supervision:supervision_standard": _object(
        FORM, SUPERVISORS, "county", county_level=True, writers=(COUNTY,)
    ),
    "supervision:supervision_township": _object(PAGE, READERS, "township"),
    "supervision:supervision_township_shortfalls": _object(PAGE, READERS, "township"),
    "supervision:supervision_township_coverage": _object(PAGE, READERS, "township"),
    "supervision:supervision_county_coverage": _object(
        PAGE, SUPERVISORS, "county", county_level=True
    ),
    "supervision:supervision_station": _object(PAGE, READERS, "station"),
    "supervision:supervision_member": _object(PAGE, READERS, "cadre"),
    "supervision:supervision_county_export": _export(SUPERVISORS, "county", county_level=True),
    "supervision:supervision_county_shortfalls_export": _export(
        SUPERVISORS, "county", county_level=True
    ),
    "supervision:supervision_township_export": _export(READERS, "township"),
    "supervision:supervision_township_shortfalls_export": _export(READERS, "township"),
    "supervision:supervision_station_export": _export(READERS, "station"),
    # The monthly report. The workbooks are built by the worker: the asker is sent to the
    # job's page.
    "supervision:report_prefecture": _export((CITY,), "prefecture", county_level=True, ok=302),
    # The workbook is built by the worker: the asker is sent to the job's page.
    "supervision:report_county": _export(SUPERVISORS, "county", county_level=True, ok=302),
    "supervision:report_township": _export(READERS, "township", ok=302),
    # A job's page and file are its asker's only: another's is a 404.
    "villages:job_status": _r(PAGE, ROLES, stranger_job, stranger_job, setup=ask_for_a_file),
    "villages:job_file": _r(PAGE, ROLES, stranger_job, stranger_job, setup=ask_for_a_file),
    # Spot checks, ratings, votes.
    "spotchecks:spot_check_list": _r(PAGE, READERS),
    "spotchecks:spot_check_draw": _r(FORM, WRITERS),
    "spotchecks:spot_check_summary": _r(PAGE, READERS),
    "spotchecks:spot_check_detail": _object(PAGE, READERS, "spot_check"),
    "spotchecks:spot_check_answer": _on(
        FORM, WRITERS, lambda p: {"pk": p.spot_check.pk, "answer_pk": p.answer.pk}
    ),
    "spotchecks:cadre_spot_checks": _object(PAGE, READERS, "cadre"),
    "spotchecks:rating_list": _r(PAGE, READERS),
    "spotchecks:rating_new": _r(FORM, WRITERS),
    "spotchecks:vote_round_list": _r(PAGE, READERS),
    "spotchecks:vote_round_new": _r(FORM, WRITERS),
    "spotchecks:vote_round_detail": _object(PAGE, READERS, "vote_round"),
    # Stations, cards, duty days, rotation.
    "stations:station_detail": _object(PAGE, STATION_PEOPLE, "station"),
    "stations:station_public": _r(
        PAGE, ROLES, lambda p: {"key": p.station.public_key}, public=True
    ),
    # The address printed on cards before the random keys: 410 with the duty phone only.
    "stations:station_public_retired": _r(PAGE, ROLES, pk("station"), ok=410, public=True),
    "stations:station_cards": _object(PAGE, READERS, "station"),
    "stations:station_cards_issue": _object(ACTION, WRITERS, "station"),
    "stations:card_township": _object(PAGE, READERS, "township"),
    "stations:card_stale": _object(PAGE, READERS, "township"),
    "stations:card_reissue_stale": _object(ACTION, WRITERS, "township"),
    "stations:card_county": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "stations:card_issue": _object(ACTION, WRITERS, "household"),
    "stations:card_reissue": _object(ACTION, WRITERS, "card"),
    "stations:card_print": _on(PAGE, READERS, lambda p: {"?": {"station": p.station.pk}}),
    "stations:card_print_pdf": _on(PAGE, READERS, lambda p: {"?": {"card": p.card.pk}}, ok=302),
    "stations:station_duty": _object(PAGE, READERS, "station"),
    "stations:station_duty_month": _on(PAGE, READERS, month_of("station")),
    "stations:station_duty_generate": _on(ACTION, WRITERS, month_of("station")),
    "stations:station_duty_rule": _object(FORM, WRITERS, "station"),
    "stations:station_receptions": _object(PAGE, READERS, "station"),
    "stations:station_receptions_month": _on(PAGE, READERS, month_of("station")),
    "stations:duty_detail": _object(PAGE, READERS, "duty"),
    "stations:duty_mark": _object(ACTION, WRITERS, "duty", ok=200),
    "stations:duty_swap": _object(ACTION, WRITERS, "duty", ok=200),
    "stations:duty_calendar": _object(PAGE, READERS, "township"),
    "stations:duty_calendar_month": _on(PAGE, READERS, month_of("township")),
    "stations:duty_calendar_generate": _on(ACTION, WRITERS, month_of("township")),
    "stations:rotation_station": _object(PAGE, WRITERS, "station"),
    "stations:rotation_new": _object(FORM, WRITERS, "assignment"),
    # The cadre's phone: visits, receptions, photos.
    "visits:today": _r(PAGE, (CADRE,)),
    "visits:visit_new": _r(FORM, (CADRE,)),
    "visits:reception_new": _r(FORM, (CADRE,)),
    "visits:my_history": _r(PAGE, (CADRE,)),
    "visits:visit_detail": _object(PAGE, STATION_PEOPLE, "visit"),
    "visits:visit_edit": _object(FORM, (CADRE,), "visit"),
    "visits:follow_up_close": _object(ACTION, (CADRE,), "visit"),
    # Hiding (no hard delete): the author while they may correct it, township staff.
    "visits:visit_hide": _object(ACTION, (CADRE, TOWNSHIP), "visit"),
    "visits:visit_restore": _object(ACTION, WRITERS, "hidden_visit"),
    "visits:concern_hide": _object(ACTION, WRITERS, "concern"),
    "visits:concern_restore": _object(ACTION, WRITERS, "hidden_concern"),
    "concerns:township_hidden": _object(PAGE, WRITERS, "township"),
    "visits:visit_photo": _object(PAGE, STATION_PEOPLE, "photo"),
    "visits:household_search": _r(PAGE, (CADRE,)),
    # Concerns. Mediation is a move of the station, the township and the assigned office.
    "visits:concern_from_visit": _object(FORM, (CADRE, TOWNSHIP), "visit"),
    "visits:concern_list": _r(PAGE, ROLES),
    "visits:concern_new": _r(FORM, WRITERS),
    "visits:concern_detail": _object(PAGE, ROLES, "concern"),
    "visits:concern_phone": _object(ACTION, (CADRE, TOWNSHIP, OFFICE), "concern", ok=200),
    # An empty mediation form: refused with its message (400).
    "visits:concern_move": _on(
        ACTION,
        (CADRE, TOWNSHIP, OFFICE),
        lambda p: {"pk": p.concern.pk, "move": "mediation"},
        ok=400,
    ),
    # Monthly materials and their approval.
    "materials:station_month": _object(PAGE, STATION_PEOPLE, "station"),
    "materials:station_month_of": _on(PAGE, STATION_PEOPLE, month_of("station")),
    # "review" of this month, still open: the township is told it waits for nothing (302);
    # a cadre and the county may not review (403).
    "materials:station_move": _on(
        ACTION, WRITERS, lambda p: {**month_of("station")(p), "move": "review"}
    ),
    "materials:township_months": _object(PAGE, READERS, "township"),
    "materials:township_months_of": _on(PAGE, READERS, month_of("township")),
    "materials:county_months": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "materials:county_months_of": _on(PAGE, SUPERVISORS, month_of("county"), county_level=True),
    "materials:county_notice": _on(PAGE, SUPERVISORS, month_of("county"), county_level=True),
    "materials:county_notice_pdf": _on(PAGE, SUPERVISORS, month_of("county"), county_level=True),
    "materials:county_standard": _object(FORM, (COUNTY,), "county", county_level=True),
    # Meetings and practical deeds.
    "visits:station_work": _object(PAGE, STATION_PEOPLE, "station"),
    "visits:meeting_new": _object(FORM, (CADRE, TOWNSHIP), "station"),
    "visits:deed_new": _object(FORM, (CADRE, TOWNSHIP), "station"),
    "visits:meeting_list": _r(PAGE, READERS),
    "visits:meeting_detail": _object(PAGE, STATION_PEOPLE, "meeting"),
    "visits:deed_list": _r(PAGE, READERS),
    "visits:deed_detail": _object(PAGE, STATION_PEOPLE, "deed"),
    # Annual work plans: the station's people read them; the township writes (and the
    # station's chief: our cadre is a member, so a 403); the county and city read.
    "plans:station_plans": _object(PAGE, STATION_PEOPLE, "station"),
    # Posted empty: the year is missing, the form comes back with its message (400).
    "plans:plan_new": _object(ACTION, WRITERS, "station", ok=400),
    "plans:plan_detail": _object(PAGE, STATION_PEOPLE, "plan"),
    "plans:plan_edit": _object(FORM, WRITERS, "plan"),
    "plans:plan_export": _on(PAGE, STATION_PEOPLE, lambda p: {"pk": p.plan.pk, "fmt": "xlsx"}),
    "plans:plan_move": _on(ACTION, WRITERS, lambda p: {"pk": p.plan.pk, "move": "submit"}),
    "plans:county_plans": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "plans:county_plans_of": _on(
        PAGE,
        SUPERVISORS,
        lambda p: {"pk": p.county.pk, "year": timezone.localdate().year},
        county_level=True,
    ),
    "plans:township_plans": _object(PAGE, READERS, "township"),
    "plans:township_plans_of": _on(
        PAGE, READERS, lambda p: {"pk": p.township.pk, "year": timezone.localdate().year}
    ),
    # Sends the reader to the job building the workbook (302).
    "plans:township_export": _on(
        PAGE, READERS, lambda p: {"pk": p.township.pk, "year": timezone.localdate().year}, ok=302
    ),
    # Sponsoring units: the county's register, its keepers' forms, the rankings.
    "stations:unit_list": _r(PAGE, READERS),
    "stations:unit_export": _r(PAGE, READERS, lambda p: FMT),
    "stations:unit_create": _r(FORM, (COUNTY, CITY)),
    "stations:unit_detail": _object(PAGE, READERS, "unit", county_owned=True),
    "stations:unit_edit": _object(FORM, (COUNTY,), "unit", county_level=True),
    "supervision:units_county": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "supervision:units_city": _object(PAGE, (CITY,), "prefecture", county_level=True),
    # Assessment rounds: the county runs them, its city reads them; the public page.
    "assessment:round_list": _object(PAGE, SUPERVISORS, "county", county_level=True),
    "assessment:round_create": _object(FORM, (COUNTY,), "county", county_level=True),
    "assessment:city_round_list": _object(PAGE, (CITY,), "prefecture", county_level=True),
    "assessment:city_round_create": _object(FORM, (CITY,), "prefecture", county_level=True),
    "assessment:round_detail": _object(PAGE, SUPERVISORS, "assessment", county_level=True),
    "assessment:round_edit": _object(FORM, (COUNTY,), "assessment", county_level=True),
    "assessment:note_edit": _on(
        FORM,
        (COUNTY,),
        lambda p: {"pk": p.assessment.pk, "kind": "station", "subject": p.station.pk},
        county_level=True,
    ),
    "assessment:round_export": _export(SUPERVISORS, "assessment", county_level=True),
    "assessment:round_public": _r(
        PAGE, ROLES, lambda p: {"key": p.assessment.public_key}, public=True
    ),
}


# The world: one of everything at place A and at place B ---------------------------


@dataclass
class Place:
    prefecture: object
    county: object
    township: object
    station: object
    users: dict = field(default_factory=dict)  # role -> the user of that role here


def _jpeg():
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, "JPEG")
    return ContentFile(out.getvalue(), name="photo.jpg")


def _fill(place, *, staff):
    """One row of every kind that has a page, at ``place``'s station and township."""
    station, township = place.station, place.township
    p = place
    p.village = station.village
    p.household = f.HouseholdFactory(village=station.village)
    p.cadre = place.users[CADRE].cadre
    p.assignment = p.cadre.assignments.get()
    p.pairing = f.PairingFactory(cadre=p.cadre, household=p.household)
    p.friend = f.FarmerFriendFactory(cadre=p.cadre, village=station.village)
    p.card = f.ContactCardFactory(household=p.household, station=station)
    p.duty = f.DutyDayFactory(
        station=station, cadre=p.cadre, date=timezone.localdate() + datetime.timedelta(days=7)
    )
    p.visit = f.VisitFactory(station=station, author=p.cadre, household=p.household, follow_up=True)
    p.photo = VisitPhoto.objects.create(visit=p.visit, image=_jpeg())
    p.office = place.office
    p.concern = ConcernFactory(
        station=station,
        household=p.household,
        assigned=True,
        office=p.office,
        category=Concern.Category.DISPUTE_LAND,
    )
    p.done_concern = ConcernFactory(
        station=station,
        household=p.household,
        assigned=True,
        office=p.office,
        state=Concern.State.DONE,
        done_at=timezone.now(),
        done_on=timezone.localdate(),
        result="已办结",
    )
    p.meeting = Meeting.objects.create(
        station=station, kind=Meeting.Kind.EDUCATION, held_at=timezone.now(), topics="宣讲政策"
    )
    p.deed = Deed.objects.create(
        station=station, what="硬化村道", category=Deed.Category.ROAD, done_on=timezone.localdate()
    )
    p.spot_check = spotchecks.draw(cadre=p.cadre, size=1, seed=1, by=staff)
    p.answer = p.spot_check.answers.get()
    p.vote_round = VoteRound.objects.create(
        township=township, title="第一季度测评", held_on=timezone.localdate()
    )
    # What was hidden, for the restore routes.
    p.hidden_visit = f.VisitFactory(station=station, author=p.cadre, household=p.household)
    hiding.hide(obj=p.hidden_visit, by=staff)
    p.hidden_concern = ConcernFactory(station=station, household=p.household)
    hiding.hide(obj=p.hidden_concern, by=staff)
    p.plan = AnnualPlan.objects.create(station=station, year=timezone.localdate().year)
    PlanItem.objects.create(plan=p.plan, measure=Measure.VISITS, target=12)
    p.unit = SponsoringUnit.objects.create(county=place.county, name="县农业农村局")
    station.sponsoring_unit = p.unit
    station.save(update_fields=["sponsoring_unit"])
    p.cadre.sponsoring_unit = p.unit
    p.cadre.save(update_fields=["sponsoring_unit"])
    p.assessment = AssessmentRound.objects.create(
        county=place.county,
        title="2026年度考核",
        start=timezone.localdate().replace(month=1, day=1),
        end=timezone.localdate(),
        published=True,
    )
    p.feedback = Feedback.objects.create(
        author=place.users[CADRE], township=township, text="希望增加夜间值班"
    )


def _cadre_user(username, station):
    user = f.UserFactory(username=username, role=User.Role.CADRE)
    cadre = f.CadreFactory(township=station.village.township, user=user)
    f.AssignmentFactory(cadre=cadre, station=station, role=Assignment.Role.MEMBER)
    return user


def build_world():
    """Places A and B with their users, and the outsider of each role for place A."""
    city = f.PrefectureFactory(name="邵阳市")
    other_city = f.PrefectureFactory(name="衡阳市")
    county = f.CountyFactory(name="隆回县", prefecture=city)
    elsewhere = f.CountyFactory(name="邵阳县", prefecture=other_city)
    township_a = f.TownshipFactory(county=county, name="石门乡", public_notice_open=True)
    township_b = f.TownshipFactory(county=county, name="金石桥镇")
    station_a = f.StationFactory(village=f.VillageFactory(township=township_a, name="高石村"))
    station_a2 = f.StationFactory(village=f.VillageFactory(township=township_a, name="白水村"))
    station_b = f.StationFactory(village=f.VillageFactory(township=township_b, name="金石村"))

    a = Place(city, county, township_a, station_a)
    b = Place(other_city, elsewhere, township_b, station_b)
    for place, suffix in ((a, "a"), (b, "b")):
        place.office = OfficeFactory(township=place.township, name=f"民政办{suffix}")
        place.users = {
            COUNTY: f.UserFactory(
                username=f"county_{suffix}", role=User.Role.COUNTY, county=place.county
            ),
            TOWNSHIP: f.UserFactory(
                username=f"township_{suffix}", role=User.Role.TOWNSHIP, township=place.township
            ),
            CADRE: _cadre_user(f"cadre_{suffix}", place.station),
            OFFICE: f.UserFactory(
                username=f"office_{suffix}", role=User.Role.OFFICE, office=place.office
            ),
            CITY: f.UserFactory(
                username=f"city_{suffix}", role=User.Role.PREFECTURE, prefecture=place.prefecture
            ),
        }
        _fill(place, staff=place.users[TOWNSHIP])
    # Who must not see place A's objects, by role: another county's supervisor,
    # another township's staff, a cadre of another station of the same
    # township, the staff of another township's office, another city's supervisor.
    outsiders = {
        CITY: b.users[CITY],
        COUNTY: b.users[COUNTY],
        TOWNSHIP: b.users[TOWNSHIP],
        CADRE: _cadre_user("cadre_a2", station_a2),
        OFFICE: b.users[OFFICE],
    }
    # For what a county owns (``Route.county_owned``): staff of a township of another county.
    far = f.TownshipFactory(county=elsewhere, name="罗洪镇")
    county_outsiders = {
        TOWNSHIP: f.UserFactory(username="township_far", role=User.Role.TOWNSHIP, township=far)
    }
    return SimpleNamespace(a=a, b=b, outsiders=outsiders, county_outsiders=county_outsiders)
