"""`make mutate`: mutation testing of the security-critical code, with mutmut.

Each mutant is one plausible bug (a flipped comparison, a dropped condition, a changed
string or number) in the code listed under [tool.mutmut] in pyproject.toml. The
non-browser suite runs against each mutant, only the tests that reach the mutated
function, fastest first, stopping at the first failure: a mutant that fails a test is
"killed", one that passes every test "survived". At the end this prints the kill rate
and the mutants the suite missed. Runs on SQLite whatever DATABASE_URL says.

    tools/mutate.py                          a full run, from scratch, then the report
    tools/mutate.py run 'peerwell.core.*'    after a full run: test these mutants again
    tools/mutate.py show NAME                the change one mutant makes
    tools/mutate.py report                   the report of the last run

mutmut cannot mutate code that runs only while modules are imported (a decorator's
body, a form's field declarations): the suite imports once and then forks a process
per mutant. Such mutants show as survivors; the report says which functions run only
at import.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"
# The suite caught the bug: it failed, ran out of time, or died.
CAUGHT = {"killed", "timeout", "segfault"}
# The suite did not: it passed, no test reaches the code, or it ended oddly.
MISSED = {"survived", "no tests", "suspicious"}

# mutmut leaves decorated functions alone, since a decorator copied onto each mutant
# could register it twice. Ours only wrap, and most of the code that matters wears one:
# every action (@transaction.atomic), view (@staff_view) and property. So functions with
# only these decorators are mutated too: the original and each mutant are plain copies,
# and the trampoline that calls the active one keeps the decorators, applied once.
PLAIN_DECORATORS = {
    "transaction.atomic",
    "property",
    "cached_property",
    "staff_view",
    "public_view",
    "require_POST",
    "receiver",
    "register.filter",
    "wraps",
}


def mutate_plainly_decorated_functions() -> None:
    import libcst as cst
    from mutmut.mutation import file_mutation

    def plainly_decorated(node) -> bool:
        def name(decorator):
            expression = decorator.decorator
            if isinstance(expression, cst.Call):
                expression = expression.func
            return cst.Module([]).code_for_node(expression)

        return (
            isinstance(node, cst.FunctionDef)
            and bool(node.decorators)
            and all(name(d) in PLAIN_DECORATORS for d in node.decorators)
        )

    visitor = file_mutation.MutationVisitor
    skip = visitor._skip_node_and_children
    arrange = file_mutation.function_trampoline_arrangement

    def skip_node_and_children(self, node):
        if not plainly_decorated(node):
            return skip(self, node)
        position = self.get_metadata(file_mutation.PositionProvider, node, None)
        if position and position.start.line in self._ignored_node_lines:  # a pragma
            self.ignored_functions.add(node.name.value)
            return True
        return skip(self, node.with_changes(decorators=[]))

    def function_trampoline_arrangement(function, mutants, class_name):
        if not plainly_decorated(function):
            return arrange(function, mutants, class_name)
        declared, (trampoline, *copies), assigned, names = arrange(
            function.with_changes(decorators=[]), mutants, class_name
        )
        trampoline = trampoline.with_changes(
            decorators=[*function.decorators, *trampoline.decorators]
        )
        return declared, [trampoline, *copies], assigned, names

    visitor._skip_node_and_children = skip_node_and_children
    file_mutation.function_trampoline_arrangement = function_trampoline_arrangement


def mutmut(args: list[str]) -> int:
    """mutmut's own command line, with the change above."""
    from mutmut.__main__ import cli

    mutate_plainly_decorated_functions()
    try:
        cli.main(args, prog_name="mutmut", standalone_mode=False)
    except SystemExit as exit:
        return exit.code or 0
    return 0


def migrated_database(directory: Path) -> Path:
    """One SQLite database, migrated once; each test run starts from a copy of it
    (tools/mutate_db.py) instead of migrating its own."""
    path = directory / "migrated.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peerwell.test_settings",
        "DATABASE_URL": f"sqlite:///{path}",
    }
    # The test settings' email never delivers, which the system checks refuse outside tests.
    migrate = [sys.executable, "-m", "django", "migrate", "-v", "0", "--skip-checks"]
    subprocess.run(migrate, env=env, check=True)
    return path


def run(mutants: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="peerwell-mutate-") as scratch:
        os.environ["PEERWELL_MUTATE_DB"] = str(migrated_database(Path(scratch)))
        os.environ.pop("DATABASE_URL", None)
        jobs = os.environ.get("MUTATE_JOBS") or str(os.cpu_count() or 2)
        return mutmut(["run", "--max-children", jobs, *mutants])


def results() -> dict[str, str]:
    """Every mutant's status, from `mutmut results`."""
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"], capture_output=True, text=True, check=True
    ).stdout
    statuses = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep:
            statuses[name] = status
    return statuses


def report(statuses: dict[str, str]) -> None:
    counts = Counter(statuses.values())
    caught = sum(counts[s] for s in CAUGHT)
    missed = sum(counts[s] for s in MISSED)
    tally = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()))
    print(f"\nMutants: {len(statuses)}; {tally}")
    if caught + missed:
        print(
            f"Kill rate: {100 * caught / (caught + missed):.1f}% = {caught} caught / "
            f"({caught} caught + {missed} missed)\n"
            "  caught: killed, timeout and segfault (the suite failed, hung or crashed)\n"
            '  missed: survived, "no tests" (no test reaches the code) and suspicious'
        )
    others = set(counts) - CAUGHT - MISSED
    if others:
        print("Not counted: " + ", ".join(f"{s} {counts[s]}" for s in sorted(others)))
    by_function = defaultdict(list)
    for name, status in sorted(statuses.items()):
        if status in MISSED:
            function, _, number = name.rpartition("__mutmut_")
            by_function[function].append(number + ("" if status == "survived" else f" {status}"))
    if by_function:
        print("\nMissed, by function (see one with `tools/mutate.py show NAME__mutmut_N`):")
        for function, numbers in by_function.items():
            print(f"  {function}: {', '.join(numbers)}")


def main(args: list[str]) -> int:
    os.chdir(ROOT)
    command, rest = (args[0], args[1:]) if args else ("run", [])
    if command == "report":
        report(results())
        return 0
    if command != "run":
        return mutmut(args)
    if not rest:
        shutil.rmtree("mutants", ignore_errors=True)  # results of an older run would stand
    start = time.monotonic()
    code = run(rest)
    if code:
        return code
    report(results())
    print(f"Took {(time.monotonic() - start) / 60:.0f} minutes.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
