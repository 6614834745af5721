"""Run every evaluation and benchmark in this folder, one after another (`python -m tests.benchmarks`)."""

import importlib
import pkgutil
import sys
from pathlib import Path

failed = []
for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
    if info.name.startswith(("eval_", "bench_")):
        print(f"\n=== {info.name} ===", flush=True)
        module = importlib.import_module(f"tests.benchmarks.{info.name}")
        status = module.main() if hasattr(module, "main") else 0
        if status:
            failed.append(info.name)
print("\nfailed: " + ", ".join(failed) if failed else "\nall evaluations passed")
sys.exit(1 if failed else 0)
