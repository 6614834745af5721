"""`python -m tests.benchmarks`: issue 8's speed and scale suite (tests/benchmarks/suite.py).

Options go to the suite (`python -m tests.benchmarks --help`). `python -m tests.benchmarks
evals` instead runs every older evaluation and benchmark of this folder (eval_*, bench_*),
one after another, and exits 1 when any of them failed.
"""

import importlib
import pkgutil
import sys
from pathlib import Path


def run_evals() -> int:
    """Run each eval_* and bench_* module's main(); return 1 when any failed."""
    failed = []
    sys.argv = sys.argv[:1]  # the modules that parse options must not see "evals"
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name.startswith(("eval_", "bench_")):
            print(f"\n=== {info.name} ===", flush=True)
            module = importlib.import_module(f"tests.benchmarks.{info.name}")
            status = module.main() if hasattr(module, "main") else 0
            if status:
                failed.append(info.name)
    print("\nfailed: " + ", ".join(failed) if failed else "\nall evaluations passed")
    return 1 if failed else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["evals"]:
        sys.exit(run_evals())
    from tests.benchmarks.suite import main

    sys.exit(main(sys.argv[1:]))
