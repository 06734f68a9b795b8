"""A round under way, computed by the worker (a city's round took 14 s at city size,
its county's 1.5 s: too long for a page).

The round's page asks for a computation when it has none, or one older than
``FRESH_MINUTES``; one at a time (``ask``). The worker reads the records
(``round_results``) and stores each subject's row (``frozen.store``) with the moment it
read them (``computed_at``), which the page shows. What the assessor changes is read live
over the stored parts (``frozen.with_notes``): a mark, a note or the weights move the totals and
ranks at once; the recorded work and what households said move with the next
computation. A change of the period drops the stored rows (``forget``). A computation
that raises is noted (``compute_failed_at``): the page says so, and asks again
``RETRY`` after it (``failed``).
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.tasks import task
from django.utils import timezone

from stations.models import AssessmentResult, AssessmentRound
from visits.assessment.frozen import store
from visits.assessment.results import round_results

# A computation older than this is asked for again when the page is opened: the work of
# the last minutes shows soon enough for an assessment that spans months.
FRESH_MINUTES = 10
# An ask the worker has not answered in this long is taken for lost: asking again is let.
LOST = datetime.timedelta(minutes=30)
# A computation that raised is asked again this long after, not at every opening (it would
# most likely raise again, 12 s of the worker's time each).
RETRY = datetime.timedelta(minutes=FRESH_MINUTES)


def stale(assessment, now):
    """Whether the round under way has no computation, or one older than allowed."""
    if assessment.published:
        return False
    fresh = datetime.timedelta(minutes=FRESH_MINUTES)
    return assessment.computed_at is None or assessment.computed_at < now - fresh


def failed(assessment):
    """Whether the last ask was answered by a computation that raised."""
    asked, failed_at = assessment.compute_asked_at, assessment.compute_failed_at
    return failed_at is not None and asked is not None and failed_at >= asked


def ask(assessment):
    """Queue a computation of a stale round, unless one is asked already and not lost, or
    the last one raised less than ``RETRY`` ago; True when one is waiting or running (the
    page says so). One UPDATE claims the ask, so that readers opening the page together
    queue one computation between them."""
    now = timezone.now()
    if not stale(assessment, now):
        return False
    if failed(assessment) and assessment.compute_failed_at > now - RETRY:
        return False  # the page says it failed, and when it is tried again
    answered = Q(computed_at__gte=F("compute_asked_at"))  # never so while either is NULL
    failed_long_ago = Q(compute_failed_at__gte=F("compute_asked_at")) & Q(
        compute_failed_at__lte=now - RETRY
    )
    open_to_ask = (
        Q(compute_asked_at__isnull=True)
        | Q(compute_asked_at__lt=now - LOST)
        | answered
        | failed_long_ago
    )
    with transaction.atomic():
        claimed = (
            AssessmentRound.objects.filter(pk=assessment.pk, published=False)
            .filter(open_to_ask)
            .update(compute_asked_at=now)
        )
        if claimed:
            assessment.compute_asked_at = now
            compute_round_task.enqueue(assessment.pk)
    return True


@task()
def compute_round_task(pk):
    """The worker's computation of a round under way: its rows stored, as of its start."""
    assessment = AssessmentRound.objects.filter(pk=pk, published=False).first()
    if assessment is None:
        return
    started = timezone.now()
    try:
        results = round_results(assessment)
    except Exception:
        # Said on the round's page at once, rather than "being worked out" until the ask
        # is taken for lost; the worker's log has the traceback (the task fails).
        AssessmentRound.objects.filter(pk=pk).update(compute_failed_at=timezone.now())
        raise
    with transaction.atomic():
        # Published, or its period changed, while this ran: these rows are not its own.
        current = AssessmentRound.objects.select_for_update().filter(pk=pk).first()
        read_for = (assessment.start, assessment.end)
        if current is None or current.published or (current.start, current.end) != read_for:
            return
        store(current, results)
        AssessmentRound.objects.filter(pk=pk).update(computed_at=started)


def forget(assessment):
    """Drop a round's computed rows (its period changed): the page asks anew."""
    AssessmentResult.objects.filter(round=assessment).delete()
    assessment.computed_at = assessment.compute_asked_at = None
    # No ask waits either: the next reader asks for the new period at once.
    AssessmentRound.objects.filter(pk=assessment.pk).update(computed_at=None, compute_asked_at=None)
