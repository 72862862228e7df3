"""NixPackage → the text of its ``default.nix``.

This module computes what the template shows (argument groups, each attribute's laid-out value);
``templates/package.nix.j2`` decides the story order.  Layout and escaping come from :mod:`.nix`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from .. import conditions
from ..conditions import Condition
from ..model import Dependency, GitHubSource, InheritedSource, NativePlan, NixPackage, PypiSource, RawPart
from . import environment, nix

BODY = "  "
NESTED = "    "


def _string(parts: Iterable[str | RawPart]) -> str:
    return nix.string(*(nix.Raw(p.expr) if isinstance(p, RawPart) else p for p in parts))


def dependency_terms(deps: Iterable[Dependency]) -> list[nix.Term]:
    """Group dependencies by condition: one plain list, then one ``lib.optionals`` per condition,
    then ``dep.optional-dependencies.extra`` for needed extras."""
    deps = list(deps)
    groups = conditions.group({d.attr: d.condition for d in deps})
    terms: list[nix.Term] = []
    for cond, attrs_ in groups:
        terms.append(nix.Term(tuple(attrs_), None if cond.is_always else cond))
    if terms and terms[0].condition is not None:
        terms.insert(0, nix.Term(()))
    for dep in sorted(deps, key=lambda d: d.attr):
        for extra in dep.extras:
            expr = f"{dep.attr}.optional-dependencies.{nix.attr_name(extra)}"
            terms.append(nix.Term((), None if dep.condition.is_always else dep.condition, expr=expr))
    if len(terms) > 1 and not terms[0].items and terms[0].condition is None and terms[0].expr is None:
        terms = terms[1:]
    return terms


def _list_binding(name: str, deps: Iterable[Dependency], indent: str = BODY) -> str:
    return nix.concat(nix.attr_name(name), dependency_terms(deps), indent)


def _arguments(pkg: NixPackage, uses_lib: bool) -> list[tuple[Optional[str], list[str]]]:
    conds: list[Condition] = [d.condition for d in pkg.dependencies]
    conds += [d.condition for _, deps in pkg.optional_dependencies for d in deps]
    needed = set(conditions.required_arguments(conds, disabled=pkg.disabled))
    head: list[str] = []
    if uses_lib or "lib" in needed:
        head.append("lib")
    if "stdenv" in needed:
        head.append("stdenv")
    head.append("buildPythonPackage")
    if isinstance(pkg.src, GitHubSource):
        head.append("fetchFromGitHub")
    elif isinstance(pkg.src, PypiSource):
        head.append("fetchPypi")
    head += [a for a in ("pythonOlder", "pythonAtLeast") if a in needed]
    if isinstance(pkg.src, InheritedSource) or pkg.meta_base:
        roots = {pkg.root, pkg.meta_base} - {None}
        head += sorted(r for r in roots if r not in {d.attr for d in pkg.dependencies})
    seen = set(head)
    groups: list[tuple[Optional[str], list[str]]] = [(None, head)]

    def add(comment: str, names: Iterable[str]) -> None:
        fresh = sorted({n for n in names if n not in seen}, key=str.lower)
        seen.update(fresh)
        if fresh:
            groups.append((comment, fresh))

    add("build-system", pkg.build_system)
    if pkg.native is not None:
        add("nativeBuildInputs", [item.split(".")[0] for item in pkg.native.native_build_inputs])
    add("dependencies", [d.attr for d in pkg.dependencies])
    add("optional-dependencies", [d.attr for _, deps in pkg.optional_dependencies for d in deps])
    add("tests", [d.attr for d in pkg.native_check_inputs])  # runtime ones are already listed above
    return groups


def _meta_lines(pkg: NixPackage) -> tuple[list[str], bool]:
    """The bindings inside ``meta = { … }`` (or ``<root>.meta // { … }``), and whether they use lib."""
    meta = pkg.meta
    lines: list[str] = []
    uses_lib = False
    if meta.description:
        lines.append(f"description = {nix.string(meta.description)};")
    if meta.homepage:
        lines.append(f"homepage = {nix.string(meta.homepage)};")
    if meta.changelog:
        lines.append(f"changelog = {_string(meta.changelog)};")
    if meta.licenses:
        uses_lib = True
        if len(meta.licenses) == 1:
            lines.append(f"license = lib.licenses.{meta.licenses[0]};")
        else:
            prefix = "license = with lib.licenses; "
            lines.append(prefix + nix.list_expr(list(meta.licenses), NESTED, NESTED + prefix, ";") + ";")
    if meta.maintainers:
        uses_lib = True
        prefix = "maintainers = with lib.maintainers; "
        handles = [nix.attr_name(m) for m in meta.maintainers]
        lines.append(prefix + nix.list_expr(handles, NESTED, NESTED + prefix, ";") + ";")
    elif not pkg.meta_base:
        lines.append("maintainers = [ ];")
    if meta.main_program:
        lines.append(f"mainProgram = {nix.string(meta.main_program)};")
    return lines, uses_lib


def _cargo_deps(native: NativePlan) -> Optional[str]:
    """``cargoDeps = rustPlatform.fetchCargoVendor { inherit (finalAttrs) …; hash = …; };``"""
    cargo = native.cargo
    if cargo is None:
        return None
    names = ["pname", "version", "src"]
    if cargo.source_root:
        names.append("sourceRoot")
    if cargo.cargo_root:
        names.append("cargoRoot")
    hash_ = nix.string(cargo.hash) if cargo.hash else "lib.fakeHash"
    return "\n".join([
        f"{BODY}cargoDeps = rustPlatform.fetchCargoVendor {{",
        NESTED + nix.inherit(names, NESTED, "finalAttrs"),
        f"{NESTED}hash = {hash_};",
        f"{BODY}}};",
    ])


def _native_context(pkg: NixPackage) -> dict[str, object]:
    """What the template's compiled-project blocks show (all None for pure Python)."""
    native = pkg.native
    if native is None:
        return {"cargo_root": None, "cargo_deps": None, "native_flags": [], "native_build_inputs": None, "build_inputs_note": None}
    return {
        "cargo_root": nix.string(native.cargo.cargo_root) if native.cargo and native.cargo.cargo_root else None,
        "cargo_deps": _cargo_deps(native),
        "native_flags": list(native.flags),
        "native_build_inputs": _plain_list("nativeBuildInputs", native.native_build_inputs) if native.native_build_inputs else None,
        "build_inputs_note": native.build_inputs_note,
    }


def render_package(pkg: NixPackage) -> str:
    """The complete ``default.nix`` of *pkg*."""
    meta_lines, uses_lib = _meta_lines(pkg)
    uses_lib = uses_lib or bool(pkg.native and pkg.native.cargo and not pkg.native.cargo.hash)
    dependencies = _list_binding("dependencies", pkg.dependencies) if pkg.dependencies else None
    optional = [
        (extra, _list_binding(extra, deps, NESTED)) for extra, deps in pkg.optional_dependencies
    ]
    context = {
        "pkg": pkg,
        "arguments": _arguments(pkg, uses_lib),
        "github": pkg.src if isinstance(pkg.src, GitHubSource) else None,
        "pypi": pkg.src if isinstance(pkg.src, PypiSource) else None,
        "inherited": pkg.src if isinstance(pkg.src, InheritedSource) else None,
        "tag": _tag(pkg.src) if isinstance(pkg.src, GitHubSource) else None,
        # an inherited src is finalAttrs.src too (the mlflow-skinny pattern), so one form serves both
        "source_root": nix.string(nix.Raw("finalAttrs.src.name"), "/" + pkg.source_root) if pkg.source_root else None,
        "disabled": nix.binding_value("disabled", pkg.disabled, BODY) if not pkg.disabled.is_never else None,
        # empty for a backend that builds itself (poetry-core) or whose hooks replace it (maturin)
        "build_system": _plain_list("build-system", pkg.build_system) if pkg.build_system else None,
        "relax": [(n, r) for n, r in pkg.relax_deps],
        "remove": [(n, r) for n, r in pkg.remove_deps],
        "dependencies": dependencies,
        "optional": optional,
        "check_inputs": _check_inputs(pkg),
        "namespaces": _plain_list("pythonNamespaces", nix.strings(pkg.python_namespaces)) if pkg.python_namespaces else None,
        "imports": _plain_list("pythonImportsCheck", nix.strings(pkg.imports_check)) if pkg.imports_check else None,
        "meta_lines": meta_lines,
        **_native_context(pkg),
    }
    text = environment().get_template("package.nix.j2").render(context)
    return _tidy(text)


def _check_inputs(pkg: NixPackage) -> Optional[str]:
    """``nativeCheckInputs = [ pytestCheckHook … ] ++ dep.optional-dependencies.extra``: a runtime
    dependency is not repeated, only the extra the tests need of it is added."""
    if not pkg.native_check_inputs:
        return None
    runtime = {d.attr for d in pkg.dependencies if d.condition.is_always}
    items = tuple(d.attr for d in pkg.native_check_inputs if d.attr not in runtime)
    extras = [
        nix.Term((), expr=f"{d.attr}.optional-dependencies.{nix.attr_name(extra)}")
        for d in pkg.native_check_inputs
        for extra in d.extras
    ]
    if not extras:
        return _plain_list("nativeCheckInputs", items)
    return nix.concat("nativeCheckInputs", [nix.Term(items), *extras], BODY)


def _plain_list(name: str, items: Iterable[str]) -> str:
    items = list(items)
    return f"{BODY}{name} = " + nix.list_expr(items, BODY, f"{BODY}{name} = ", ";") + ";"


def _tag(src: GitHubSource) -> str:
    if src.templated and not src.tag_prefix and not src.tag_suffix:
        return "finalAttrs.version"
    if src.templated:
        return nix.string(src.tag_prefix or "", nix.Raw("finalAttrs.version"), src.tag_suffix)
    return nix.string(src.tag)


def _tidy(text: str) -> str:
    """Collapse blank-line runs the template's optional blocks leave and end with one newline."""
    lines = [line.rstrip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line == "" and out and out[-1] == "":
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"
