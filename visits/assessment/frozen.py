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
from visits.assessment.results import KINDS, marked, notes_of, rank, round_results


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
    with transaction.atomic():
        store(assessment, results)
        assessment.frozen_at = timezone.now()
        # The stored rows are the published ones now, no longer a computation under way.
        assessment.computed_at = None
        AssessmentRound.objects.filter(pk=assessment.pk).update(
            frozen_at=assessment.frozen_at, computed_at=None
        )


def store(assessment: AssessmentRound, results):
    """Replace the round's stored rows with ``results`` (``round_results``'s answer)."""
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
        AssessmentResult.objects.bulk_create(rows, batch_size=2000)


def thaw(assessment: AssessmentRound):
    """Drop the stored rows: the round is computed from the records again."""
    AssessmentResult.objects.filter(round=assessment).delete()
    assessment.frozen_at = assessment.computed_at = assessment.compute_asked_at = None
    AssessmentRound.objects.filter(pk=assessment.pk).update(
        frozen_at=None, computed_at=None, compute_asked_at=None
    )


def shown_results(assessment: AssessmentRound, *, compute=True, paged=False):
    """``{kind: [rows]}``: the stored rows of a published round (with ``paged``, a query
    of each kind to read a page of: a city's round ranks 6,000 stations); of a round
    under way, the worker's last computation with today's marks and notes
    (``under_way``); else computed now, or None without ``compute`` (the round's page,
    which asks the worker).

    A round marked published without stored rows (published before results were frozen,
    or by hand in the database) is computed as before."""
    if assessment.published and assessment.frozen_at:
        if paged:
            stored = AssessmentResult.objects.filter(round=assessment).order_by("position")
            return {kind: stored.filter(kind=kind) for kind in KINDS}
        return stored_rows(assessment)
    if not assessment.published and assessment.computed_at:
        return with_notes(assessment, stored_rows(assessment))
    return round_results(assessment) if compute else None


def stored_rows(assessment):
    found = {kind: [] for kind in KINDS}
    for row in AssessmentResult.objects.filter(round=assessment).order_by("position"):
        found[row.kind].append(FrozenRow(row))
    return found


def with_notes(assessment, rows):
    """The stored rows with the round's marks, notes and weights as they are now, their
    totals and ranks worked out again (``round_results``'s terms); one query."""
    notes = notes_of(assessment)
    for kind in KINDS:
        for row in rows[kind]:
            marked(row, notes.get((kind, row.subject_id)), assessment)
        rank(rows[kind])
    return rows
