"""``python -m tests.mutation [MODULE …]``: mutation testing of the modules in
``targets.py`` (all of them, or those named), reported per module.

Exit status 0 when every mutant that survived is listed, with its reason, in
``equivalent.txt``; 1 otherwise. ``--list`` prints the mutants without running.
"""

import argparse
import re
import sys
from pathlib import Path

import pytest

from tests.mutation.mutants import ROOT, mutants
from tests.mutation.plugin import MutationPlugin
from tests.mutation.targets import TARGETS

EQUIVALENT = Path(__file__).with_name("equivalent.txt")


def equivalents():
    """{mutant key: reason} from equivalent.txt: ``<key>  # <reason>`` a line."""
    found = {}
    for line in EQUIVALENT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.rpartition("  # ")
            if not key or not reason.strip():
                sys.exit(f"equivalent.txt: give the mutant and its reason: {line}")
            found[key] = reason.strip()
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.mutation", description=__doc__)
    parser.add_argument("modules", nargs="*", help="paths from the project root")
    parser.add_argument("--list", action="store_true", help="print the mutants and stop")
    parser.add_argument(
        "--only",
        metavar="REGEX",
        help="only the mutants whose key matches REGEX (e.g. functions: '::(_take|_give):')",
    )
    args = parser.parse_args(argv)
    known = {t.path: t for t in TARGETS}
    unknown = set(args.modules) - known.keys()
    if unknown:
        parser.error(f"not a mutation target: {', '.join(sorted(unknown))}")
    chosen = [known[m] for m in args.modules] or list(TARGETS)
    targets = [(t, mutants(t.path, t.functions)) for t in chosen]
    if args.only:
        only = re.compile(args.only)
        targets = [(t, [m for m in found if only.search(m.key)]) for t, found in targets]
    if args.list:
        for _target, found in targets:
            for mutant in found:
                print(f"{mutant.key}    (line {mutant.line})")
        return 0
    tests = sorted({test for target in chosen for test in target.tests})
    listed = {k: r for k, r in equivalents().items() if not args.only or only.search(k)}
    plugin = MutationPlugin(targets, listed)
    return pytest.main(
        ["-q", "-p", "no:randomly", "-m", "not browser", "--rootdir", str(ROOT), *tests],
        plugins=[plugin],
    )


if __name__ == "__main__":
    sys.exit(main())
