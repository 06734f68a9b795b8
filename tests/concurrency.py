"""Running jobs at the same moment, each in its own thread and database connection:
how the concurrency tests (PostgreSQL only) make two requests race."""

import threading
import time

from django.db import connections, transaction


def at_once(*jobs):
    """Run each job in its own thread (own connection), released together; return results
    (an exception raised by a job is its result, for the test to inspect)."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def second_waits(first, second, pause=0.3):
    """Run ``first`` in a transaction held open until ``second``, in another thread, has
    had ``pause`` seconds to reach a row ``first`` wrote and wait on it; then let both
    finish. Each runs in its own thread and connection. Returns the exceptions raised
    (none: ``[]``)."""
    written, finish = threading.Event(), threading.Event()
    failures = []

    def hold():
        with transaction.atomic():
            first()
            written.set()
            finish.wait(timeout=20)

    def run(job):
        try:
            job()
        except Exception as error:  # noqa: BLE001 - reported to the test
            failures.append(error)
        finally:
            connections.close_all()

    holding = threading.Thread(target=run, args=(hold,))
    holding.start()
    if not written.wait(timeout=20):
        finish.set()
        holding.join(timeout=20)
        return [*failures, TimeoutError("the first job did not write")]
    waiting = threading.Thread(target=run, args=(lambda: transaction.atomic()(second)(),))
    waiting.start()
    time.sleep(pause)  # the second is waiting on the first's row by now
    finish.set()
    holding.join(timeout=20)
    waiting.join(timeout=20)
    return failures
