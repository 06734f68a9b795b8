"""What a mutation run found: the kill rate of each module and every survivor."""

from dataclasses import dataclass, field

from tests.mutation.mutants import Mutant


@dataclass
class Result:
    mutant: Mutant
    tests: int  # how many tests reach the mutated function
    killed_by: str | None = None
    incompetent: str | None = None
    equivalent: str | None = field(default=None)  # the reason given in equivalent.txt

    @property
    def mark(self):
        if self.incompetent:
            return "!"
        if self.killed_by:
            return "."
        return "e" if self.equivalent else "S"

    @property
    def colour(self):
        return {"S": {"red": True}, "!": {"yellow": True}}.get(self.mark, {})


def report(results, targets, equivalents, write, *, seconds):
    """Write the report; True when every survivor is a listed equivalent."""
    ok = True
    write("\nkilled / mutants that change behaviour (equivalents listed apart):\n")
    for target in targets:
        mine = [r for r in results if r.mutant.path == target.path]
        equivalent = [r for r in mine if r.equivalent and not r.killed_by]
        incompetent = [r for r in mine if r.incompetent]
        counted = [r for r in mine if r not in equivalent and r not in incompetent]
        killed = [r for r in counted if r.killed_by]
        rate = len(killed) / len(counted) if counted else 1.0
        write(
            f"  {rate:7.1%}  {len(killed):4}/{len(counted):<4} {target.path}"
            f"  ({len(equivalent)} equivalent, {len(incompetent)} not applicable)\n",
            **({"red": True} if len(killed) < len(counted) else {"green": True}),
        )
    survivors = [r for r in results if not r.killed_by and not r.incompetent and not r.equivalent]
    if survivors:
        ok = False
        write(f"\n{len(survivors)} surviving mutants (add a test, or list one that cannot\n")
        write("change behaviour in tests/mutation/equivalent.txt with its reason):\n", red=True)
        for r in survivors:
            reach = f"{r.tests} tests run it" if r.tests else "no test runs it"
            write(f"  {r.mutant.key}\n      line {r.mutant.line}; {reach}\n")
    killed_equivalents = [r for r in results if r.equivalent and r.killed_by]
    seen = {r.mutant.key for r in results}
    run_paths = {t.path for t in targets}
    stale = [key for key in equivalents if key.split("::")[0] in run_paths and key not in seen]
    for r in killed_equivalents:
        write(f"  listed as equivalent but killed: {r.mutant.key}\n", yellow=True)
    for key in stale:
        write(f"  listed as equivalent but no longer made: {key}\n", yellow=True)
    if killed_equivalents or stale:
        ok = False
        write("Take those lines out of tests/mutation/equivalent.txt.\n", red=True)
    incompetent = [r for r in results if r.incompetent]
    for r in incompetent:
        write(f"  not applicable: {r.incompetent}\n", yellow=True)
    minutes, secs = divmod(round(seconds), 60)
    write(f"\n{len(results)} mutants in {minutes} min {secs} s\n")
    return ok
