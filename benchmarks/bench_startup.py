"""Start-up benchmark: what a command costs before it does anything, against a bare interpreter.

    python benchmarks/bench_startup.py [--repeat 21] [--instructions]

Runs ``python -c pass``, ``--help``, ``hash`` of a one-file directory, ``hash --help`` and, for
scale, ``emit --help`` (which needs the readers) and ``nix hash path`` of the same directory:
whole processes, alternating, a warm-up round dropped, medians of CPU time (user + system) and
wall time.  --instructions adds user-space instructions of one run of each under callgrind,
which do not depend on the machine's load.  The package is byte-compiled first, as pip does.
Prints markdown rows for benchmarks/README.md and the README's Performance section.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--instructions", action="store_true", help="also count instructions (valgrind)")
    args = parser.parse_args()

    env = measure.child_env()
    measure.compile_package(env)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        tiny = Path(tmp) / "tiny"
        tiny.mkdir()
        (tiny / "hello.txt").write_text("hello\n")
        py = [measure.PYTHON]
        commands = {
            "python -c pass": [*py, "-c", "pass"],
            "--help": [*py, "-m", "nixpkgs_contrib", "--help"],
            "hash DIR (one small file)": [*py, "-m", "nixpkgs_contrib", "hash", str(tiny)],
            "hash --help": [*py, "-m", "nixpkgs_contrib", "hash", "--help"],
            "emit --help (imports the readers)": [*py, "-m", "nixpkgs_contrib", "emit", "--help"],
        }
        if shutil.which("nix"):
            commands["nix hash path DIR (for scale)"] = ["nix", "hash", "path", str(tiny)]
        load_before = measure.load()
        runs = measure.alternate(commands, env, args.repeat)
        counted = {name: measure.instructions(argv, env) for name, argv in commands.items()} if args.instructions else {}
        load_after = measure.load()

        bare_cpu = measure.median_cpu(runs["python -c pass"])
        bare_ins = counted.get("python -c pass")
        print(f"Machine: {measure.machine()}")
        print(f"Load average before: {load_before}; after: {load_after}")
        print(f"Whole processes, median of {args.repeat} alternating runs (a warm-up round dropped).\n")
        header = "| command | CPU ms | wall ms | CPU vs python -c pass |"
        rule = "|---|---:|---:|---:|"
        if counted:
            header += " instructions (M) | vs python -c pass |"
            rule += "---:|---:|"
        print(header)
        print(rule)
        for name, result in runs.items():
            cpu, wall = measure.median_cpu(result) * 1000, measure.median_wall(result) * 1000
            row = f"| `{name}` | {cpu:.1f} | {wall:.1f} | {cpu / (bare_cpu * 1000):.2f} |"
            if counted:
                ins = counted[name]
                row += f" {ins / 1e6:.0f} | {ins / bare_ins:.2f} |" if ins and bare_ins else " | |"
            print(row)
        print("\nCommands:\n")
        for name, argv in commands.items():
            print(f"- {name}: `{measure.command_line(argv).replace(str(tiny), 'DIR')}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
