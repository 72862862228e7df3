"""`check --target unstable --severity note` over the shared corpus of accepted nixpkgs files.

An error on a file nixpkgs accepted is a false positive until shown otherwise.  Seven remain,
each a file nixfmt 1.x rewrites (so nixpkgs' formatting check rejects it as copied): six 2024
revisions written before the nixfmt 1.0 reformat (``] ++ …`` on the closing line of a list) and
boto3, whose copy indents a ``++`` line by three spaces.  A nixfmt port (nixfmt-rs) agrees: these
seven are exactly the corpus files it does not leave unchanged.

Run ``python tests/test_check_corpus.py`` for the README's per-rule table.
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from corpus import CORPUS, MODULES, REPO, requires_corpus

from nixpkgs_contrib import check
from nixpkgs_contrib.matrix import target_for_release

#: the corpus files that nixfmt 1.x rewrites, and why (see the module docstring)
NOT_NIXFMT = {
    "boto3": "a `++` line indented by three spaces",
    "google-cloud-core": "pre-1.0 nixfmt: `] ++` on the closing line",
    "gotenberg-client": "pre-1.0 nixfmt: `] ++` on the closing line",
    "niaarm": "pre-1.0 nixfmt: `] ++` on the closing line",
    "nvchecker": "pre-1.0 nixfmt: `] ++` on the closing line",
    "opentelemetry-instrumentation-django": "pre-1.0 nixfmt: `] ++` on the closing line",
    "ufmt": "pre-1.0 nixfmt: `] ++` on the closing line",
}


def corpus_findings() -> list[check.Finding]:
    assert CORPUS is not None
    pythons = target_for_release("unstable").pythons
    return check.check_paths([CORPUS / "python-modules"], pythons=pythons, severity=check.Severity.NOTE)


def table(findings: list[check.Finding]) -> str:
    files: dict[str, set[str]] = collections.defaultdict(set)
    counts: collections.Counter[str] = collections.Counter()
    for f in findings:
        files[f.rule].add(f.path)
        counts[f.rule] += 1
    rows = ["| rule | severity | files | findings |", "|---|---|---|---|"]
    order = sorted(check.RULES.values(), key=lambda r: (-r.severity, r.id))
    for rule in order:
        if rule.id == check.FLAKE_EVAL.id:
            continue
        rows.append(f"| {rule.id} {rule.name} | {rule.severity} | {len(files[rule.id])} | {counts[rule.id]} |")
    total = f"{len(findings)} findings in {len({f.path for f in findings})} of {len(MODULES)} files"
    by_level = collections.Counter(f.severity for f in findings)
    levels = ", ".join(f"{by_level[s]} {s}s" for s in check.SEVERITIES)
    return "\n".join(rows) + f"\n\n{total} ({levels})."


@requires_corpus
def test_no_error_on_accepted_files_but_those_nixfmt_rewrites():
    errors = [f for f in corpus_findings() if f.level is check.Severity.ERROR]
    assert {(Path(f.path).parent.name, f.rule) for f in errors} == {(name, "NC028") for name in NOT_NIXFMT}
    assert len(errors) == len(NOT_NIXFMT)


@requires_corpus
def test_readme_table_is_the_corpus_run():
    readme = (REPO / "README.md").read_text()
    m = re.search(r"<!-- check-corpus-table -->\n(.*?)\n<!-- /check-corpus-table -->", readme, re.S)
    assert m, "README.md has no check-corpus-table block"
    assert m.group(1).strip() == table(corpus_findings()), "run `python tests/test_check_corpus.py` and paste its table"


if __name__ == "__main__":
    if CORPUS is None:
        sys.exit("the shared corpus is absent")
    print(table(corpus_findings()))
