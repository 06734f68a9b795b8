"""Running jobs at the same moment, each in its own thread and database connection:
how the concurrency tests (PostgreSQL only) make two requests race."""

import threading

from django.db import connections


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
