"""A published round's results, frozen (通报/公示 must not change after publication).

On publishing, each result row is stored as it was computed (``AssessmentResult``); the
round's page, its workbook and the public page then read the stored rows, so a later
correction of the records, a note or a station's register moves no published figure.
Withdrawing the result (with a reason) drops the stored rows: the round is recomputed
from the records until it is published again, which freezes it anew.
"""

from django.db import transaction
from django.utils import timezone

from stations.models import AssessmentResult, AssessmentRound
from visits.assessment.results import KINDS, round_results


class FrozenRow:
    """A stored row read back in the terms of a ``Result`` (what the pages show)."""

    def __init__(self, row):
        self.kind, self.subject_id, self.name = row.kind, row.subject_id, row.name
        self.assessed_at_name = row.assessed_at_name
        self.records, self.households, self.total = row.records, row.households, row.total
        self.mark, self.note, self.rank = row.mark, row.note, row.rank


def freeze(assessment: AssessmentRound, *, today=None):
    """Store the round's results as they are now (replacing any stored before)."""
    results = round_results(assessment, today=today)
    rows = [
        AssessmentResult(
            round=assessment,
            kind=kind,
            subject_id=result.subject_id,
            name=result.name,
            assessed_at_name=result.assessed_at_name,
            records=result.records,
            households=result.households,
            mark=result.mark,
            note=result.note,
            total=result.total,
            rank=result.rank,
            position=position,
        )
        for position, (kind, result) in enumerate(
            (kind, result) for kind in KINDS for result in results[kind]
        )
    ]
    with transaction.atomic():
        AssessmentResult.objects.filter(round=assessment).delete()
        AssessmentResult.objects.bulk_create(rows)
        assessment.frozen_at = timezone.now()
        AssessmentRound.objects.filter(pk=assessment.pk).update(frozen_at=assessment.frozen_at)


def thaw(assessment: AssessmentRound):
    """Drop the stored rows: the round is computed from the records again."""
    AssessmentResult.objects.filter(round=assessment).delete()
    assessment.frozen_at = None
    AssessmentRound.objects.filter(pk=assessment.pk).update(frozen_at=None)


def shown_results(assessment: AssessmentRound):
    """``{kind: [rows]}``: the stored rows of a published round, else computed now.

    A round marked published without stored rows (published before results were frozen,
    or by hand in the database) is computed as before: reading a page never writes."""
    if not (assessment.published and assessment.frozen_at):
        return round_results(assessment)
    found = {kind: [] for kind in KINDS}
    for row in AssessmentResult.objects.filter(round=assessment).order_by("position"):
        found[row.kind].append(FrozenRow(row))
    return found
