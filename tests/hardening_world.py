"""A small county with one of everything, named in ASCII only, for the attack tests.

The fuzz test posts random input to every form of this county; the English
test renders its pages with English active. Every name and text here is
ASCII, so a Chinese character on an English page is interface text someone
forgot to translate, never data.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cadres.models import Cadre, Feedback, Office, SponsoringUnit, User
from stations.cards import services as cards
from stations.models import AnnualPlan, AssessmentRound, Assignment, Measure, PlanItem, WorkStation
from tests import factories as f
from tests.concern_helpers import OfficeFactory, move, raise_concern
from tests.jobs import built_file_for
from villages.models import CalendarDay, ErrandGuide, HouseholdTag, TownshipContact
from visits.models import Concern, Deed, Meeting, Rating, VoteItem, VoteRound
from visits.spotchecks import services as spotchecks

S = Concern.State


@dataclass
class World:
    county: object
    township: object
    other_township: object
    village: object
    group: object
    station: object
    other_station: object
    households: list
    chief: object  # users
    cadre: object
    staff: object
    other_staff: object
    supervisor: object
    city_supervisor: object
    office_user: object
    office: object
    cadre_row: object  # the cadre's Cadre
    assignment: object
    pairing: object
    friend: object
    card: object
    duty_day: object
    visit: object
    concerns: dict  # state → concern
    meeting: object
    deed: object
    spot_check: object
    vote_round: object
    feedback: object
    plan: object = None  # the station's annual plan of this year, a draft
    unit: object = None
    assessment: object = None

    def user(self, role):
        return {
            "cadre": self.cadre,
            "chief": self.chief,
            "township": self.staff,
            "county": self.supervisor,
            "city": self.city_supervisor,
            "office": self.office_user,
        }[role]


def _cadre_user(username, name, station, role, phone):
    user = f.UserFactory(username=username, role=User.Role.CADRE, first_name=name)
    cadre = f.CadreFactory(
        township=station.village.township, user=user, name=name, phone=phone, position="Clerk"
    )
    assignment = f.AssignmentFactory(cadre=cadre, station=station, role=role)
    return user, cadre, assignment


def build_world():
    today = timezone.localdate()
    city = f.PrefectureFactory(name="Alpha City")
    county = f.CountyFactory(name="Alpha County", prefecture=city)
    township = f.TownshipFactory(county=county, name="Alpha Township")
    other_township = f.TownshipFactory(county=county, name="Beta Township")
    village = f.VillageFactory(township=township, name="Hill Village")
    group = f.VillageGroupFactory(village=village, name="Group One")
    station = f.StationFactory(village=village, name="Hill Station", duty_days="2")
    other_village = f.VillageFactory(township=township, name="River Village")
    other_station = f.StationFactory(village=other_village, name="River Station")
    f.StationFactory(
        village=f.VillageFactory(township=other_township, name="Gold Village"), name="Gold Station"
    )
    households = [
        f.HouseholdFactory(
            village=village, group=group, head_name=name, phone=phone, address="Lane 3"
        )
        for name, phone in (
            ("Zhang San", "13907391234"),
            ("Li Si", "13907395678"),
            ("Wang Wu", "07395234567"),
        )
    ]
    households[0].tags.set(HouseholdTag.objects.all()[:2])
    f.HouseholdFactory(village=other_village, head_name="Zhao Liu", phone="13907390001")

    chief, _chief_row, _ = _cadre_user(
        "w_chief", "Chen Chief", station, Assignment.Role.CHIEF, "13800000001"
    )
    cadre, cadre_row, assignment = _cadre_user(
        "w_cadre", "Liu Member", station, Assignment.Role.MEMBER, "13800000002"
    )
    _cadre_user("w_cadre2", "Sun River", other_station, Assignment.Role.MEMBER, "13800000003")
    staff = f.UserFactory(
        username="w_township", role=User.Role.TOWNSHIP, township=township, first_name="Deng"
    )
    other_staff = f.UserFactory(
        username="w_township2", role=User.Role.TOWNSHIP, township=other_township
    )
    supervisor = f.UserFactory(
        username="w_county", role=User.Role.COUNTY, county=county, first_name="Zhou"
    )
    city_supervisor = f.UserFactory(
        username="w_city", role=User.Role.PREFECTURE, prefecture=city, first_name="Tang"
    )
    office = OfficeFactory(
        township=township, name="Civil Affairs Office", kind=Office.Kind.CIVIL_AFFAIRS
    )
    office_user = f.UserFactory(
        username="w_office", role=User.Role.OFFICE, office=office, first_name="Zeng"
    )
    TownshipContact.objects.create(
        township=township, name="Peng Mayor", position="Mayor", phone="07395230000"
    )
    ErrandGuide.objects.create(
        township=township, kind=ErrandGuide.Kind.choices[0][0], text="Bring your papers."
    )

    pairing = f.PairingFactory(cadre=cadre_row, household=households[0])
    f.PairingFactory(cadre=cadre_row, household=households[1])
    friend = f.FarmerFriendFactory(
        cadre=cadre_row, village=village, name="Liu Uncle", who="Old party member"
    )
    card = cards.issue_card(household=households[0], by=staff)
    duty_day = f.DutyDayFactory(station=station, cadre=cadre_row, date=today)
    visit = f.VisitFactory(
        station=station,
        author=cadre_row,
        household=households[0],
        seen="Both elders are well",
        asked="A ramp to the door",
        follow_up=True,
        follow_up_owner=cadre_row,
    )
    concerns = _concerns(station, cadre, staff, office, office_user, households[1])
    meeting = Meeting.objects.create(
        station=station,
        kind=Meeting.Kind.choices[0][0],
        held_at=timezone.now() - datetime.timedelta(days=1),
        place="Hall",
        villagers=12,
        topics="Roads and water",
        recorded_by=cadre,
    )
    meeting.attendees.set([cadre_row])
    deed = Deed.objects.create(
        station=station,
        what="Fixed the well",
        category=Deed.Category.choices[0][0],
        done_on=today,
        money_raised=1000,
        people_helped=30,
        household=households[0],
        recorded_by=cadre,
    )
    deed.cadres.set([cadre_row])
    spot_check = spotchecks.draw(cadre=cadre_row, size=2, seed=7, by=staff)
    Rating.objects.create(
        station=station,
        cadre=cadre_row,
        household=households[0],
        value=Rating.Value.choices[0][0],
        rated_on=today,
        entered_by=staff,
    )
    vote_round = VoteRound.objects.create(
        township=township, title="Spring vote", held_on=today, voters=40, entered_by=staff
    )
    for kind, _label in VoteItem.Kind.choices:
        VoteItem.objects.create(round=vote_round, kind=kind, text="The new road", votes=20)
    feedback = Feedback.objects.create(author=cadre, township=township, text="Please add a map")
    world = World(
        county=county,
        township=township,
        other_township=other_township,
        village=village,
        group=group,
        station=station,
        other_station=other_station,
        households=households,
        chief=chief,
        cadre=cadre,
        staff=staff,
        other_staff=other_staff,
        supervisor=supervisor,
        city_supervisor=city_supervisor,
        office_user=office_user,
        office=office,
        cadre_row=cadre_row,
        assignment=assignment,
        pairing=pairing,
        friend=friend,
        card=card,
        duty_day=duty_day,
        visit=visit,
        concerns=concerns,
        meeting=meeting,
        deed=deed,
        spot_check=spot_check,
        vote_round=vote_round,
        feedback=feedback,
        unit=_unit(county, station, cadre_row),
        assessment=AssessmentRound.objects.create(
            county=county,
            title="Annual review",
            start=today.replace(month=1, day=1),
            end=today,
            published=True,
        ),
    )
    world.plan = AnnualPlan.objects.create(station=station, year=today.year, notes="A model hall")
    PlanItem.objects.create(plan=world.plan, measure=Measure.VISITS, target=120, note="Each home")
    return world


def _unit(county, station, cadre_row):
    """A county department sponsoring the station, which sent the member there."""
    unit = SponsoringUnit.objects.create(
        county=county, name="Farm Bureau", contact_name="Hu Contact", contact_phone="13800000009"
    )
    WorkStation.objects.filter(pk=station.pk).update(sponsoring_unit=unit)
    Cadre.objects.filter(pk=cadre_row.pk).update(sponsoring_unit=unit)
    return unit


def _concerns(station, cadre, staff, office, office_user, household):
    """A concern in each state the workflow's forms act on, moved there by the right people."""
    fields = {"description": "Asks for help with the roof", "household": household}

    def raised(move_name="raise_to_township"):
        result = "Explained the policy" if move_name == "solve_on_spot" else ""
        return raise_concern(cadre, station, move_name, result=result, **fields)

    deadline = timezone.localdate() + datetime.timedelta(days=7)
    concerns = {
        S.ON_SPOT: raised("solve_on_spot"),
        S.STATION: raised("keep_at_station"),
        S.ESCALATED: raised(),
    }
    assigned = move(raised(), "assign", staff, office=office, deadline=deadline)
    concerns[S.ASSIGNED] = assigned
    done = move(raised(), "assign", staff, office=office, deadline=deadline)
    concerns[S.DONE] = move(done, "done", office_user, result="Roof mended")
    fed = move(raised(), "assign", staff, office=office, deadline=deadline)
    fed = move(fed, "done", office_user, result="Roof mended")
    concerns[S.FED_BACK] = move(fed, "feedback", cadre, how="in_person", on=timezone.localdate())
    return concerns


# Every route of the project: who opens it, and the URL arguments in this world.
# ``None`` as arguments: the route needs state a page walk cannot give (an
# upload's token, a photo); the tests that own it cover it. A route missing
# here fails the tests that walk them, so new pages are attacked too.
def _today(w):
    day = timezone.localdate()
    return {"year": day.year, "month": day.month}


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


def _answer(w):
    return {"pk": w.spot_check.pk, "answer_pk": w.spot_check.answers.order_by("pk")[0].pk}


ROUTES = {
    "home": ("cadre", lambda w: {}),
    "supervision:county_overview": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:prefecture_overview": ("city", lambda w: {"pk": w.county.prefecture_id}),
    "supervision:supervision_prefecture": ("city", lambda w: {"pk": w.county.prefecture_id}),
    "supervision:township_overview": ("township", lambda w: {"pk": w.township.pk}),
    "villages:import_index": ("township", lambda w: {}),
    "villages:import_upload": ("township", lambda w: {"kind": "households"}),
    "villages:import_template": ("township", lambda w: {"kind": "households"}),
    "villages:import_preview": ("township", None),
    "villages:import_confirm": ("township", None),
    "villages:import_cancel": ("township", None),
    "villages:import_problems": ("township", None),
    "villages:township_contacts": ("township", lambda w: {"pk": w.township.pk}),
    "villages:township_errands": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:township_concerns": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:township_offices": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:office_concerns": ("office", lambda w: {"pk": w.office.pk}),
    "concerns:office_edit": ("township", lambda w: {"pk": w.office.pk}),
    "concerns:office_acknowledge": ("office", lambda w: {"pk": w.office.pk}),
    "concerns:public_notice": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:public_notice_pdf": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:public_notice_setting": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:notice_review": ("township", lambda w: {"pk": w.township.pk}),
    "concerns:notice_review_confirm": (
        "township",
        lambda w: {"pk": w.township.pk, "concern": w.concerns[S.DONE].pk},
    ),
    "villages:calendar": ("township", lambda w: {}),
    "villages:calendar_year": ("county", lambda w: {"year": 2026}),
    "villages:calendar_add": ("county", lambda w: {"year": 2027}),
    "villages:calendar_edit": ("county", lambda w: {"pk": _calendar_day()}),
    "villages:calendar_delete": ("county", lambda w: {"pk": _calendar_day()}),
    "villages:village_list": ("township", lambda w: {}),
    "villages:village_create": ("township", lambda w: {}),
    "villages:village_export": ("township", lambda w: {"fmt": "csv"}),
    "villages:village_detail": ("township", lambda w: {"pk": w.village.pk}),
    "villages:village_edit": ("township", lambda w: {"pk": w.village.pk}),
    "villages:household_list": ("township", lambda w: {}),
    "villages:household_create": ("township", lambda w: {}),
    "villages:household_export": ("township", lambda w: {"fmt": "csv"}),
    "villages:household_detail": ("township", lambda w: {"pk": w.households[0].pk}),
    "villages:household_edit": ("township", lambda w: {"pk": w.households[0].pk}),
    "supervision:supervision_county": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:supervision_county_shortfalls": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:supervision_standard": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:supervision_township": ("county", lambda w: {"pk": w.township.pk}),
    "supervision:supervision_township_shortfalls": ("county", lambda w: {"pk": w.township.pk}),
    "supervision:supervision_township_coverage": ("county", lambda w: {"pk": w.township.pk}),
    "supervision:supervision_county_coverage": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:supervision_station": ("county", lambda w: {"pk": w.station.pk}),
    "supervision:supervision_member": ("county", lambda w: {"pk": w.cadre_row.pk}),
    "stations:station_detail": ("cadre", lambda w: {"pk": w.station.pk}),
    "stations:station_public": ("cadre", lambda w: {"key": w.station.public_key}),
    "stations:station_public_retired": ("cadre", lambda w: {"pk": w.station.pk}),
    "stations:station_cards": ("township", lambda w: {"pk": w.station.pk}),
    "stations:station_cards_issue": ("township", lambda w: {"pk": w.station.pk}),
    "stations:card_township": ("township", lambda w: {"pk": w.township.pk}),
    "stations:card_stale": ("township", lambda w: {"pk": w.township.pk}),
    "stations:card_reissue_stale": ("township", lambda w: {"pk": w.township.pk}),
    "stations:card_county": ("county", lambda w: {"pk": w.county.pk}),
    "stations:card_issue": ("township", lambda w: {"pk": w.households[1].pk}),
    "stations:card_reissue": ("township", lambda w: {"pk": w.card.pk}),
    "stations:card_print": ("township", lambda w: {}),
    "stations:card_print_pdf": ("township", lambda w: {}),
    "stations:station_list": ("township", lambda w: {}),
    "stations:station_create": ("township", lambda w: {}),
    "stations:station_export": ("township", lambda w: {"fmt": "csv"}),
    "stations:station_edit": ("township", lambda w: {"pk": w.station.pk}),
    "stations:assignment_list": ("township", lambda w: {}),
    "stations:assignment_create": ("township", lambda w: {}),
    "stations:assignment_export": ("township", lambda w: {"fmt": "csv"}),
    "stations:assignment_edit": ("township", lambda w: {"pk": w.assignment.pk}),
    "stations:pairing_list": ("township", lambda w: {}),
    "stations:pairing_create": ("township", lambda w: {"household": w.households[2].pk}),
    "stations:pairing_export": ("township", lambda w: {"fmt": "csv"}),
    "stations:pairing_edit": ("township", lambda w: {"pk": w.pairing.pk}),
    "stations:friend_list": ("township", lambda w: {"cadre": w.cadre_row.pk}),
    "stations:friend_create": ("township", lambda w: {"cadre": w.cadre_row.pk}),
    "stations:friend_edit": ("township", lambda w: {"pk": w.friend.pk}),
    "stations:friend_end": ("township", lambda w: {"pk": w.friend.pk}),
    "stations:station_duty": ("township", lambda w: {"pk": w.station.pk}),
    "stations:station_duty_month": ("township", lambda w: {"pk": w.station.pk} | _today(w)),
    "stations:station_duty_generate": ("township", lambda w: {"pk": w.station.pk} | _today(w)),
    "stations:station_duty_rule": ("township", lambda w: {"pk": w.station.pk}),
    "stations:station_receptions": ("township", lambda w: {"pk": w.station.pk}),
    "stations:station_receptions_month": ("township", lambda w: {"pk": w.station.pk} | _today(w)),
    "stations:duty_detail": ("township", lambda w: {"pk": w.duty_day.pk}),
    "stations:duty_mark": ("township", lambda w: {"pk": w.duty_day.pk}),
    "stations:duty_swap": ("township", lambda w: {"pk": w.duty_day.pk}),
    "stations:duty_calendar": ("township", lambda w: {"pk": w.township.pk}),
    "stations:duty_calendar_month": ("township", lambda w: {"pk": w.township.pk} | _today(w)),
    "stations:duty_calendar_generate": ("township", lambda w: {"pk": w.township.pk} | _today(w)),
    "stations:rotation_station": ("township", lambda w: {"pk": w.station.pk}),
    "stations:rotation_new": ("township", lambda w: {"pk": w.assignment.pk}),
    "password_change": ("cadre", lambda w: {}),
    "password_change_done": ("cadre", lambda w: {}),
    "healthz": ("cadre", lambda w: {}),
    "service_worker": ("cadre", lambda w: {}),
    "manifest": ("cadre", lambda w: {}),
    "cadres:feedback_new": ("cadre", lambda w: {}),
    "cadres:feedback_inbox": ("township", lambda w: {}),
    "cadres:feedback_read": ("township", lambda w: {"pk": w.feedback.pk}),
    "cadres:cadre_list": ("township", lambda w: {}),
    "cadres:cadre_create": ("township", lambda w: {}),
    "cadres:cadre_export": ("township", lambda w: {"fmt": "csv"}),
    "cadres:cadre_detail": ("township", lambda w: {"pk": w.cadre_row.pk}),
    "cadres:cadre_edit": ("township", lambda w: {"pk": w.cadre_row.pk}),
    "spotchecks:spot_check_list": ("township", lambda w: {}),
    "spotchecks:spot_check_draw": ("township", lambda w: {}),
    "spotchecks:spot_check_summary": ("township", lambda w: {}),
    "spotchecks:spot_check_detail": ("township", lambda w: {"pk": w.spot_check.pk}),
    "spotchecks:spot_check_answer": ("township", _answer),
    "spotchecks:cadre_spot_checks": ("township", lambda w: {"pk": w.cadre_row.pk}),
    "spotchecks:rating_list": ("township", lambda w: {}),
    "spotchecks:rating_new": ("township", lambda w: {}),
    "spotchecks:vote_round_list": ("township", lambda w: {}),
    "spotchecks:vote_round_new": ("township", lambda w: {}),
    "spotchecks:vote_round_detail": ("township", lambda w: {"pk": w.vote_round.pk}),
    "visits:today": ("cadre", lambda w: {}),
    "visits:visit_new": ("cadre", lambda w: {}),
    "visits:reception_new": ("cadre", lambda w: {}),
    "visits:my_history": ("cadre", lambda w: {}),
    "visits:visit_detail": ("cadre", lambda w: {"pk": w.visit.pk}),
    "visits:visit_edit": ("cadre", lambda w: {"pk": w.visit.pk}),
    "visits:follow_up_close": ("cadre", lambda w: {"pk": w.visit.pk}),
    "visits:visit_photo": ("cadre", None),
    "visits:household_search": ("cadre", lambda w: {}),
    "visits:concern_from_visit": ("cadre", lambda w: {"pk": w.visit.pk}),
    "visits:concern_list": ("township", lambda w: {}),
    "visits:concern_new": ("township", lambda w: {}),
    "visits:concern_detail": ("township", lambda w: {"pk": w.concerns[S.ESCALATED].pk}),
    "visits:concern_move": (
        "township",
        lambda w: {"pk": w.concerns[S.ESCALATED].pk, "move": "assign"},
    ),
    "visits:station_work": ("cadre", lambda w: {"pk": w.station.pk}),
    "visits:meeting_new": ("cadre", lambda w: {"pk": w.station.pk}),
    "visits:deed_new": ("cadre", lambda w: {"pk": w.station.pk}),
    "visits:meeting_list": ("township", lambda w: {}),
    "visits:meeting_detail": ("cadre", lambda w: {"pk": w.meeting.pk}),
    "visits:deed_list": ("township", lambda w: {}),
    "visits:deed_detail": ("cadre", lambda w: {"pk": w.deed.pk}),
    "supervision:supervision_county_export": (
        "county",
        lambda w: {"pk": w.county.pk, "fmt": "csv"},
    ),
    "supervision:supervision_county_shortfalls_export": (
        "county",
        lambda w: {"pk": w.county.pk, "fmt": "csv"},
    ),
    "supervision:supervision_township_export": (
        "county",
        lambda w: {"pk": w.township.pk, "fmt": "csv"},
    ),
    "supervision:supervision_township_shortfalls_export": (
        "county",
        lambda w: {"pk": w.township.pk, "fmt": "csv"},
    ),
    "supervision:supervision_station_export": (
        "county",
        lambda w: {"pk": w.station.pk, "fmt": "csv"},
    ),
    "supervision:report_county": ("county", lambda w: {"pk": w.county.pk, "fmt": "xlsx"}),
    "supervision:report_prefecture": (
        "city",
        lambda w: {"pk": w.county.prefecture_id, "fmt": "csv"},
    ),
    "supervision:report_township": ("county", lambda w: {"pk": w.township.pk, "fmt": "xlsx"}),
    "villages:job_status": ("county", lambda w: {"pk": built_file_for(w.user("county")).pk}),
    "villages:job_file": ("county", lambda w: {"pk": built_file_for(w.user("county")).pk}),
    # Privacy and soft deletion (issue 7 §2, §3).
    "villages:household_phone": ("township", lambda w: {"pk": w.households[0].pk}),
    "villages:household_erase": ("township", lambda w: {"pk": w.households[0].pk}),
    "visits:concern_phone": ("township", lambda w: {"pk": w.concerns[S.ESCALATED].pk}),
    "visits:visit_hide": ("cadre", lambda w: {"pk": w.visit.pk}),
    "visits:visit_restore": ("township", lambda w: {"pk": w.visit.pk}),
    "visits:concern_hide": ("township", lambda w: {"pk": w.concerns[S.ESCALATED].pk}),
    "visits:concern_restore": ("township", lambda w: {"pk": w.concerns[S.ESCALATED].pk}),
    "concerns:township_hidden": ("township", lambda w: {"pk": w.township.pk}),
    # Monthly materials (issue 15).
    "materials:station_month": ("cadre", lambda w: {"pk": w.station.pk}),
    "materials:station_month_of": ("cadre", lambda w: {"pk": w.station.pk} | _today(w)),
    "materials:station_move": (
        "township",
        lambda w: {"pk": w.station.pk, "move": "review"} | _today(w),
    ),
    "materials:township_months": ("township", lambda w: {"pk": w.township.pk}),
    "materials:township_months_of": ("township", lambda w: {"pk": w.township.pk} | _today(w)),
    "materials:county_months": ("county", lambda w: {"pk": w.county.pk}),
    "materials:county_months_of": ("county", lambda w: {"pk": w.county.pk} | _today(w)),
    "materials:county_notice": ("county", lambda w: {"pk": w.county.pk} | _today(w)),
    "materials:county_notice_pdf": ("county", lambda w: {"pk": w.county.pk} | _today(w)),
    "materials:county_standard": ("county", lambda w: {"pk": w.county.pk}),
    # Annual work plans (issue 15).
    "plans:station_plans": ("chief", lambda w: {"pk": w.station.pk}),
    "plans:plan_new": ("chief", lambda w: {"pk": w.station.pk}),
    "plans:plan_detail": ("chief", lambda w: {"pk": w.plan.pk}),
    "plans:plan_edit": ("chief", lambda w: {"pk": w.plan.pk}),
    "plans:plan_export": ("chief", lambda w: {"pk": w.plan.pk, "fmt": "xlsx"}),
    "plans:plan_move": ("chief", lambda w: {"pk": w.plan.pk, "move": "submit"}),
    "plans:county_plans": ("county", lambda w: {"pk": w.county.pk}),
    "plans:county_plans_of": (
        "county",
        lambda w: {"pk": w.county.pk, "year": timezone.localdate().year},
    ),
    "plans:township_plans": ("township", lambda w: {"pk": w.township.pk}),
    "plans:township_plans_of": (
        "township",
        lambda w: {"pk": w.township.pk, "year": timezone.localdate().year},
    ),
    "plans:township_export": (
        "township",
        lambda w: {"pk": w.township.pk, "year": timezone.localdate().year},
    ),
    # Sponsoring units and assessment rounds (issue 15).
    "stations:unit_list": ("township", lambda w: {}),
    "stations:unit_create": ("county", lambda w: {}),
    "stations:unit_export": ("county", lambda w: {"fmt": "csv"}),
    "stations:unit_detail": ("county", lambda w: {"pk": w.unit.pk}),
    "stations:unit_edit": ("county", lambda w: {"pk": w.unit.pk}),
    "supervision:units_county": ("county", lambda w: {"pk": w.county.pk}),
    "supervision:units_city": ("city", lambda w: {"pk": w.county.prefecture_id}),
    "assessment:round_list": ("county", lambda w: {"pk": w.county.pk}),
    "assessment:round_create": ("county", lambda w: {"pk": w.county.pk}),
    "assessment:city_round_list": ("city", lambda w: {"pk": w.county.prefecture_id}),
    "assessment:city_round_create": ("city", lambda w: {"pk": w.county.prefecture_id}),
    "assessment:round_detail": ("county", lambda w: {"pk": w.assessment.pk}),
    "assessment:round_edit": ("county", lambda w: {"pk": w.assessment.pk}),
    "assessment:note_edit": (
        "county",
        lambda w: {"pk": w.assessment.pk, "kind": "station", "subject": w.station.pk},
    ),
    "assessment:round_export": ("county", lambda w: {"pk": w.assessment.pk, "fmt": "csv"}),
    "assessment:round_public": ("cadre", lambda w: {"key": w.assessment.public_key}),
}
# Pages whose form needs a choice made first, in the query string.
QUERIES = {
    "spotchecks:rating_new": lambda w: f"?station={w.station.pk}",
    "stations:card_print": lambda w: f"?station={w.station.pk}",
    "stations:card_print_pdf": lambda w: f"?card={w.card.pk}",
}


def url_of(name, world):
    """The route's URL in ``world`` (with the query its form needs), or None."""
    from django.urls import reverse

    kwargs = ROUTES[name][1]
    if kwargs is None:
        return None
    query = QUERIES.get(name, lambda w: "")(world)
    return reverse(name, kwargs=kwargs(world)) + query


# Django's own views: the login form is attacked by the login-throttling tests.
DJANGO_ROUTES = frozenset({"login", "logout", "set_language"})


def project_routes():
    """[(name, route, methods)] for every named route outside the admin.

    ``methods`` comes from the view's ``require_http_methods`` (read from its
    closure), or None when the view declares none.
    """
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            else:
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                yield name, prefix + str(pattern.pattern), _methods(pattern.callback)

    return list(walk(get_resolver().url_patterns))


def _methods(view):
    seen = set()
    while view is not None and id(view) not in seen:
        seen.add(id(view))
        code = getattr(view, "__code__", None)
        if code is not None and view.__closure__:
            cells = dict(zip(code.co_freevars, view.__closure__, strict=True))
            if "request_method_list" in cells:
                return list(cells["request_method_list"].cell_contents)
        view = getattr(view, "__wrapped__", None)
    return None
