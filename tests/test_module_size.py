"""No module of the apps or the settings runs past 400 lines (migrations aside): a module
that long is doing more than one thing, and is split into modules with one purpose each.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("villages", "cadres", "stations", "visits", "config")
LIMIT = 400
# Long because they are data, not code: lists of names and phrases read no better split.
DATA_MODULES = {
    "visits/demo/data.py": "the demo county's names, places and phrases",
    "visits/demo/work_data.py": "the phrases of the demo stations' meetings, deeds and votes",
}


def modules():
    """{path from the project root: line count} of every module the limit applies to."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if "migrations" not in path.relative_to(ROOT).parts:
                found[name] = line_count(path)
    return found


def line_count(path):
    with path.open(encoding="utf-8") as lines:
        return sum(1 for _line in lines)


def test_no_module_runs_past_the_limit():
    too_long = {name: n for name, n in modules().items() if n > LIMIT and name not in DATA_MODULES}
    assert too_long == {}, f"over {LIMIT} lines: split each into modules with one purpose"


def test_the_modules_let_off_exist():
    assert DATA_MODULES.keys() <= modules().keys()
