"""Start-up benchmark: what a command costs before it does anything, against a bare interpreter.

    python benchmarks/bench_startup.py [--repeat 21] [--instructions]

Runs ``python -c pass``, ``--help``, every command's ``--help``, ``hash`` of a one-file directory
and, for scale, ``nix hash path`` of the same directory: whole processes, alternating, a warm-up
round dropped, medians of CPU time (user + system) and wall time.  Each Python command runs twice:
with a regular install's interpreter (no import hook; what users run) and with the development
venv's (its editable install's finder imports pathlib and more at every start-up).
--instructions adds user-space instructions of one run of each under callgrind, which do not
depend on the machine's load.  The package is byte-compiled first, as pip does.
Prints markdown rows for benchmarks/README.md and the README's Performance section.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import measure  # noqa: E402

from nixpkgs_contrib.commands import COMMANDS  # noqa: E402

#: the target of issue 12 for --help and hash DIR, CPU milliseconds
TARGET_MS = 50


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
        pythons = {"regular install": measure.regular_install(Path(tmp) / "venv"), "editable (dev venv)": measure.PYTHON}
        lines = {
            "python -c pass": ["-c", "pass"],
            "--help": ["-m", "nixpkgs_contrib", "--help"],
            **{f"{name} --help": ["-m", "nixpkgs_contrib", name, "--help"] for name in COMMANDS},
            "hash DIR (one small file)": ["-m", "nixpkgs_contrib", "hash", str(tiny)],
        }
        commands = {(name, kind): [py, *argv] for kind, py in pythons.items() for name, argv in lines.items()}
        if shutil.which("nix"):
            commands[("nix hash path DIR (for scale)", "")] = ["nix", "hash", "path", str(tiny)]
        load_before = measure.load()
        runs = measure.alternate(commands, env, args.repeat)
        counted = {key: measure.instructions(argv, env) for key, argv in commands.items()} if args.instructions else {}
        load_after = measure.load()

        print(f"Machine: {measure.machine()}")
        print(f"Load average before: {load_before}; after: {load_after}")
        print(f"Whole processes, median of {args.repeat} alternating runs (a warm-up round dropped).\n")
        kinds = list(pythons)
        header = "| command |" + "".join(f" {k}: CPU ms | wall ms |" for k in kinds)
        rule = "|---|" + "---:|---:|" * len(kinds)
        if counted:
            header += "".join(f" {k}: instructions (M) |" for k in kinds)
            rule += "---:|" * len(kinds)
        print(header)
        print(rule)
        over = []
        for name in [*lines, "nix hash path DIR (for scale)"]:
            keys = [(name, k) for k in kinds] if name in lines else [(name, "")]
            if keys[0] not in runs:
                continue
            row = f"| `{name}` |"
            for key in keys:
                cpu, wall = measure.median_cpu(runs[key]) * 1000, measure.median_wall(runs[key]) * 1000
                row += f" {cpu:.1f} | {wall:.1f} |"
                if name != "python -c pass" and key in commands and key[1] and cpu > TARGET_MS:
                    over.append(f"{name} ({key[1]}): {cpu:.1f} ms")
            row += " | |" * (len(kinds) - len(keys))
            if counted:
                row += "".join(f" {counted[key] / 1e6:.0f} |" if counted.get(key) else " |" for key in keys)
                row += " |" * (len(kinds) - len(keys))
            print(row)
        print(f"\nOver the {TARGET_MS} ms CPU target: {', '.join(over) if over else 'none'}")
        print("\nCommands (python: the regular install's or the dev venv's interpreter):\n")
        for name, argv in lines.items():
            print(f"- {name}: `{measure.command_line(['python', *argv]).replace(str(tiny), 'DIR')}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
