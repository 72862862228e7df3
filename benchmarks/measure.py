"""Whole-process measurements shared by the benchmarks: run commands alternately, take medians.

Every figure compares whole processes with whole processes (interpreter start-up, imports and
exit included, as a user runs them), measured from the parent: wall time around fork/exec/wait,
CPU time (user + system) from ``wait4``'s resource usage of that one child.
"""

from __future__ import annotations

import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
NIX_CONFIG = "experimental-features = nix-command flakes\nsubstituters =\nuse-registries = false\nsandbox = false"


def child_env() -> dict[str, str]:
    """The environment of measured commands: Nix offline; our package imported from this checkout,
    its bytecode cached as after ``pip install`` (PYTHONDONTWRITEBYTECODE would make every run whose
    source changed since :func:`compile_package` compile it again)."""
    env = dict(os.environ, NIX_CONFIG=NIX_CONFIG, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def regular_install(where: Path, python: str = PYTHON) -> str:
    """An interpreter that imports our package as a regular (non-editable) install does: a venv
    of *python* without pip whose site-packages lists this interpreter's site-packages (jinja2,
    attrs, …) as plain paths, with no import hook; the package itself comes from PYTHONPATH
    (:func:`child_env`).  Another interpreter of another minor version gets no such paths: its
    venv serves only the commands that need nothing beyond the standard library (``hash``).

    The development venv's editable install adds a finder that ``site`` imports at every start-up
    (with pathlib, re, …): about 50 M instructions (12 ms) that a user's install does not pay.
    Figures are given for both.
    """
    import site

    subprocess.run([python, "-m", "venv", "--without-pip", str(where)], check=True)
    version = subprocess.run(
        [python, "-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    if version == f"python{sys.version_info.major}.{sys.version_info.minor}":
        (where / "lib" / version / "site-packages" / "dev-dependencies.pth").write_text(
            "".join(f"{p}\n" for p in site.getsitepackages())
        )
    return str(where / "bin" / "python")


def compile_package(env: Mapping[str, str]) -> None:
    """Byte-compile the package as ``pip install`` does, so start-up is not charged for compiling."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "nixpkgs_contrib")], env=env, check=True)


def one_cpu() -> int:
    """The CPU that single-core runs are pinned to (``taskset -c N``)."""
    return min(os.sched_getaffinity(0))


class Run:
    __slots__ = ("wall", "cpu", "stdout")

    def __init__(self, wall: float, cpu: float, stdout: bytes):
        self.wall, self.cpu, self.stdout = wall, cpu, stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # microseconds (os.times() has 10 ms ticks)
    return usage.ru_utime + usage.ru_stime


def run(argv: Sequence[str], env: Mapping[str, str], *, cpu: int | None = None, cwd: Path = ROOT) -> Run:
    """One run of *argv* (pinned to *cpu* when given); fails loudly on a non-zero exit.

    CPU time is the child's user + system time: the growth of the reaped children's totals
    around this one child (the caller runs nothing else meanwhile).
    """
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, preexec_fn=pin)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{shlex.join(argv)} failed ({proc.returncode}):\n{stderr.decode(errors='replace')}")
    return Run(wall, _children_cpu() - before, stdout)


def alternate(commands: Mapping[str, Sequence[str]], env: Mapping[str, str], rounds: int, *, cpu: int | None = None,
              cwd: Path = ROOT) -> dict[str, list[Run]]:
    """*rounds* runs of each command, interleaved (the order reversed every other round so no
    command always follows the same one); a first warm-up round is dropped."""
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(rounds + 1):
        for name in names if i % 2 == 0 else names[::-1]:
            result = run(commands[name], env, cpu=cpu, cwd=cwd)
            if i:
                runs[name].append(result)
    return runs


def median_wall(runs: Sequence[Run]) -> float:
    return statistics.median(r.wall for r in runs)


def median_cpu(runs: Sequence[Run]) -> float:
    return statistics.median(r.cpu for r in runs)


def command_line(argv: Sequence[str], *, cpu: int | None = None) -> str:
    """*argv* as one would type it: our interpreter as ``python``, pinning as ``taskset``."""
    words = ["python" if a == PYTHON or a.endswith("/bin/python") else a for a in argv]
    return ("" if cpu is None else f"taskset -c {cpu} ") + shlex.join(words)


def machine() -> str:
    """One line naming the machine the figures come from."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nix = subprocess.run(["nix", "--version"], capture_output=True, text=True).stdout.strip() if shutil.which("nix") else "no nix"
    return f"{model}, {len(os.sched_getaffinity(0))} CPUs, Linux {platform.release()}; Python {platform.python_version()}; {nix}"


def load() -> str:
    """The load averages (1, 5, 15 minutes): how busy the machine was around the figures."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def instructions(argv: Sequence[str], env: Mapping[str, str], *, cwd: Path = ROOT) -> int | None:
    """User-space instructions of one run under callgrind (independent of the machine's load),
    or None without valgrind.  The hash seed is fixed so that runs repeat exactly."""
    if shutil.which("valgrind") is None:
        return None
    env = dict(env, PYTHONHASHSEED="0")
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, check=True).stderr
    for line in out.splitlines():
        if "Collected :" in line:
            return int(line.rsplit(":", 1)[1])
    return None


def syscalls(argv: Sequence[str], env: Mapping[str, str], *, cpu: int | None = None) -> int | None:
    """System calls of one run and its threads (``strace -c -f``), or None without strace."""
    if shutil.which("strace") is None:
        return None
    pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
    with tempfile.NamedTemporaryFile("r", prefix="strace-") as summary:
        subprocess.run(["strace", "-c", "-f", "-o", summary.name, *argv], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=pin)
        for line in summary.read().splitlines():
            if line.rstrip().endswith(" total"):
                return int(line.split()[3])
    return None
