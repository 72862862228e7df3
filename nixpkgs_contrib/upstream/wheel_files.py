"""Which Python files each build backend puts in the wheel, by the backend's own rules.

Each function mirrors one backend's file selection closely enough to know the modules a wheel
installs (not its data files): setuptools (``packages``/``py_modules``/``package_dir``/``find``,
automatic discovery), hatchling, pdm-backend, flit, poetry-core, uv_build, maturin, meson-python and
scikit-build-core.  Everything is read statically from the tree; nothing is built or run.
"""

from __future__ import annotations

import ast
import fnmatch
import functools
import posixpath
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Optional

from ..errors import SourceError
from .layout import WheelLayout, files_below, find_packages, is_module_file, python_files
from .tree import SourceTree, read_text

# --------------------------------------------------------------------------------------------------
# patterns


@functools.lru_cache(maxsize=1024)
def gitignore_regex(pattern: str) -> re.Pattern[str]:
    """A gitignore-style pattern (what hatchling's include/exclude use) as a regex over relative
    POSIX paths; like git, a pattern that matches a directory matches everything below it."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    directory_only = pattern.endswith("/")
    body = pattern.strip("/")
    parts = body.split("/")
    out = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out += ".*" if last else "(?:.*/)?"
            continue
        out += _segment_regex(part) + ("" if last else "/")
    prefix = "" if anchored else "(?:.*/)?"
    suffix = "/.*" if directory_only else "(?:/.*)?"
    return re.compile(f"^{prefix}{out}{suffix}$")


def _segment_regex(segment: str) -> str:
    out = ""
    i = 0
    while i < len(segment):
        c = segment[i]
        if c == "*":
            out += "[^/]*"
        elif c == "?":
            out += "[^/]"
        elif c == "[":
            end = segment.find("]", i + 1)
            if end < 0:
                out += re.escape(c)
            else:
                inner = segment[i + 1 : end].replace("\\", "\\\\")
                out += "[" + ("^" + inner[1:] if inner.startswith("!") else inner) + "]"
                i = end
        elif c == "\\" and i + 1 < len(segment):
            i += 1
            out += re.escape(segment[i])
        else:
            out += re.escape(c)
        i += 1
    return out


def gitignore_match(patterns: Sequence[str], path: str) -> bool:
    """Does *path* match the pattern list (the last matching pattern wins; ``!`` negates)?"""
    matched = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        if not pattern.strip() or pattern.startswith("#"):
            continue
        if gitignore_regex(pattern[1:] if negate else pattern).match(path):
            matched = not negate
    return matched


def glob_paths(tree: SourceTree, pattern: str) -> list[str]:
    """Python's ``glob(pattern, recursive=True)`` on the tree: matching files and directories."""
    pattern = posixpath.normpath(pattern.strip()).lstrip("/") if pattern.strip() not in ("", ".") else ""
    if not pattern or pattern == ".":
        return [""]
    segments = pattern.split("/")
    files = files_below(tree, "")
    candidates = set(files)
    for f in files:
        parts = f.split("/")
        candidates.update("/".join(parts[:i]) for i in range(1, len(parts)))
    return sorted(c for c in candidates if _glob_match(c.split("/"), segments))


def _glob_match(parts: Sequence[str], segments: Sequence[str]) -> bool:
    if not segments:
        return not parts
    head, rest = segments[0], segments[1:]
    if head == "**":
        return any(_glob_match(parts[i:], rest) for i in range(len(parts) + 1))
    if not parts:
        return False
    name = parts[0]
    if name.startswith(".") and not head.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, head) and _glob_match(parts[1:], rest)


def _below(path: str, directory: str) -> bool:
    return not directory or path == directory or path.startswith(directory + "/")


def _files_below(tree: SourceTree, path: str) -> Sequence[str]:
    if tree.is_file(path):
        return [path]
    return files_below(tree, path)


def _only_python(files: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if is_module_file(k)}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if isinstance(v, str)]
    return []


def module_name(distribution: str) -> str:
    """The module name most backends derive from the distribution: ``Foo-Bar.baz`` → ``foo_bar_baz``."""
    return re.sub(r"[-_.]+", "_", distribution).lower()


# --------------------------------------------------------------------------------------------------
# setuptools


#: FlatLayoutPackageFinder / FlatLayoutModuleFinder exclusions (setuptools.discovery)
_FLAT_PACKAGE_EXCLUDE = (
    "ci", "bin", "debian", "doc", "docs", "documentation", "manpages", "news", "newsfragments", "changelog",
    "test", "tests", "unit_test", "unit_tests", "example", "examples", "scripts", "tools", "util", "utils",
    "python", "build", "dist", "venv", "env", "requirements", "tasks", "fabfile", "site_scons", "benchmark",
    "benchmarks", "exercise", "exercises", "htmlcov", "[._]*",
)  # fmt: skip
_FLAT_MODULE_EXCLUDE = (
    "setup", "conftest", "test", "tests", "example", "examples", "build", "toxfile", "noxfile", "pavement",
    "dodo", "tasks", "fabfile", "[Ss][Cc]onstruct", "conanfile", "manage", "benchmark", "benchmarks",
    "exercise", "exercises", "[._]*",
)  # fmt: skip


def _package_source(package: str, package_dir: Mapping[str, str]) -> str:
    """The directory setuptools reads *package* from, by ``package_dir``."""
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        key = ".".join(parts[:i])
        if key in package_dir:
            return "/".join(p for p in (package_dir[key].strip("/").removeprefix("./"), *parts[i:]) if p and p != ".")
    base = package_dir.get("", "").strip("/").removeprefix("./")
    return "/".join(p for p in (base, *parts) if p and p != ".")


def setuptools(
    tree: SourceTree,
    *,
    packages: Optional[Sequence[str]],
    py_modules: Optional[Sequence[str]],
    package_dir: Mapping[str, str],
    extensions: Sequence[str] = (),
    discover_despite_extensions: bool = False,
) -> WheelLayout:
    """``packages`` (each package's own ``.py`` files), ``py_modules`` and extension modules; with
    none of them, setuptools' automatic discovery (explicit ``package_dir``, src-layout, flat-layout)."""
    if packages is None and py_modules is None and (not extensions or discover_despite_extensions):
        packages, py_modules, package_dir = _discover(tree, package_dir)
    files: dict[str, str] = {}
    for package in packages or ():
        source = _package_source(package, package_dir)
        # a stub-only package ships its .pyi files as package data, subdirectories included
        stubs = package.split(".")[0].endswith("-stubs")
        files.update(python_files(tree, source, package.replace(".", "/"), recursive=stubs))
    for module in py_modules or ():
        parent, _, last = module.rpartition(".")
        source = _package_source(parent, package_dir) if parent else package_dir.get("", "").strip("/")
        path = "/".join(p for p in (source, f"{last}.py") if p and p != ".")
        if tree.is_file(path):
            files[module.replace(".", "/") + ".py"] = path
    return WheelLayout(files, extensions)


def _discover(tree: SourceTree, package_dir: Mapping[str, str]) -> tuple[list[str], list[str], dict[str, str]]:
    """setuptools.discovery.ConfigDiscovery: (packages, py_modules, package_dir)."""
    explicit = {k: v for k, v in package_dir.items() if k}
    if explicit:
        packages: list[str] = []
        for package, directory in explicit.items():
            packages += [package] + [f"{package}.{p}" for p in find_packages(tree, directory.strip("/"), namespace=True)]
        return packages, [], dict(package_dir)
    src = package_dir.get("", "src").strip("/")
    if src in (".", "./"):
        # ``package-dir = {"" = "."}``: setuptools' src-layout rule on the root itself, every
        # directory a package (boto3-stubs), without the flat layout's exclusions
        return find_packages(tree, "", namespace=True), _top_modules(tree, "", ("setup", "[._]*")), {}
    if src and tree.is_dir(src):
        return find_packages(tree, src, namespace=True), _top_modules(tree, src, ()), {"": src}
    flat = [
        p for p in find_packages(tree, "", namespace=True, exclude=[e for x in _FLAT_PACKAGE_EXCLUDE for e in (x, f"{x}.*")])
        if p.split(".")[0].isidentifier() or p.split(".")[0].endswith("-stubs")
    ]
    top = sorted({p.split(".")[0] for p in flat})
    if top:
        # more than one top-level package is an error for setuptools; keep those that hold code
        with_code = [t for t in top if any(f.endswith((".py", ".pyi")) for f in files_below(tree, t))]
        keep = set(with_code if len(top) > 1 else top)
        return [p for p in flat if p.split(".")[0] in keep], [], {}
    return [], _top_modules(tree, "", _FLAT_MODULE_EXCLUDE), {}


def _top_modules(tree: SourceTree, where: str, exclude: Sequence[str]) -> list[str]:
    prefix = f"{where}/" if where else ""
    out = []
    for f in files_below(tree, ""):
        rel = f[len(prefix):] if f.startswith(prefix) else None
        if rel is None or "/" in rel or not rel.endswith(".py"):
            continue
        stem = rel[:-3]
        if stem.isidentifier() and not any(fnmatch.fnmatchcase(stem, p) for p in exclude):
            out.append(stem)
    return sorted(out)


def setuptools_toml(tree: SourceTree, config: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """``[tool.setuptools]`` packages / packages.find / py-modules / package-dir / ext-modules as
    setup() keywords, or None when it declares none of them."""
    if not isinstance(config, Mapping):
        return None
    package_dir = config.get("package-dir") if isinstance(config.get("package-dir"), Mapping) else {}
    out: dict[str, Any] = {"package_dir": {str(k): str(v) for k, v in package_dir.items()}}
    packages = config.get("packages")
    if isinstance(packages, list):
        out["packages"] = [str(p) for p in packages]
    elif isinstance(packages, Mapping) and "find" in packages:
        find = packages.get("find") or {}
        base = out["package_dir"].get("", "")
        found: list[str] = []
        for where in _strings(find.get("where")) or [base or "."]:
            where = "" if where in (".", "./") else where.strip("/")
            here = find_packages(
                tree, where, exclude=_strings(find.get("exclude")), include=_strings(find.get("include")) or ["*"],
                namespace=bool(find.get("namespaces", True)),
            )
            if where != base:  # setuptools maps each package found below ``where`` to its directory
                for top in sorted({p.split(".")[0] for p in here}):
                    out["package_dir"].setdefault(top, "/".join(x for x in (where, top) if x))
            found += here
        out["packages"] = found
    if "py-modules" in config:
        out["py_modules"] = _strings(config["py-modules"])
    extensions = [str(e["name"]) for e in config.get("ext-modules") or () if isinstance(e, Mapping) and e.get("name")]
    if extensions:
        out["extensions"] = extensions
    declared = {"packages", "py_modules", "extensions"} & out.keys()
    # ``packages = []`` written out, and no module or extension: a metadata-only wheel (a
    # meta-package that only requires others), by the configuration, not because none was found
    out["metadata_only"] = isinstance(packages, list) and not packages and not out.get("py_modules") and not extensions
    return out if declared or out["package_dir"] else None


_EXTENSION_CALL = re.compile(r"(?:^|\.)\w*Extension$")


def setup_py_extensions(tree: SourceTree, relpath: str = "setup.py") -> tuple[str, ...]:
    """Dotted names of the extension modules setup.py declares with a literal name:
    ``Extension("librt.internal", …)``, ``Pybind11Extension``, ``RustExtension("pkg._rust")``,
    and ``cythonize("pkg/*.pyx")`` patterns that match files.  Read from the syntax tree only."""
    if not tree.is_file(relpath):
        return ()
    try:
        text = read_text(tree, relpath)
        if "Extension" not in text and "cythonize" not in text:
            return ()
        module = ast.parse(text)
    except (SyntaxError, ValueError, SourceError):
        return ()
    names: set[str] = set()
    for node in ast.walk(module):
        if not isinstance(node, ast.Call):
            continue
        func = ast.unparse(node.func)
        if _EXTENSION_CALL.search(func):
            literal = node.args[0] if node.args else next((k.value for k in node.keywords if k.arg in ("name", "target")), None)
            if isinstance(literal, ast.Constant) and isinstance(literal.value, str) and "*" not in literal.value:
                names.add(literal.value.split(":")[0])
        elif func.endswith("cythonize") and node.args:
            for pattern in _literal_strings(node.args[0]):
                for path in glob_paths(tree, pattern):
                    if path.endswith((".pyx", ".py")):
                        names.add(path.rsplit(".", 1)[0].replace("/", "."))
    return tuple(sorted(n for n in names if all(p.isidentifier() for p in n.split("."))))


def _literal_strings(node: ast.expr) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


# --------------------------------------------------------------------------------------------------
# hatchling


#: hatchling never walks into these
_HATCH_EXCLUDED_DIRS = frozenset({".git", ".hg", ".svn", ".nox", ".tox", ".venv", "venv", ".mypy_cache", ".pytest_cache", "__pycache__", "__pypackages__"})


def hatch(tree: SourceTree, hatch_config: Mapping[str, Any], raw_name: str) -> Optional[WheelLayout]:
    """``[tool.hatch.build.targets.wheel]`` (falling back to ``[tool.hatch.build]``): packages,
    only-include, include, exclude, sources, force-include; without any, hatch's default file
    selection from the project name.  None when hatch itself could not decide (the build fails);
    a layout marked ``metadata_only`` when ``bypass-selection`` makes the wheel ship no file."""
    build = hatch_config.get("build") if isinstance(hatch_config.get("build"), Mapping) else {}
    targets = build.get("targets") if isinstance(build.get("targets"), Mapping) else {}
    target = targets.get("wheel") if isinstance(targets.get("wheel"), Mapping) else {}

    def option(key: str, default: Any) -> Any:
        return target[key] if key in target else build.get(key, default)

    include = _strings(option("include", []))
    exclude = _strings(option("exclude", []))
    packages = [p.strip("/") for p in _strings(option("packages", []))]
    only_include = [p.strip("/") for p in _strings(option("only-include", []))]
    force_include = option("force-include", {})
    force_include = force_include if isinstance(force_include, Mapping) else {}
    explicit = bool(include or packages or only_include)
    if not explicit:
        selection = _hatch_default_selection(tree, raw_name)
        if selection is None and not force_include:
            if _hatch_metadata_only(hatch_config, option):  # hatchling excludes every file
                return WheelLayout({}, metadata_only=True)
            return None
        packages, only_include = selection or ([], [])
    sources = _hatch_sources(option("sources", []), packages)
    roots = only_include or packages
    walked = [f for root in roots for f in _files_below(tree, root)] if roots else list(files_below(tree, ""))
    files: dict[str, str] = {}
    for f in walked:
        if any(part in _HATCH_EXCLUDED_DIRS for part in f.split("/")[:-1]):
            continue
        if exclude and gitignore_match(exclude, f):
            continue
        if not roots and include and not gitignore_match(include, f):
            continue
        files[_hatch_distribution_path(f, sources)] = f
    for source, destination in force_include.items():
        source, destination = str(source).strip("/"), str(destination).strip("/")
        for f in _files_below(tree, source):
            rel = f[len(source):].lstrip("/")
            files["/".join(p for p in (destination, rel) if p) if rel else destination] = f
    python = _only_python(files)
    if python:
        return WheelLayout(python)
    # no module: a metadata-only wheel when the configuration says so, either with hatchling's
    # switch or with an explicit selection that matches files of the project, none of them Python
    # ("include = ['README.rst']": hatchling wants something to ship); a selection that matches
    # nothing says the sources are missing, not that there are none
    on_purpose = option("bypass-selection", False) is True if not files else explicit
    return WheelLayout({}, metadata_only=on_purpose and not _hatch_hooks(hatch_config))


def _hatch_metadata_only(hatch_config: Mapping[str, Any], option: Callable[[str, Any], Any]) -> bool:
    """A wheel hatch builds with no file of the project on purpose: ``bypass-selection = true``
    (hatchling's switch for metadata-only wheels, which otherwise refuses to build an empty one)
    and no build hook, which could add files at build time."""
    return option("bypass-selection", False) is True and not _hatch_hooks(hatch_config)


def _hatch_hooks(hatch_config: Mapping[str, Any]) -> bool:
    """Build hooks, which can add files at build time: with one, an empty selection proves nothing."""
    build = hatch_config.get("build") if isinstance(hatch_config.get("build"), Mapping) else {}
    wheel = (build.get("targets") or {}).get("wheel") if isinstance(build.get("targets"), Mapping) else None
    return any([build.get("hooks"), wheel.get("hooks") if isinstance(wheel, Mapping) else None])


def _hatch_default_selection(tree: SourceTree, raw_name: str) -> Optional[tuple[list[str], list[str]]]:
    """hatchling's WheelBuilderConfig.default_file_selection_options: (packages, only-include)."""
    normalized = re.sub(r"[-_.]+", "-", raw_name).lower()
    for name in dict.fromkeys(re.sub(r"[^\w\d.]+", "_", n) for n in (raw_name, normalized)):
        if tree.is_file(f"{name}/__init__.py"):
            return [name], []
        if tree.is_file(f"src/{name}/__init__.py"):
            return [f"src/{name}"], []
        if tree.is_file(f"{name}.py"):
            return [], [f"{name}.py"]
        namespaces = sorted({f.split("/")[0] for f in files_below(tree, "") if f.count("/") == 2 and f.endswith(f"/{name}/__init__.py")})
        if len(namespaces) == 1:
            return [namespaces[0]], []
    return None


def _hatch_sources(raw: Any, packages: Sequence[str]) -> dict[str, str]:
    """Source prefix → replacement (``sources = ["src"]`` strips ``src/``); packages given as
    ``src/foo`` add their parent."""
    sources: dict[str, str] = {}
    if isinstance(raw, list):
        for source in raw:
            sources[str(source).strip("/") + "/"] = ""
    elif isinstance(raw, Mapping):
        for source, path in raw.items():
            path = str(path).strip("/")
            sources[(str(source).strip("/") + "/") if source else ""] = "" if path in ("", ".") else path + "/"
    for package in packages:
        parent = posixpath.dirname(package)
        if parent and package + "/" not in sources:
            sources.setdefault(parent + "/", "")
    return dict(sorted(sources.items()))


def _hatch_distribution_path(relpath: str, sources: Mapping[str, str]) -> str:
    for source, replacement in sources.items():
        if not source:
            return replacement + relpath
        if relpath.startswith(source):
            return replacement + relpath[len(source):]
    return relpath


# --------------------------------------------------------------------------------------------------
# pdm-backend


def pdm(tree: SourceTree, build: Mapping[str, Any]) -> WheelLayout:
    """``[tool.pdm.build]``: includes (default: the top-level packages of package-dir, else its
    modules), excludes, and source-includes, which go into the sdist only; package-dir is stripped."""
    build = build if isinstance(build, Mapping) else {}
    includes = _strings(build.get("includes"))
    excludes = _strings(build.get("excludes"))
    source_includes = _strings(build.get("source-includes")) or ["tests"]
    if "package-dir" in build:
        package_dir = str(build["package-dir"]).strip("/")
    elif tree.is_dir("src") and not includes or any(i.startswith("src/") for i in includes):
        package_dir = "src"
    else:
        package_dir = ""
    package_dir = "" if package_dir == "." else package_dir
    if not includes:
        prefix = f"{package_dir}/" if package_dir else ""
        tops = sorted({f[len(prefix):].split("/")[0] for f in files_below(tree, "") if f.startswith(prefix) and f[len(prefix):].count("/") == 1 and f.endswith("/__init__.py")})
        tops = [t for t in tops if t not in ("__pycache__", "__pypackages__")]
        includes = [prefix + t for t in tops] or [f"{prefix}*.py"]
    include_paths = {p: pattern for pattern in includes for p in glob_paths(tree, pattern)}
    exclude_paths = {p: pattern for pattern in [*excludes, *source_includes, ".pdm-build"] for p in glob_paths(tree, pattern)}
    for path, pattern in list(include_paths.items()):
        if path in exclude_paths and _pdm_weight(pattern) <= _pdm_weight(exclude_paths[path]):
            del include_paths[path]
        elif path in exclude_paths:
            del exclude_paths[path]
    files: dict[str, str] = {}
    for path in include_paths:
        for f in _files_below(tree, path):
            if any(_below(f, e) or fnmatch.fnmatch(f, e) for e in exclude_paths):
                continue
            installed = f[len(package_dir) + 1:] if package_dir and f.startswith(package_dir + "/") else f
            files[installed] = f
    return WheelLayout(_only_python(files))


def _pdm_weight(pattern: str) -> tuple[int, int]:
    parts = posixpath.normpath(pattern).split("/")
    wild = sum(2 if p == "**" else 1 for p in parts if any(c in p for c in "*?["))
    return len(parts), -wild


# --------------------------------------------------------------------------------------------------
# flit, poetry, uv_build


def flit(tree: SourceTree, module: str) -> WheelLayout:
    """flit_core's Module: ``name/`` or ``name.py``, at the root or below ``src/``, all of it."""
    path = module.replace(".", "/")
    for base in ("", "src"):
        prefix = f"{base}/" if base else ""
        if tree.is_dir(prefix + path):
            return WheelLayout(python_files(tree, prefix + path, path))
        if tree.is_file(prefix + path + ".py"):
            return WheelLayout({path + ".py": prefix + path + ".py"})
    return WheelLayout()


def poetry(tree: SourceTree, config: Mapping[str, Any], distribution: str) -> WheelLayout:
    """``[tool.poetry] packages`` (``include``/``from``/``to``/``format``) and wheel ``include``
    entries; without packages, the module named after the project at the root or below ``src/``."""
    config = config if isinstance(config, Mapping) else {}
    packages = config.get("packages")
    if not packages:
        name = re.sub(r"[-_.]+", "-", distribution).lower().replace("-", "_")
        packages = [{"include": name}] if tree.is_dir(name) or tree.is_file(f"{name}.py") else [{"include": name, "from": "src"}]
    files: dict[str, str] = {}
    for item in packages if isinstance(packages, list) else ():
        if not isinstance(item, Mapping) or "wheel" not in _strings(item.get("format", ["sdist", "wheel"])):
            continue
        base = str(item.get("from", "")).strip("/")
        target = str(item.get("to", "")).strip("/")
        prefix = f"{base}/" if base else ""
        for path in glob_paths(tree, prefix + str(item.get("include", "")).strip("/")):
            for f in _files_below(tree, path):
                files["/".join(p for p in (target, f[len(prefix):]) if p)] = f
    for item in config.get("include") or ():
        entry = item if isinstance(item, Mapping) else {"path": item}
        if "wheel" in _strings(entry.get("format", ["sdist"])):
            for path in glob_paths(tree, str(entry.get("path", ""))):
                files.update((f, f) for f in _files_below(tree, path))
    excluded = [p for pattern in _strings(config.get("exclude")) for p in glob_paths(tree, pattern)]
    files = {k: v for k, v in files.items() if not any(_below(v, e) for e in excluded)}
    return WheelLayout(_only_python(files))


def uv_build(tree: SourceTree, config: Mapping[str, Any], distribution: str) -> WheelLayout:
    """``[tool.uv.build-backend]``: module-name (a name, a dotted namespace name or a list),
    module-root (default ``src``), ``namespace = true``, wheel-exclude / source-exclude."""
    config = config if isinstance(config, Mapping) else {}
    root = str(config.get("module-root", "src")).strip("/")
    root = "" if root == "." else root
    names = _strings(config.get("module-name")) or ([] if config.get("namespace") else [module_name(distribution)])
    prefix = f"{root}/" if root else ""
    files: dict[str, str] = {}
    if not names:  # namespace = true without a name: everything below the module root
        files = python_files(tree, root, "")
    for name in names:
        path = name.replace(".", "/")
        if tree.is_file(prefix + path + ".py"):
            files[path + ".py"] = prefix + path + ".py"
        else:
            files.update(python_files(tree, prefix + path, path))
    excludes = _strings(config.get("wheel-exclude")) + _strings(config.get("source-exclude"))
    files = {k: v for k, v in files.items() if not gitignore_match(excludes, v[len(prefix):] if v.startswith(prefix) else v)}
    return WheelLayout(_only_python(files))


# --------------------------------------------------------------------------------------------------
# compiled backends


def cargo_module_name(tree: SourceTree, manifest: str = "Cargo.toml") -> Optional[str]:
    """The Python module a PyO3 crate builds: ``[lib] name``, else the package name with ``-`` as
    ``_``.  Only these two names are read from Cargo.toml."""
    if not tree.is_file(manifest):
        return None
    try:
        data = tomllib.loads(read_text(tree, manifest))
    except (tomllib.TOMLDecodeError, SourceError):
        return None
    lib = data.get("lib") if isinstance(data.get("lib"), Mapping) else {}
    package = data.get("package") if isinstance(data.get("package"), Mapping) else {}
    name = lib.get("name") or package.get("name")
    return str(name).replace("-", "_") if isinstance(name, str) else None


def maturin(tree: SourceTree, config: Mapping[str, Any], distribution: str) -> WheelLayout:
    """maturin's ProjectLayout: the module name is ``[tool.maturin] module-name``, else Cargo.toml's
    ``[lib] name`` or package name; the Python root is ``python-source``, else ``src/`` when it holds
    the project's package, else the project root.  A Python package there named like the module's
    first part makes a mixed project (the native module goes inside it); otherwise the native
    module is the whole wheel.  ``bindings = "bin"`` builds no module."""
    config = config if isinstance(config, Mapping) else {}
    manifest = str(config.get("manifest-path", "Cargo.toml")).strip("/")
    name = str(config.get("module-name") or cargo_module_name(tree, manifest) or module_name(distribution))
    top = name.split(".")[0]
    if "python-source" in config:
        root = str(config["python-source"]).strip("/")
    elif tree.is_dir("src/" + distribution.replace("-", "_")):
        root = "src"
    else:
        root = ""
    root = "" if root == "." else root
    prefix = f"{root}/" if root else ""
    files: dict[str, str] = {}
    mixed = tree.is_file(f"{prefix}{top}/__init__.py") or tree.is_file(f"{prefix}{top}/__init__.pyi")
    for package in ([top] if mixed else []) + _strings(config.get("python-packages")):
        files.update(python_files(tree, prefix + package, package))
    if config.get("bindings") == "bin":
        return WheelLayout(files)
    if not mixed:
        return WheelLayout(files, [name])
    return WheelLayout(files, [name if "." in name else f"{top}.{name}"])


_MESON_CALL = re.compile(r"\b(extension_module|install_sources)\s*\(")
_MESON_SUBDIR = re.compile(r"""\bsubdir\s*:\s*['"]([^'"]*)['"]""")
_MESON_FIRST = re.compile(r"""\s*['"]([^'"]+)['"]""")


_MESON_SUBDIR_CALL = re.compile(r"""(?<![\w.])subdir\s*\(\s*['"]([^'"]+)['"]""")


def meson(tree: SourceTree) -> WheelLayout:
    """meson.build files reached from the top one through ``subdir('…')``:
    ``py.extension_module('name', …, subdir: 'pkg')`` gives ``pkg.name``;
    ``py.install_sources(…, subdir: 'pkg')`` installs the Python files of that meson.build's
    directory (and below) as ``pkg``.  Only literal names and subdirs are read."""
    files: dict[str, str] = {}
    extensions: list[str] = []
    pending, seen = ["meson.build"], set()
    while pending:
        build_file = pending.pop(0)
        if build_file in seen or not tree.is_file(build_file):
            continue
        seen.add(build_file)
        try:
            text = re.sub(r"#[^\n]*", "", read_text(tree, build_file))
        except SourceError:
            continue
        here = posixpath.dirname(build_file)
        pending += [posixpath.join(here, d.strip("/"), "meson.build") for d in _MESON_SUBDIR_CALL.findall(text)]
        for match in _MESON_CALL.finditer(text):
            args = _meson_arguments(text, match.end())
            subdir_match = _MESON_SUBDIR.search(args)
            subdir = subdir_match.group(1).strip("/") if subdir_match else ""
            if match.group(1) == "extension_module":
                first = _MESON_FIRST.match(args)
                if first:
                    extensions.append(".".join(p for p in (subdir.replace("/", "."), first.group(1)) if p))
            elif subdir:
                files.update(python_files(tree, here, subdir))
    return WheelLayout(files, [e for e in extensions if all(p.isidentifier() for p in e.split("."))])


def _meson_arguments(text: str, start: int) -> str:
    depth, i = 1, start
    while i < len(text) and depth:
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return text[start : i - 1]


_CMAKE_MODULE = re.compile(r"\b(?:pybind11_add_module|nanobind_add_module|python_add_library|Python_add_library|Python3_add_library)\s*\(\s*([A-Za-z_][\w]*)", re.I)


def scikit_build(tree: SourceTree, config: Mapping[str, Any], distribution: str) -> WheelLayout:
    """``[tool.scikit-build] wheel.packages`` (default ``src/<name>``, ``python/<name>``, ``<name>``)
    and the Python modules CMakeLists.txt adds (pybind11/nanobind/Python_add_library targets).
    *distribution* is the name as ``[project]`` spells it: scikit-build-core's default package is
    that name with ``-`` and ``.`` as ``_``, case kept (``Levenshtein`` → ``src/Levenshtein``), and
    a directory counts only with an ``__init__.py`` or ``__init__.pyi``."""
    config = config if isinstance(config, Mapping) else {}
    wheel = config.get("wheel") if isinstance(config.get("wheel"), Mapping) else {}
    packages = _strings(wheel.get("packages"))
    if not packages:
        name = re.sub(r"[-.]", "_", distribution)
        packages = [
            p for p in (f"src/{name}", f"python/{name}", name)
            if tree.is_file(f"{p}/__init__.py") or tree.is_file(f"{p}/__init__.pyi")
        ][:1]  # fmt: skip
    files: dict[str, str] = {}
    for package in packages:
        package = package.strip("/")
        files.update(python_files(tree, package, posixpath.basename(package)))
    extensions: list[str] = []
    if tree.is_file("CMakeLists.txt"):
        try:
            text = read_text(tree, "CMakeLists.txt")
        except SourceError:
            text = ""
        tops = {k.split("/")[0] for k in files}
        for target in _CMAKE_MODULE.findall(text):
            extensions.append(f"{sorted(tops)[0]}.{target}" if len(tops) == 1 else target)
    return WheelLayout(files, extensions)


def named_after(tree: SourceTree, distribution: str, bases: Iterable[str] = ("src", "")) -> WheelLayout:
    """The last resort: the package or module named after the distribution."""
    name = module_name(distribution)
    for base in bases:
        prefix = f"{base}/" if base else ""
        if tree.is_file(f"{prefix}{name}/__init__.py") or tree.is_dir(prefix + name):
            return WheelLayout(python_files(tree, prefix + name, name))
        if tree.is_file(f"{prefix}{name}.py"):
            return WheelLayout({f"{name}.py": f"{prefix}{name}.py"})
    return WheelLayout()


__all__ = [
    "setuptools", "setuptools_toml", "setup_py_extensions", "hatch", "pdm", "flit", "poetry", "uv_build", "maturin",
    "meson", "scikit_build", "named_after", "cargo_module_name", "module_name", "gitignore_match", "glob_paths",
]  # fmt: skip
