"""Supervision (督导): what the county and the townships see of the stations' work.

Figures come from what was already recorded (visits, receptions, duty days,
pairings, cards, concerns) and are never typed again. ``activity`` computes
them for a place and period, ``standards`` holds each county's quotas,
``shortfalls`` compares the two, ``charts`` draws them as SVG; ``meetings``
labels the meeting and deed figures for the pages, ``export_columns`` holds
the columns of the lists' xlsx and CSV exports.
"""
