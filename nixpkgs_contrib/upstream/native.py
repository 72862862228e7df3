"""What a project compiles (Rust, C, C++, Cython, Fortran) and which files say how.

Read statically from the build declaration: the PEP 517 backend, ``[tool.maturin]``,
``[tool.setuptools-rust]``, ``[tool.scikit-build]``, ``[tool.setuptools] ext-modules``,
``meson.build``, ``CMakeLists.txt``, ``Cargo.toml``/``Cargo.lock`` and the *syntax* of ``setup.py``
(calls to ``Extension``/``RustExtension``/``cythonize``, the ``cffi_modules`` keyword, …).  Nothing is
run.  Stray files decide nothing: a ``Cargo.toml`` among a pure-Python project's resources or ``.pyx``
test data is not an extension unless the build declaration uses it.

The answer is a :class:`~nixpkgs_contrib.model.NativeBuild` (facts only); ``plan_native`` turns it
into the nixpkgs shape.
"""

from __future__ import annotations

import ast
import posixpath
import re
import tomllib
from collections.abc import Iterable, Mapping
from typing import Optional

import attrs
from packaging.utils import canonicalize_name

from ..errors import MetadataError, SourceError
from ..model import NativeBuild
from .pyproject import PYPROJECT, PyProject
from .tree import SourceTree, SubTree, normalize, read_text

SETUP_PY = "setup.py"

#: Backends that compile with a toolchain nixpkgs has no shape for: refused with the reason.
UNSUPPORTED_BACKENDS: Mapping[str, str] = {
    "pymsbuild": "pymsbuild drives MSBuild, a Windows toolchain nixpkgs does not build Python extensions with",
}

#: Directories whose build files belong to something else (vendored build tools, test data).
_FOREIGN_DIRS = re.compile(r"(^|/)(subprojects|vendor(ed)?[^/]*|third[_-]?party|3rd[_-]?party|extern(al)?|test cases|tests?|docs?|examples?|benchmarks?|bench)(/|$)")

_SUFFIX_LANGUAGE = {
    ".c": "c",
    ".cc": "c++",
    ".cpp": "c++",
    ".cxx": "c++",
    ".c++": "c++",
    ".pyx": "cython",
    ".f": "fortran",
    ".f90": "fortran",
    ".rs": "rust",
}
_MESON_LANGUAGE = {"c": "c", "cpp": "c++", "cython": "cython", "fortran": "fortran", "rust": "rust", "cuda": "cuda"}
_CMAKE_LANGUAGE = {"c": "c", "cxx": "c++", "fortran": "fortran", "cuda": "cuda"}

#: meson dependencies that are not system libraries (built in, or the Python side of the build)
_MESON_BUILTIN = frozenset({
    "threads", "openmp", "dl", "python", "python3", "numpy", "pybind11", "nanobind", "pythran", "cython", "",
})  # fmt: skip
#: CMake packages that are the build's own tooling or the Python side of the build
_CMAKE_BUILTIN = frozenset({
    "python", "python3", "pythoninterp", "pythonlibs", "pythonextensions", "pybind11", "nanobind", "cython",
    "numpy", "threads", "openmp", "pkgconfig", "git", "skbuild", "scikit-build-core", "vcvars",
})  # fmt: skip
#: -sys crates that link nothing from the system on Linux (platform APIs, wasm, Python itself)
_PURE_SYS_CRATES = frozenset({
    "windows-sys", "linux-raw-sys", "js-sys", "web-sys", "wasi", "core-foundation-sys",
    "security-framework-sys", "system-configuration-sys", "python3-sys", "fsevent-sys", "objc-sys",
    "io-kit-sys", "mach2", "mach-sys", "winapi", "errno-dragonfly", "cc",
})  # fmt: skip
#: -sys crates whose build script looks the system library up with pkg-config unless told to
#: build a bundled copy (openssl-sys: cryptography and hf-xet in nixpkgs add pkg-config for it)
_PKG_CONFIG_SYS_CRATES = frozenset({
    "openssl-sys", "libgit2-sys", "libssh2-sys", "curl-sys", "libsqlite3-sys", "libdbus-sys", "alsa-sys",
    "libudev-sys", "glib-sys", "gobject-sys", "gio-sys", "cairo-sys-rs", "pango-sys", "gdk-pixbuf-sys",
})  # fmt: skip


# --------------------------------------------------------------------------------------------------
# setup.py, by its syntax


@attrs.define
class SetupScan:
    """What ``setup.py`` (and the project modules it imports) *mentions*: calls, keywords, imports."""

    extensions: int = 0  # Extension(…)-like calls that are not Rust
    rust_manifests: list[Optional[str]] = attrs.field(factory=list)  # RustExtension paths (None: not literal)
    rust_keyword: bool = False
    cffi_modules: list[str] = attrs.field(factory=list)
    cffi_keyword: bool = False
    cythonize: bool = False
    mypyc: bool = False
    imports: set[str] = attrs.field(factory=set)
    sources: set[str] = attrs.field(factory=set)  # string literals with a source suffix
    languages: set[str] = attrs.field(factory=set)  # language="c++"
    #: file → library names (``libraries=[…]`` of Extension and cffi's set_source)
    libraries: dict[str, list[str]] = attrs.field(factory=dict)
    pkg_config: bool = False
    runs_cmake: bool = False

    @property
    def has_c_extension(self) -> bool:
        return self.extensions > 0 or self.mypyc or self.cythonize


def _source_suffix(path: str) -> bool:
    return len(path) < 300 and posixpath.splitext(path)[1].lower() in _SUFFIX_LANGUAGE


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _strings(node: Optional[ast.AST]) -> list[str]:
    """String constants directly in a literal list/tuple/set (or the constant itself)."""
    if node is None:
        return []
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


_DIRNAME = ("os.path.dirname",)
_SAME_PATH = ("os.path.abspath", "os.path.realpath", "os.path.normpath", "str", "os.fspath", "Path", "pathlib.Path", "PurePath", "pathlib.PurePath")
_SAME_PATH_METHODS = ("resolve", "absolute")


def static_path(node: ast.expr, relpath: str) -> Optional[str]:
    """The tree-relative path *node* (in the module *relpath*) names when it is computed from string
    literals and ``__file__`` alone: ``"src/Cargo.toml"``, ``Path(__file__).parent / "src" /
    "Cargo.toml"``, ``os.path.join(os.path.dirname(__file__), "src", "Cargo.toml")``, through
    ``str()``, ``.resolve()``, ``abspath``.  A relative literal is relative to the directory the
    build runs setup.py in, the tree root.  None for anything else (a variable, a call we do not
    know, a path outside the tree): read without running the code, so only what the text fixes."""
    found = _static_path(node, relpath)
    return None if found is None else _joined("", found)


def _static_path(node: ast.expr, relpath: str) -> Optional[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value  # joined and checked as a whole
    if isinstance(node, ast.Name) and node.id == "__file__":
        return relpath
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        inner = _static_path(node.value, relpath) if _is_path_object(node.value) else None
        return None if not inner else posixpath.dirname(inner)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left, right = _static_path(node.left, relpath), _static_path(node.right, relpath)
        is_path = _is_path_object(node.left)
        return None if left is None or right is None or not is_path else _joined(left, right)
    if not isinstance(node, ast.Call) or node.keywords:
        return None
    callee = _dotted(node.func)
    if isinstance(node.func, ast.Attribute) and node.func.attr in _SAME_PATH_METHODS and not node.args:
        return _static_path(node.func.value, relpath) if _is_path_object(node.func.value) else None
    parts = [_static_path(arg, relpath) for arg in node.args]
    if any(part is None for part in parts) or not parts:
        return None
    if callee in _DIRNAME and len(parts) == 1:
        return posixpath.dirname(parts[0]) if parts[0] else None
    if callee in _SAME_PATH and len(parts) == 1:
        return parts[0]
    if callee in ("os.path.join", "Path", "pathlib.Path", "PurePath", "pathlib.PurePath"):
        joined: Optional[str] = parts[0]
        for part in parts[1:]:
            joined = None if joined is None else _joined(joined, part)
        return joined
    return None


def _is_path_object(node: ast.expr) -> bool:
    """Whether *node* is a pathlib path we follow (``/`` of two strings is a TypeError, not a path)."""
    if isinstance(node, ast.BinOp):
        return _is_path_object(node.left)
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        return _is_path_object(node.value)
    if isinstance(node, ast.Call):
        if isinstance(node.func, ast.Attribute) and node.func.attr in _SAME_PATH_METHODS:
            return _is_path_object(node.func.value)
        return _dotted(node.func) in ("Path", "pathlib.Path", "PurePath", "pathlib.PurePath")
    return False


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else ""
    return ""


def _joined(base: str, part: str) -> Optional[str]:
    """*part* under *base* (both tree-relative), or None when it is absolute or leaves the tree."""
    if part.startswith("/"):
        return None
    joined = posixpath.normpath(posixpath.join(base, part)) if base or part else ""
    if joined == ".":
        return ""
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def _keyword(node: ast.Call, name: str) -> Optional[ast.expr]:
    return next((k.value for k in node.keywords if k.arg == name), None)


def _is_empty(node: ast.expr) -> bool:
    return isinstance(node, (ast.List, ast.Tuple)) and not node.elts or isinstance(node, ast.Constant) and not node.value


class _Scanner(ast.NodeVisitor):
    def __init__(self, scan: SetupScan, relpath: str):
        self.scan = scan
        self.relpath = relpath

    def _libraries(self, node: ast.Call) -> None:
        names = _strings(_keyword(node, "libraries"))
        if names:
            self.scan.libraries.setdefault(self.relpath, []).extend(names)

    def visit_Import(self, node: ast.Import) -> None:
        self.scan.imports.update(a.name.split(".")[0] for a in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module and not node.level:
            self.scan.imports.add(node.module.split(".")[0])

    def visit_Call(self, node: ast.Call) -> None:
        scan = self.scan
        name = _call_name(node)
        if name == "RustExtension":
            path = _keyword(node, "path") or (node.args[1] if len(node.args) > 1 else None)
            literal = _strings(path)
            written = literal[0] if literal else None if path is None else static_path(path, self.relpath)
            scan.rust_manifests.append(written if written is not None else (None if path is not None else "Cargo.toml"))
        elif name.endswith("Extension") and name != "RustExtension":
            scan.extensions += 1
            sources = _keyword(node, "sources") or (node.args[1] if len(node.args) > 1 else None)
            scan.sources.update(s for s in _strings(sources) if _source_suffix(s))
            scan.languages.update(s.lower() for s in _strings(_keyword(node, "language")))
            self._libraries(node)
            if name.startswith("Pybind11"):
                scan.languages.add("c++")
        elif name == "set_source":  # a cffi build script: ffi.set_source(module, source, libraries=[…])
            self._libraries(node)
        elif name == "cythonize":
            scan.cythonize = True
        elif name in ("mypycify", "compile_modules_to_ir"):
            scan.mypyc = True
        for kw in node.keywords:
            if kw.arg == "cffi_modules" and not _is_empty(kw.value):
                scan.cffi_keyword = True
                scan.cffi_modules += _strings(kw.value)
            elif kw.arg == "rust_extensions" and not _is_empty(kw.value):
                scan.rust_keyword = True
        args = [a for a in node.args if isinstance(a, ast.Constant)]
        if args and args[0].value in ("pkg-config", "pkgconf"):
            scan.pkg_config = True
        self.generic_visit(node)

    def visit_List(self, node: ast.List) -> None:
        self._command(node.elts)
        self.generic_visit(node)

    def visit_Tuple(self, node: ast.Tuple) -> None:
        self._command(node.elts)
        self.generic_visit(node)

    def _command(self, elts: list[ast.expr]) -> None:
        first = elts[0] if elts else None
        if isinstance(first, ast.Constant) and first.value == "cmake":
            self.scan.runs_cmake = True
        if isinstance(first, ast.Constant) and first.value in ("pkg-config", "pkgconf"):
            self.scan.pkg_config = True

    def visit_Constant(self, node: ast.Constant) -> None:
        # a path or a glob anywhere (source lists are often built up); a bare "a.f" is more
        # likely a module name than a Fortran file
        value = node.value
        if isinstance(value, str) and ("/" in value or "*" in value) and "\n" not in value and _source_suffix(value):
            self.scan.sources.add(value)


def scan_setup_py(tree: SourceTree) -> Optional[SetupScan]:
    """The syntax of setup.py and of the top-level project modules it imports (``setupinfo.py``);
    None when there is no setup.py.  A module that does not parse is skipped: the evaluator reports
    syntax errors where they matter."""
    if not tree.is_file(SETUP_PY):
        return None
    scan = SetupScan()
    seen: set[str] = set()
    pending = [SETUP_PY]
    while pending:
        relpath = pending.pop()
        if relpath in seen:
            continue
        seen.add(relpath)
        try:
            module = ast.parse(read_text(tree, relpath), filename=relpath)
        except (SyntaxError, ValueError):
            continue
        before = set(scan.imports)
        _Scanner(scan, relpath).visit(module)
        if relpath == SETUP_PY:
            pending += sorted(f"{name}.py" for name in scan.imports - before if tree.is_file(f"{name}.py"))
            # cffi build scripts ("path/to/build.py:ffi") say which libraries the module links
            pending += sorted({m.split(":")[0] for m in scan.cffi_modules if tree.is_file(m.split(":")[0])})
    if "pkgconfig" in scan.imports:
        scan.pkg_config = True
    return scan


# --------------------------------------------------------------------------------------------------
# Rust


def cargo_lock_for(tree: SourceTree, manifest: str) -> Optional[str]:
    """The Cargo.lock that pins *manifest*'s crates: beside it or in the nearest directory above it
    (the workspace root).  For a package inside a repository (a monorepo member) the workspace root
    may lie above the package: that lock is returned relative to it (``../../Cargo.lock``)."""
    directory = posixpath.dirname(manifest)
    while True:
        candidate = posixpath.join(directory, "Cargo.lock") if directory else "Cargo.lock"
        if tree.is_file(candidate):
            return candidate
        if not directory:
            break
        directory = posixpath.dirname(directory)
    if isinstance(tree, SubTree) and tree.prefix:
        parts = tree.prefix.split("/")
        for up in range(1, len(parts) + 1):
            above = "/".join(parts[: len(parts) - up])
            if tree.parent.is_file(f"{above}/Cargo.lock" if above else "Cargo.lock"):
                return "../" * up + "Cargo.lock"
    return None


def locked_crates(tree: SourceTree, lock: str) -> frozenset[str]:
    """The names of the crates a Cargo.lock pins."""
    try:
        data = tomllib.loads(read_text(tree, lock))
    except tomllib.TOMLDecodeError as exc:
        raise MetadataError(f"invalid TOML: {exc}", path=tree.display(lock)) from None
    packages = data.get("package", [])
    return frozenset(str(p.get("name", "")) for p in packages if isinstance(p, Mapping)) if isinstance(packages, list) else frozenset()


def sys_crates(crates: Iterable[str]) -> tuple[str, ...]:
    """``*-sys`` crates: bindings to C libraries the build may take from the system."""
    return tuple(sorted(n for n in crates if n.endswith("-sys") and n not in _PURE_SYS_CRATES))


def _manifest(tree: SourceTree, path: str, where: str, what: str) -> str:
    try:
        relpath = normalize(path)
    except SourceError:
        raise MetadataError(f"{what} {path!r} leaves the project", path=tree.display(where)) from None
    if not tree.is_file(relpath):
        raise MetadataError(f"{what} {path!r} is not in the source", path=tree.display(where))
    return relpath


def _rust(tree: SourceTree, kind: str, manifests: Iterable[str], where: str, backend: Optional[str]) -> NativeBuild:
    manifests = tuple(dict.fromkeys(manifests))
    locks = {cargo_lock_for(tree, m) for m in manifests}
    if len(locks) > 1:
        found = ", ".join(sorted(lock or f"none for {m}" for m, lock in zip(manifests, (cargo_lock_for(tree, m) for m in manifests))))
        raise MetadataError(
            f"the Rust extensions use several Cargo workspaces ({found}); nixpkgs vendors the crates of one Cargo.lock",
            path=tree.display(where),
        )
    lock = locks.pop() if locks else None
    crates = locked_crates(tree, lock) if lock and not lock.startswith("../") else frozenset()
    hints = sys_crates(crates)
    return NativeBuild(
        kinds=(kind,),
        languages=("rust",),
        backend=backend,
        cargo_manifests=manifests,
        cargo_lock=lock,
        # their build scripts find the system library with the pkg-config crate by default
        uses_pkg_config="pkg-config" in crates and bool(crates & _PKG_CONFIG_SYS_CRATES),
        uses_bindgen="bindgen" in crates,
        library_hints=((lock, hints),) if lock and hints else (),
    )


def maturin_manifest(tree: SourceTree, pp: PyProject) -> str:
    """The Cargo.toml maturin builds, found as maturin finds it: ``[tool.maturin] manifest-path``;
    else ``rust/Cargo.toml`` in a src layout (``python-source`` set, or ``src/<import name>/``);
    else ``Cargo.toml`` beside pyproject.toml."""
    path = pp.tool("maturin", "manifest-path")
    if path is not None:
        if not isinstance(path, str):
            raise MetadataError("[tool.maturin] manifest-path must be a string", path=tree.display(PYPROJECT))
        return _manifest(tree, path, PYPROJECT, "[tool.maturin] manifest-path")
    name = (pp.data.get("project") or {}).get("name") if isinstance(pp.data.get("project"), Mapping) else None
    src_layout = pp.tool("maturin", "python-source") is not None or (
        isinstance(name, str) and tree.is_dir(f"src/{name.replace('-', '_')}")
    )
    if src_layout and tree.is_file("rust/Cargo.toml"):
        return "rust/Cargo.toml"
    return _manifest(tree, "Cargo.toml", PYPROJECT, "maturin's manifest")


def _maturin(tree: SourceTree, pp: PyProject) -> NativeBuild:
    manifest = maturin_manifest(tree, pp)
    return _rust(tree, "maturin", [manifest], PYPROJECT, pp.build_backend)


def _setuptools_rust_manifests(tree: SourceTree, pp: Optional[PyProject], scan: Optional[SetupScan]) -> list[tuple[str, str]]:
    """(manifest path as written, file that names it) of every setuptools-rust extension or binary."""
    out: list[tuple[str, str]] = []
    config = pp.tool("setuptools-rust") if pp is not None else None
    if isinstance(config, Mapping):
        for section in ("ext-modules", "bins"):
            for entry in config.get(section) or ():
                if isinstance(entry, Mapping):
                    out.append((str(entry.get("path", "Cargo.toml")), PYPROJECT))
    if scan is not None:
        for path in scan.rust_manifests:
            out.append((path or "Cargo.toml", SETUP_PY))
        if scan.rust_keyword and not scan.rust_manifests:
            out.append(("Cargo.toml", SETUP_PY))
    return out


# --------------------------------------------------------------------------------------------------
# meson and CMake


def _without_comments(text: str, *, quotes: str) -> str:
    """*text* with ``#`` comments removed (not inside quotes)."""
    out: list[str] = []
    quote: Optional[str] = None
    skipping = False
    for ch in text:
        if skipping:
            if ch == "\n":
                skipping = False
                out.append(ch)
            continue
        if quote:
            if ch == quote:
                quote = None
        elif ch in quotes:
            quote = ch
        elif ch == "#":
            skipping = True
            continue
        out.append(ch)
    return "".join(out)


def _calls(text: str, name: str) -> list[str]:
    """The argument text of every ``name(…)`` call (balanced parentheses)."""
    out = []
    for match in re.finditer(rf"(?<![\w.]){name}\s*\(", text, flags=re.IGNORECASE):
        depth, start = 1, match.end()
        i = start
        while i < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        out.append(text[start : i - 1])
    return out


_SUBDIR = {
    "meson.build": (re.compile(r"(?<![\w.])subdir\s*\(\s*'([^']+)'"), "'"),
    "CMakeLists.txt": (re.compile(r"(?<![\w.])add_subdirectory\s*\(\s*\"?([^\s)\"]+)", re.IGNORECASE), '"'),
}


def _build_files(tree: SourceTree, top: str) -> list[tuple[str, str]]:
    """(path, text without comments) of *top* and the build files it includes (meson ``subdir()``,
    CMake ``add_subdirectory()``), leaving out tests, examples, docs and benchmarks."""
    name = posixpath.basename(top)
    pattern, quotes = _SUBDIR[name]
    out: list[tuple[str, str]] = []
    pending, seen = [top], set()
    while pending:
        relpath = pending.pop(0)
        if relpath in seen or not tree.is_file(relpath):
            continue
        seen.add(relpath)
        text = _without_comments(read_text(tree, relpath), quotes=quotes)
        out.append((relpath, text))
        for sub in pattern.findall(text):
            if "${" in sub or "@" in sub:
                continue
            try:
                target = normalize(posixpath.join(posixpath.dirname(relpath), sub, name))
            except SourceError:
                continue
            if not _FOREIGN_DIRS.search(posixpath.dirname(target)):
                pending.append(target)
    return out


def _meson(tree: SourceTree, backend: str) -> NativeBuild:
    if not tree.is_file("meson.build"):
        raise MetadataError(f"the build backend is {backend} but there is no meson.build", path=tree.display(PYPROJECT))
    languages: list[str] = []
    dependencies: list[str] = []
    for relpath, text in _build_files(tree, "meson.build"):
        if relpath == "meson.build":
            for args in _calls(text, "project")[:1]:
                positional = [a for a in _split_arguments(args) if not re.match(r"^\s*\w+\s*:", a)]
                for arg in positional[1:]:
                    languages += re.findall(r"'([^']*)'", arg)
        for args in _calls(text, "add_languages"):
            positional = [a for a in _split_arguments(args) if not re.match(r"^\s*\w+\s*:", a)]
            for arg in positional:
                languages += re.findall(r"'([^']*)'", arg)
        for args in _calls(text, "dependency"):
            first = re.match(r"\s*'([^']*)'", args)
            if first and first.group(1).lower() not in _MESON_BUILTIN:
                dependencies.append(first.group(1))
    names = tuple(sorted(set(dependencies)))
    return NativeBuild(
        kinds=("meson-python",),
        languages=_languages(_MESON_LANGUAGE.get(lang.lower()) for lang in languages),
        backend=backend,
        build_file="meson.build",
        uses_pkg_config=bool(names),
        library_hints=(("meson.build", names),) if names else (),
    )


def _split_arguments(args: str) -> list[str]:
    """Top-level comma-separated arguments (brackets nest)."""
    out, depth, current = [], 0, []
    for ch in args:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
    out.append("".join(current))
    return [a for a in out if a.strip()]


def _cmake_facts(tree: SourceTree, lists: str) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """(languages, packages looked up, uses pkg-config) of the CMake project whose top CMakeLists.txt is *lists*."""
    languages: list[str] = []
    packages: list[str] = []
    pkg_config = False
    for relpath, text in _build_files(tree, lists):
        if relpath == lists:
            for args in _calls(text, "project")[:1]:
                words = args.split()[1:]
                if any(w.upper() == "LANGUAGES" for w in words):
                    words = words[[w.upper() for w in words].index("LANGUAGES") + 1 :]
                for word in words:
                    if word.upper() in ("VERSION", "DESCRIPTION", "HOMEPAGE_URL"):
                        break
                    languages.append(word)
                if not words:
                    languages += ["C", "CXX"]  # CMake's default
        for args in _calls(text, "enable_language"):
            languages += args.split()[:1]
        for args in _calls(text, "find_package"):
            words = args.split()
            if words and words[0].lower() not in _CMAKE_BUILTIN and not words[0].startswith("$"):
                packages.append(words[0])
            if words and words[0].lower() == "pkgconfig":
                pkg_config = True
        for args in _calls(text, "pkg_check_modules") + _calls(text, "pkg_search_module"):
            pkg_config = True
            words = [w for w in args.split()[1:] if w.upper() not in ("REQUIRED", "QUIET", "IMPORTED_TARGET", "GLOBAL", "NO_CMAKE_PATH", "NO_CMAKE_ENVIRONMENT_PATH")]
            packages += [re.split(r"[<>=]", w)[0] for w in words]
    langs = _languages(_CMAKE_LANGUAGE.get(lang.lower()) for lang in languages)
    return langs, tuple(sorted(set(packages))), pkg_config


def _scikit_build_core(tree: SourceTree, pp: PyProject) -> NativeBuild:
    source_dir = pp.tool("scikit-build", "cmake", "source-dir") or "."
    lists = _manifest(tree, posixpath.join(str(source_dir), "CMakeLists.txt"), PYPROJECT, "the CMake project")
    languages, packages, pkg_config = _cmake_facts(tree, lists)
    return NativeBuild(
        kinds=("scikit-build-core",),
        languages=languages,
        backend=pp.build_backend,
        build_file=lists,
        uses_pkg_config=pkg_config,
        library_hints=((lists, packages),) if packages else (),
    )


# --------------------------------------------------------------------------------------------------
# everything built by setuptools (or a backend that calls it)


def _languages(names: Iterable[Optional[str]]) -> tuple[str, ...]:
    return tuple(sorted({n for n in names if n}))


def _package_sources(tree: SourceTree, suffixes: tuple[str, ...]) -> list[str]:
    return [f for f in tree.files() if f.lower().endswith(suffixes) and not _FOREIGN_DIRS.search(f)]


def _setuptools(
    tree: SourceTree,
    pp: Optional[PyProject],
    scan: Optional[SetupScan],
    setup_has_ext: Optional[bool],
) -> Optional[NativeBuild]:
    backend = pp.build_backend if pp is not None else None
    requires = {canonicalize_name(r.name) for r in pp.build_requires} if pp is not None else set()
    # setup.py's evaluation is the judge of whether its extensions are built by default
    # (``--with-cython`` switches, ``ext_modules=[]``): only its syntax is read here
    scanned = scan if scan is not None and setup_has_ext is not False else None
    kinds: list[str] = []
    languages: set[str] = set()
    libraries: dict[str, list[str]] = {}
    toml_ext = pp.tool("setuptools", "ext-modules") if pp is not None else None
    if isinstance(toml_ext, list) and toml_ext:
        kinds.append("c-extension")
        for entry in toml_ext:
            if isinstance(entry, Mapping):
                languages.update(_SUFFIX_LANGUAGE.get(posixpath.splitext(str(s))[1].lower(), "") for s in entry.get("sources") or ())
                if entry.get("language"):
                    languages.add(str(entry["language"]).lower())
                libraries.setdefault(PYPROJECT, []).extend(str(lib) for lib in entry.get("libraries") or ())

    rust = _setuptools_rust_manifests(tree, pp, scan)
    rust_build: Optional[NativeBuild] = None
    if rust:
        rust_build = _rust(
            tree, "setuptools-rust", [_manifest(tree, path, where, "the Rust extension's manifest") for path, where in rust], rust[0][1], backend
        )
        kinds.append("setuptools-rust")

    pyx_in_package = bool(_package_sources(tree, (".pyx",)))
    cython_declared = "cython" in requires or (scanned is not None and ("Cython" in scanned.imports or scanned.cythonize))
    if scanned is not None:
        if scanned.cffi_keyword:
            kinds.append("cffi")
            languages.add("c")
        if cython_declared and (
            scanned.cythonize or "Cython" in scanned.imports and scanned.extensions
            or any(s.endswith(".pyx") for s in scanned.sources) or pyx_in_package
        ):
            kinds.append("cython")
        if scanned.extensions or scanned.mypyc:
            kinds.append("c-extension")
        languages.update(_SUFFIX_LANGUAGE.get(posixpath.splitext(s)[1].lower(), "") for s in scanned.sources)
        languages.update(lang for lang in scanned.languages if lang in ("c", "c++"))
        if scanned.mypyc:
            languages.add("c")
        for relpath, names in scanned.libraries.items():
            libraries.setdefault(relpath, []).extend(names)
        if scanned.runs_cmake and tree.is_file("CMakeLists.txt"):
            kinds.append("cmake")
        if "skbuild" in scanned.imports:
            kinds.append("scikit-build")
    elif pyx_in_package and "cython" in requires:
        kinds.append("cython")  # an in-tree backend that cythonizes (frozenlist, yarl)
    if scan is not None and setup_has_ext and not kinds:
        kinds.append("c-extension")  # built by code we only see as opaque (a custom build_ext)
    if not kinds:
        return None

    if "cython" in kinds:
        languages.add("cython")
        if "c-extension" in kinds and not languages & {"c", "c++"}:
            kinds.remove("c-extension")  # the Extension() is the Cython module itself
    if "rust" not in languages and not rust:
        languages.discard("rust")
    languages.discard("")
    c_family = {"c", "c++", "cython", "fortran"}
    if kinds != ["setuptools-rust"] and not languages & c_family:
        found = {_SUFFIX_LANGUAGE[posixpath.splitext(f)[1].lower()] for f in _package_sources(tree, (".c", ".cc", ".cpp", ".cxx"))}
        languages.update(found)
    build_file: Optional[str] = None
    pkg_config = scanned.pkg_config if scanned is not None else False
    hints: list[tuple[str, tuple[str, ...]]] = []
    hints += [(relpath, tuple(sorted(set(names)))) for relpath, names in sorted(libraries.items()) if names]
    if {"cmake", "scikit-build"} & set(kinds) and tree.is_file("CMakeLists.txt"):
        build_file = "CMakeLists.txt"
        cmake_languages, packages, cmake_pkg_config = _cmake_facts(tree, build_file)
        languages.update(cmake_languages)
        pkg_config = pkg_config or cmake_pkg_config
        if packages:
            hints.append((build_file, packages))
    if rust_build is not None:
        languages.add("rust")
        hints += list(rust_build.library_hints)
    return NativeBuild(
        kinds=tuple(dict.fromkeys(kinds)),
        languages=_languages(languages),
        backend=backend,
        cargo_manifests=rust_build.cargo_manifests if rust_build else (),
        cargo_lock=rust_build.cargo_lock if rust_build else None,
        build_file=build_file,
        uses_pkg_config=pkg_config or bool(rust_build and rust_build.uses_pkg_config),
        uses_bindgen=bool(rust_build and rust_build.uses_bindgen),
        library_hints=tuple(hints),
    )


# --------------------------------------------------------------------------------------------------


def read_native(tree: SourceTree, pp: Optional[PyProject], *, setup_has_ext: Optional[bool] = None) -> Optional[NativeBuild]:
    """What *tree* compiles, or None for a pure-Python project.

    *setup_has_ext* is what the static evaluation of setup.py found: True when some environment
    builds extensions, False when none does, None when setup.py was not evaluated.
    """
    backend = pp.build_backend if pp is not None else None
    if backend in UNSUPPORTED_BACKENDS:
        raise MetadataError(f"{UNSUPPORTED_BACKENDS[backend]}: no nixpkgs shape to emit", path=tree.display(PYPROJECT))
    if pp is not None and backend is not None:
        if backend.startswith("maturin"):
            return _maturin(tree, pp)
        if backend == "mesonpy":
            return _meson(tree, backend)
        if backend.startswith("scikit_build_core"):
            return _scikit_build_core(tree, pp)
    return _setuptools(tree, pp, scan_setup_py(tree), setup_has_ext)


__all__ = ["read_native", "scan_setup_py", "cargo_lock_for", "locked_crates", "sys_crates", "maturin_manifest", "SetupScan", "UNSUPPORTED_BACKENDS"]
