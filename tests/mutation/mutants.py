"""The mutants of one module: each a small change to one function's code that a test
should notice, applied to the running function by swapping its code object.

A mutant changes one spot of one function (a method, a nested function's body
included): an operator swapped, a condition negated, a date bound moved by one
(``done_on__lte`` → ``__lt``), a keyword argument dropped (``filter(token=token)``
→ ``filter()``), a statement removed, a value replaced by None. Swapping
``__code__`` changes the function wherever it is referenced — through a decorator
(``@transaction.atomic``, ``@property``), a URL pattern or another module's import —
with no copy of the source tree and no reload.
"""

import ast
import copy
import importlib
import types
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

COMPARE = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
BINARY = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
    ast.BitXor: ast.BitAnd,
    ast.Pow: ast.Mult,
}
BOOL = {ast.And: ast.Or, ast.Or: ast.And}
# Django lookups: a date or number bound moved by one.
LOOKUP_BOUNDS = {"__lte": "__lt", "__lt": "__lte", "__gte": "__gt", "__gt": "__gte"}
NAMES = {"min": "max", "max": "min", "any": "all", "all": "any"}


@dataclass
class Mutant:
    path: str  # from the project root
    unit: str  # qualified name of the function it changes
    line: int
    before: str
    after: str
    tree: ast.FunctionDef = field(repr=False)  # the function as mutated
    classes: tuple[str, ...] = field(repr=False, default=())
    key: str = ""  # stable id: path, function and the change, not the line

    end_line: int = 0

    @property
    def unit_key(self):
        return (str(ROOT / self.path), self.unit)

    @property
    def lines(self):
        """The lines the mutated code spans: a test that runs one of them may notice."""
        filename = str(ROOT / self.path)
        return {(filename, n) for n in range(self.line, max(self.line, self.end_line) + 1)}


def _shorten(before, after, width=48):
    """``before → after`` around the part that differs, so long lines stay readable."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    head = max(0, start - width)
    tail_b, tail_a = len(before) - end, len(after) - end

    def part(text, stop):
        tail = min(len(text), stop + width)
        return ("…" if head else "") + text[head:tail] + ("…" if tail < len(text) else "")

    return part(before, tail_b), part(after, tail_a)


def _is_docstring(node, parent):
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        and parent.body
        and parent.body[0] is node
    )


def _children(node):
    """(field, index or None, child) of the parts of ``node`` that run when it runs:
    not a function's decorators, annotations or defaults, nor docstrings."""
    for name, value in ast.iter_fields(node):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and name in (
            "decorator_list",
            "args",
            "returns",
            "type_params",
        ):
            continue
        if isinstance(node, ast.AnnAssign) and name == "annotation":
            continue
        if isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, ast.AST) and not _is_docstring(child, node):
                    yield name, i, child
        elif isinstance(value, ast.AST):
            yield name, None, value


def _walk(node, in_raise=False):
    """Every (parent, field, index, child, in_raise) under ``node``, in a fixed order."""
    for name, index, child in _children(node):
        yield node, name, index, child, in_raise
        yield from _walk(child, in_raise or isinstance(child, ast.Raise))


def _negated(test):
    return ast.UnaryOp(op=ast.Not(), operand=test)


def _changes(parent, name, node, in_raise):
    """The replacements of ``node`` (None removes a statement)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARE:
                ops = list(node.ops)
                ops[i] = COMPARE[type(op)]()
                yield ast.Compare(left=node.left, ops=ops, comparators=node.comparators)
    elif isinstance(node, ast.BoolOp):
        yield ast.BoolOp(op=BOOL[type(node.op)](), values=node.values)
    elif isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        yield ast.BinOp(left=node.left, op=BINARY[type(node.op)](), right=node.right)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert | ast.USub):
        yield node.operand
    elif isinstance(node, ast.AugAssign) and type(node.op) in BINARY:
        yield ast.AugAssign(target=node.target, op=BINARY[type(node.op)](), value=node.value)
    elif isinstance(node, ast.Constant):
        yield from _constant(node, in_raise)
    elif isinstance(node, ast.Name) and node.id in NAMES and isinstance(node.ctx, ast.Load):
        yield ast.Name(id=NAMES[node.id], ctx=ast.Load())
    elif isinstance(node, ast.Call):
        yield from _call(node)
    elif isinstance(node, ast.Dict) and len(node.keys) > 1:
        for i in range(len(node.keys)):
            yield ast.Dict(
                keys=node.keys[:i] + node.keys[i + 1 :],
                values=node.values[:i] + node.values[i + 1 :],
            )
    elif isinstance(node, ast.Break):
        yield ast.Continue()
    elif isinstance(node, ast.Continue):
        yield ast.Break()
    plain = not isinstance(node, ast.Compare | ast.BoolOp | ast.UnaryOp)
    condition = name == "test" and isinstance(parent, ast.If | ast.While | ast.IfExp)
    if plain and (condition or name == "ifs"):
        yield _negated(node)
    if isinstance(node, ast.stmt):
        yield from _statement(node)


def _constant(node, in_raise):
    value = node.value
    if isinstance(value, bool) or value is None:
        if isinstance(value, bool):
            yield ast.Constant(value=not value)
    elif isinstance(value, int | float):
        yield ast.Constant(value=value + 1)
    elif isinstance(value, str) and not in_raise:
        bound = _moved_bound(value)
        if bound:
            yield ast.Constant(value=bound)
        yield ast.Constant(value=f"XX{value}XX")


def _moved_bound(name):
    for suffix, other in LOOKUP_BOUNDS.items():
        if name.endswith(suffix):
            return name[: -len(suffix)] + other
    return None


def _call(node):
    for i, keyword in enumerate(node.keywords):
        if keyword.arg is not None:
            bound = _moved_bound(keyword.arg)
            if bound:
                keywords = list(node.keywords)
                keywords[i] = ast.keyword(arg=bound, value=keyword.value)
                yield ast.Call(func=node.func, args=node.args, keywords=keywords)
        yield ast.Call(
            func=node.func, args=node.args, keywords=node.keywords[:i] + node.keywords[i + 1 :]
        )
    if len(node.args) + len(node.keywords) > 1:
        for i, arg in enumerate(node.args):
            if not isinstance(arg, ast.Starred) and not _is_none(arg):
                args = list(node.args)
                args[i] = ast.Constant(value=None)
                yield ast.Call(func=node.func, args=args, keywords=node.keywords)


def _is_none(node):
    return isinstance(node, ast.Constant) and node.value is None


def _statement(node):
    if isinstance(node, ast.Raise) or (
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Call | ast.Await)
    ):
        yield None
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value and not _is_none(node.value):
        yield type(node)(**{**_fields(node), "value": ast.Constant(value=None)})
    elif isinstance(node, ast.Return) and node.value and not _is_none(node.value):
        yield ast.Return(value=ast.Constant(value=None))


def _fields(node):
    return {name: getattr(node, name) for name in node._fields if hasattr(node, name)}


def _units(tree) -> Iterator[tuple[tuple[str, ...], ast.FunctionDef]]:
    """Each function of the module with the classes around it."""

    def visit(body, classes):
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield classes, node
            elif isinstance(node, ast.ClassDef):
                yield from visit(node.body, (*classes, node.name))

    yield from visit(tree.body, ())


def mutants(path: str, functions=None) -> list[Mutant]:
    """The mutants of the module at ``path`` (from the project root), in the functions
    named in ``functions`` (qualified names; all when None)."""
    source = (ROOT / path).read_text(encoding="utf-8")
    found = []
    for classes, function in _units(ast.parse(source)):
        unit = ".".join((*classes, function.name))
        if functions is not None and unit not in functions:
            continue
        sites = list(_walk(function))
        for index, (parent, name, _i, node, in_raise) in enumerate(sites):
            for replacement in _changes(parent, name, node, in_raise):
                found.append(_mutant(path, unit, classes, function, index, replacement))
    counts = Counter()
    for mutant in found:
        counts[mutant.key] += 1
        if counts[mutant.key] > 1:
            mutant.key = f"{mutant.key} #{counts[mutant.key]}"
    return found


def _mutant(path, unit, classes, function, index, replacement):
    tree = copy.deepcopy(function)
    tree.decorator_list = []
    parent, name, position, node, _ = list(_walk(tree))[index]
    before = ast.unparse(node)
    replacement = ast.Pass() if replacement is None else copy.deepcopy(replacement)
    ast.fix_missing_locations(ast.copy_location(replacement, node))
    after = ast.unparse(replacement)
    if position is None:
        setattr(parent, name, replacement)
    else:
        getattr(parent, name)[position] = replacement
    ast.fix_missing_locations(tree)
    before, after = before.splitlines()[0], after.splitlines()[0]
    short_before, short_after = _shorten(before, after)
    mutant = Mutant(path, unit, node.lineno, short_before, short_after, tree, classes)
    mutant.end_line = node.end_lineno or node.lineno
    mutant.key = f"{path}::{unit}: {short_before} → {short_after}"
    return mutant


class Incompetent(Exception):
    """The mutant cannot be put in place of the running function."""


def _code(mutant):
    """The mutated function's code object, compiled inside its classes (for ``super()``)."""
    body = [mutant.tree]
    for name in reversed(mutant.classes):
        body = [ast.ClassDef(name=name, bases=[], keywords=[], body=body, decorator_list=[])]
    module = ast.fix_missing_locations(ast.Module(body=body, type_ignores=[]))
    code = compile(module, str(ROOT / mutant.path), "exec")
    for name in (*mutant.classes, mutant.tree.name):
        code = next(
            c for c in code.co_consts if isinstance(c, types.CodeType) and c.co_name == name
        )
    return code


def live_function(mutant):
    """The function object the running program calls for ``mutant.unit``."""
    module_name = mutant.path.removesuffix(".py").replace("/", ".")
    owner = importlib.import_module(module_name)
    *classes, name = mutant.unit.split(".")
    for cls in classes:
        owner = vars(owner)[cls]
    found = vars(owner)[name]
    filename = str(ROOT / mutant.path)
    for _ in range(10):
        code = getattr(found, "__code__", None)
        if code is not None and code.co_filename == filename and code.co_name == name:
            return found
        found = (
            getattr(found, "__func__", None)  # classmethod, staticmethod
            or getattr(found, "fget", None)  # property
            or getattr(found, "func", None)  # cached_property
            or getattr(found, "__wrapped__", None)  # functools.wraps: transaction.atomic
        )
    raise Incompetent(f"{mutant.unit}: no function of that name runs from {mutant.path}")


class Applied:
    """``with Applied(mutant):`` the program runs the mutant, and the original after."""

    def __init__(self, mutant):
        self.function = live_function(mutant)
        self.original = self.function.__code__
        code = _code(mutant)
        if "__class__" in self.original.co_freevars and "__class__" not in code.co_freevars:
            # The mutant removed the method's only super(): keep its cell all the same.
            mutant = copy.copy(mutant)
            mutant.tree = copy.deepcopy(mutant.tree)
            mutant.tree.body.append(ast.Expr(ast.Name(id="__class__", ctx=ast.Load())))
            code = _code(ast.fix_missing_locations(mutant.tree) and mutant)
        if code.co_freevars != self.original.co_freevars:
            raise Incompetent(f"{mutant.key}: it would change the function's closure")
        self.code = code

    def __enter__(self):
        self.function.__code__ = self.code
        return self

    def __exit__(self, *exc):
        self.function.__code__ = self.original
