from django.urls import path

from stations.views import cards, duty, friends, public, registers, rotation, station, units

app_name = "stations"

urlpatterns = [
    path("<int:pk>/", station.station_detail, name="station_detail"),
]

urlpatterns += [
    # The card's QR code: a random key, not the station's number (see views.public).
    path("p/<slug:key>/", public.station_public, name="station_public"),
    path("<int:pk>/public/", public.station_public_retired, name="station_public_retired"),
    path("<int:pk>/cards/", cards.station_cards, name="station_cards"),
    path("<int:pk>/cards/issue/", cards.issue_for_village, name="station_cards_issue"),
    path("cards/townships/<int:pk>/", cards.township_cards, name="card_township"),
    path("cards/townships/<int:pk>/stale/", cards.stale_cards, name="card_stale"),
    path("cards/townships/<int:pk>/stale/reissue/", cards.reissue_stale, name="card_reissue_stale"),
    path("cards/counties/<int:pk>/", cards.county_cards, name="card_county"),
    path("cards/households/<int:pk>/issue/", cards.issue_card, name="card_issue"),
    path("cards/<int:pk>/reissue/", cards.reissue_card, name="card_reissue"),
    path("cards/print/", cards.print_cards, name="card_print"),
    path("cards/print.pdf", cards.print_cards_pdf, name="card_print_pdf"),
]

# Registers: stations, assignments (who serves where) and pairings.
urlpatterns += [
    path("", registers.station_list, name="station_list"),
    path("new/", registers.station_create, name="station_create"),
    path("export.<str:fmt>", registers.station_export, name="station_export"),
    path("<int:pk>/edit/", registers.station_edit, name="station_edit"),
    path("assignments/", registers.assignment_list, name="assignment_list"),
    path("assignments/new/", registers.assignment_create, name="assignment_create"),
    path("assignments/export.<str:fmt>", registers.assignment_export, name="assignment_export"),
    path("assignments/<int:pk>/edit/", registers.assignment_edit, name="assignment_edit"),
    path("pairings/", registers.pairing_list, name="pairing_list"),
    path("pairings/new/<int:household>/", registers.pairing_create, name="pairing_create"),
    path("pairings/export.<str:fmt>", registers.pairing_export, name="pairing_export"),
    path("pairings/<int:pk>/edit/", registers.pairing_edit, name="pairing_edit"),
]

# Farmer friends (农民朋友): each member's own register, apart from pairings.
urlpatterns += [
    path("friends/cadres/<int:cadre>/", friends.friend_list, name="friend_list"),
    path("friends/cadres/<int:cadre>/new/", friends.friend_create, name="friend_create"),
    path("friends/<int:pk>/edit/", friends.friend_edit, name="friend_edit"),
    path("friends/<int:pk>/end/", friends.friend_end, name="friend_end"),
]

# Duty days (群众工作日): rules, rosters, the township calendar, receptions; rotation.
urlpatterns += [
    path("<int:pk>/duty/", duty.station_duty, name="station_duty"),
    path("<int:pk>/duty/<int:year>/<int:month>/", duty.station_duty, name="station_duty_month"),
    path(
        "<int:pk>/duty/<int:year>/<int:month>/generate/",
        duty.station_generate,
        name="station_duty_generate",
    ),
    path("<int:pk>/duty/rule/", duty.duty_rule_edit, name="station_duty_rule"),
    path("<int:pk>/receptions/", duty.station_receptions, name="station_receptions"),
    path(
        "<int:pk>/receptions/<int:year>/<int:month>/",
        duty.station_receptions,
        name="station_receptions_month",
    ),
    path("duty/<int:pk>/", duty.duty_detail, name="duty_detail"),
    path("duty/<int:pk>/mark/", duty.duty_mark, name="duty_mark"),
    path("duty/<int:pk>/swap/", duty.duty_swap, name="duty_swap"),
    path("duty/townships/<int:pk>/", duty.township_calendar, name="duty_calendar"),
    path(
        "duty/townships/<int:pk>/<int:year>/<int:month>/",
        duty.township_calendar,
        name="duty_calendar_month",
    ),
    path(
        "duty/townships/<int:pk>/<int:year>/<int:month>/generate/",
        duty.township_generate,
        name="duty_calendar_generate",
    ),
    path("rotation/stations/<int:pk>/", rotation.station_rotation, name="rotation_station"),
    path("rotation/assignments/<int:pk>/", rotation.rotate_assignment, name="rotation_new"),
]

# Sponsoring units (派驻单位): the register, a unit's page and its keepers' forms.
urlpatterns += [
    path("units/", units.unit_list, name="unit_list"),
    path("units/new/", units.unit_create, name="unit_create"),
    path("units/export.<str:fmt>", units.unit_export, name="unit_export"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", units.unit_edit, name="unit_edit"),
]
