"""The four apps are a stack: villages ← cadres ← stations ← visits.

Read from the source (the AST), not from a running import: a lower app never
imports a higher one, except in the pages' wiring (views, urls, the admin,
management commands), which sits on top of everything; no module imports
another that imports it back; no import of our own code hides inside a
function to dodge such a cycle. A newcomer reads the house top-down.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STACK = ("villages", "cadres", "stations", "visits")

# The wiring of pages may reach any app: it is the top of the house.
WIRING_FILES = {"admin.py", "urls.py"}
WIRING_DIRS = {"views", "commands"}

# (importing module, imported module): why a lower app reads a higher one.
ALLOWED_UPWARD = {
    ("stations.rotation.services", "visits.models"): (
        "a rotation hands the mover's open follow-ups (visits) to the successor in the same "
        "transaction that ends the assignment and hands over the pairings"
    ),
}

# (module, imported module): imports of our own code inside a function, and why.
ALLOWED_LATE = {
    ("visits.reports.jobs", "visits.reports.booklet"): (
        "WeasyPrint takes seconds to import: only the worker building a booklet pays for it"
    ),
    ("visits.reports.booklet", "visits.reports.booklet_photos"): (
        "the photo fetcher subclasses WeasyPrint's: imported with WeasyPrint, when a booklet "
        "is made"
    ),
}


def _modules():
    """{dotted name: path} of every module of the four apps, migrations aside."""
    found = {}
    for app in STACK:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts:
                continue
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = _modules()


def _imports(path, name):
    """[(imported module, inside a function?, inside AppConfig.ready?)] of our own code."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node, in_function, in_ready):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, True, in_ready or child.name == "ready")
                continue
            targets = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # ``from pkg import module`` imports the module, not only the package.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                    for alias in child.names
                ]
            for target in targets:
                if target.split(".")[0] in STACK:
                    found.append((target, in_function, in_ready))
            visit(child, in_function, in_ready)

    visit(tree, False, False)
    return found


def _is_wiring(path):
    return path.name in WIRING_FILES or WIRING_DIRS & set(path.parts)


def _level(module):
    return STACK.index(module.split(".")[0])


def test_no_lower_app_imports_a_higher_one():
    upward = set()
    for name, path in MODULES.items():
        if _is_wiring(path):
            continue
        for target, _in_function, in_ready in _imports(path, name):
            if in_ready:
                continue  # apps.py registers the app's parts with a lower app's registry
            if _level(target) > _level(name):
                upward.add((name, target))
    assert upward - set(ALLOWED_UPWARD) == set()
    # An exception that no longer happens leaves the list.
    assert set(ALLOWED_UPWARD) <= upward


def test_no_import_of_our_own_code_inside_a_function():
    late = set()
    for name, path in MODULES.items():
        for target, in_function, in_ready in _imports(path, name):
            if in_function and not in_ready:
                late.add((name, target))
    assert late == set(ALLOWED_LATE)


def _graph():
    graph = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _in_function, _in_ready in _imports(path, name):
            # An import of a name from a package reaches the package's __init__.
            while target not in MODULES and "." in target:
                target = target.rpartition(".")[0]
            if target in MODULES and target != name:
                graph[name].add(target)
    return graph


def _cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            connect(node)
    return cycles


def test_no_import_cycle_among_modules():
    assert _cycles(_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _lines(path):
    return len(path.read_text().splitlines())


def test_villages_is_the_small_bottom_of_the_stack():
    """Places, scoping and shared helpers only: under a third of the apps' code."""
    per_app = dict.fromkeys(STACK, 0)
    for name, path in MODULES.items():
        per_app[name.split(".")[0]] += _lines(path)
    assert per_app["villages"] * 3 < sum(per_app.values()), per_app


def test_every_urls_module_names_its_namespace():
    for path in ROOT.glob("*/**/urls.py"):
        if path.parts[len(ROOT.parts)] in STACK:
            assert "app_name = " in path.read_text(), path
