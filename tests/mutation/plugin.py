"""The pytest plugin that runs the mutants: one session, the database made once.

First every collected test runs once as it is, and ``sys.monitoring`` notes which
lines of the mutated modules each one runs, and how long it takes. Then each mutant
is put in place and the tests of its module that run its line(s) run, those that
last killed a mutant of the same function first, then the quickest, until one
fails: the mutant is killed. If none fails (or none runs the line), it survived.
"""

import signal
import sys
import time
from collections import defaultdict

import pytest
from _pytest.runner import call_and_report

from tests.mutation.mutants import ROOT, Applied, Incompetent
from tests.mutation.report import Result


class MutantTimeout(Exception):
    """The test ran ten times longer than without the mutant: a loop that never ends."""


def _on_alarm(signum, frame):
    raise MutantTimeout


class Reach:
    """Which lines of the mutated files a test runs (the first time each line runs
    after ``restart``; sys.monitoring then stays quiet for that line)."""

    def __init__(self, files):
        self.files = files
        self.hits = set()
        self.tool = next(i for i in range(6) if sys.monitoring.get_tool(i) is None)
        events = sys.monitoring.events
        sys.monitoring.use_tool_id(self.tool, "mutation")
        sys.monitoring.register_callback(self.tool, events.LINE, self._line)
        sys.monitoring.set_events(self.tool, events.LINE)

    def _line(self, code, line):
        if code.co_filename in self.files:
            self.hits.add((code.co_filename, line))
        return sys.monitoring.DISABLE

    def restart(self):
        self.hits = set()
        sys.monitoring.restart_events()

    def close(self):
        sys.monitoring.set_events(self.tool, 0)
        sys.monitoring.free_tool_id(self.tool)


class MutationPlugin:
    def __init__(self, targets, equivalents):
        self.targets = targets  # [(Target, [Mutant])]
        self.equivalents = equivalents
        self.results = []
        self.baseline_failures = []
        self.started = time.monotonic()

    # Teardown must know the next test to keep the fixtures it shares; a test from
    # another module keeps only the session's (the database).
    def _elsewhere(self, item):
        return next((i for i in self.items if i.path != item.path), None)

    def _run(self, item, then, timeout=None):
        """Run one test; tear it down towards ``then`` if it passed. True if it failed."""
        if hasattr(item, "_request") and not item._request:
            item._initrequest()
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            reports = [call_and_report(item, "setup", log=False)]
            if reports[0].passed:
                reports.append(call_and_report(item, "call", log=False))
        finally:
            if timeout:
                signal.setitimer(signal.ITIMER_REAL, 0)
        failed = any(r.failed for r in reports)
        after = then if not failed and then is not None else self._elsewhere(item)
        reports.append(call_and_report(item, "teardown", log=False, nextitem=after))
        item._request = False
        item.funcargs = None
        return any(r.failed for r in reports), reports

    def _write(self, text, **markup):
        self.terminal.write(text, flush=True, **markup)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session):
        self.terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        self.items = session.items
        signal.signal(signal.SIGALRM, _on_alarm)
        reached, took = self._baseline(session)
        if self.baseline_failures:
            return True
        killers = defaultdict(list)  # function → tests that killed a mutant of it, latest first
        for target, mutants in self.targets:
            self._write(f"\n{target.path} ({len(mutants)} mutants) ")
            wanted = {i.nodeid for i in self.items if target.selects(i.nodeid)}
            for mutant in mutants:
                lines = mutant.lines
                tests = [i for i in self.items if i.nodeid in wanted and lines & reached[i.nodeid]]
                first = killers[mutant.unit_key]
                tests.sort(
                    key=lambda i: (
                        i.nodeid not in first,
                        first.index(i.nodeid) if i.nodeid in first else 0,
                        took[i.nodeid],
                    )
                )
                result = self._try(mutant, tests, took)
                if result.killed_by:
                    if result.killed_by in first:
                        first.remove(result.killed_by)
                    first.insert(0, result.killed_by)
                result.equivalent = self.equivalents.get(mutant.key)
                self.results.append(result)
                self._write(result.mark, **result.colour)
        self._write("\n")
        session._setupstate.teardown_exact(None)  # the session's fixtures: the test database
        return True

    def _baseline(self, session):
        files = {str(ROOT / target.path) for target, _ in self.targets}
        reach = Reach(files)
        reached, took = {}, {}
        self._write(f"baseline: {len(self.items)} tests ")
        try:
            for n, item in enumerate(self.items):
                then = self.items[n + 1] if n + 1 < len(self.items) else None
                reach.restart()
                start = time.monotonic()
                failed, reports = self._run(item, then)
                took[item.nodeid] = time.monotonic() - start
                skipped = any(r.skipped for r in reports)
                reached[item.nodeid] = set() if skipped else set(reach.hits)
                if failed:
                    self.baseline_failures.append(item.nodeid)
                self._write("F" if failed else "s" if skipped else ".")
        finally:
            reach.close()
        self.baseline_seconds = time.monotonic() - self.started
        self._write(f" {self.baseline_seconds:.0f} s\n")
        return reached, took

    def _try(self, mutant, tests, took):
        result = Result(mutant=mutant, tests=len(tests))
        try:
            applied = Applied(mutant)
        except Incompetent as why:
            result.incompetent = str(why)
            return result
        with applied:
            for n, item in enumerate(tests):
                then = tests[n + 1] if n + 1 < len(tests) else None
                try:
                    failed, _ = self._run(item, then, timeout=max(5.0, 10 * took[item.nodeid]))
                except MutantTimeout:
                    failed = True
                if failed:
                    result.killed_by = item.nodeid
                    break
        return result

    def pytest_sessionfinish(self, session):
        if self.baseline_failures:
            self._write("\nThese tests fail without any mutant; fix them first:\n", red=True)
            for nodeid in self.baseline_failures:
                self._write(f"  {nodeid}\n")
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
            return
        from tests.mutation.report import report

        ok = report(
            self.results,
            [t for t, _ in self.targets],
            self.equivalents,
            self._write,
            seconds=time.monotonic() - self.started,
        )
        session.exitstatus = pytest.ExitCode.OK if ok else pytest.ExitCode.TESTS_FAILED
