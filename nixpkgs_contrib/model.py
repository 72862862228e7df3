"""The data model: upstream facts and Nix decisions, as frozen value objects.

Upstream types (:class:`Metadata`, :class:`Project`) say what a project declares, nothing about Nix.
Nix types (:class:`NixPackage` and its parts) say what we write.  Stages pass these values along and
never mutate them.
"""

from __future__ import annotations

from typing import Literal, Optional, Union

import attrs
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from .conditions import ALWAYS, NEVER, Condition
from .matrix import Environment, Target

# --------------------------------------------------------------------------------------------------
# Upstream facts


@attrs.frozen
class EntryPoint:
    """A script entry point: ``name = module:attr`` in ``group`` (console_scripts, gui_scripts)."""

    name: str
    value: str
    group: str = "console_scripts"

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"


@attrs.frozen
class NativeBuild:
    """What a project compiles and with which build files, as upstream declares it (read statically
    by ``upstream/native.py``): the facts nixpkgs needs to build an extension, nothing about Nix."""

    #: how the extensions are built: "maturin", "setuptools-rust", "meson-python",
    #: "scikit-build-core", "scikit-build", "cmake" (setup.py runs CMake), "cython", "cffi",
    #: "c-extension" (setuptools ``Extension``, pybind11, mypyc)
    kinds: tuple[str, ...]
    #: languages compiled: "c", "c++", "cython", "fortran", "rust"
    languages: tuple[str, ...] = ()
    #: the build backend that drives the build (None: setuptools' legacy default)
    backend: Optional[str] = None
    #: project-relative Cargo.toml files of the Rust extensions
    cargo_manifests: tuple[str, ...] = ()
    #: project-relative Cargo.lock that pins their crates; None when the source has none
    cargo_lock: Optional[str] = None
    #: project-relative build description that is not Python: meson.build, CMakeLists.txt
    build_file: Optional[str] = None
    #: the build looks libraries up with pkg-config
    uses_pkg_config: bool = False
    #: a Rust build script generates C bindings with bindgen (which needs libclang)
    uses_bindgen: bool = False
    #: (file, names): libraries the build files ask for, hints for buildInputs that only a person
    #: can turn into nixpkgs attributes
    library_hints: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def has(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)


@attrs.frozen(eq=True)
class Metadata:
    """What a project declares for one environment (setup.py may answer differently per interpreter)."""

    name: str
    version: str
    summary: Optional[str] = None
    #: (label, url) pairs in upstream order (``project.urls``, ``project_urls``, ``home-page``)
    urls: tuple[tuple[str, str], ...] = ()
    #: an SPDX license expression (PEP 639) when upstream gives one
    license_expression: Optional[str] = None
    #: legacy free-text ``license`` field, used only when no expression is given
    license_text: Optional[str] = None
    classifiers: tuple[str, ...] = ()
    #: SPDX ids of the licence texts in the project's licence files (LICENSE, COPYING, …); they
    #: settle a declaration that leaves the variant open ("BSD")
    license_file_ids: tuple[str, ...] = ()
    #: BSD variants written out in the README or the modules' headers, read when the licence files
    #: hold no text; they settle a declared "BSD" only
    license_header_ids: tuple[str, ...] = ()
    requires_python: Optional[SpecifierSet] = None
    build_requires: tuple[Requirement, ...] = ()
    build_backend: Optional[str] = None
    dependencies: tuple[Requirement, ...] = ()
    #: (extra, requirements) in upstream order; extra names normalized per PEP 685
    optional_dependencies: tuple[tuple[str, tuple[Requirement, ...]], ...] = ()
    #: (normalized, as upstream writes it) for extras whose spelling differs (``use_chardet_on_py3``)
    extra_spellings: tuple[tuple[str, str], ...] = ()
    #: PEP 735 dependency groups (``[dependency-groups]``), used for test inputs only
    dependency_groups: tuple[tuple[str, tuple[Requirement, ...]], ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    #: the distribution's own importable modules in the wheel (inside a namespace package, its
    #: own part: ``opentelemetry.sdk``), private ones included
    import_names: tuple[str, ...] = ()
    #: the build backend's configuration ships no module (a meta-package: only requirements);
    #: the one case where ``import_names`` is empty
    meta_package: bool = False
    #: per import name, the top-level modules outside the distribution it always imports
    #: (read statically, following the distribution's own modules)
    module_imports: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: namespace packages declared the pkgutil / pkg_resources way (``__init__.py`` that only extends
    #: ``__path__``), whose ``__init__.py`` a build may install
    legacy_namespaces: tuple[str, ...] = ()
    has_ext_modules: bool = False
    #: what the project compiles; None for pure Python
    native: Optional[NativeBuild] = None
    #: project-relative files the facts were read from, for messages
    origin: tuple[str, ...] = ()

    @property
    def console_scripts(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entry_points if e.group in ("console_scripts", "gui_scripts"))

    def extra(self, name: str) -> tuple[Requirement, ...]:
        return dict(self.optional_dependencies).get(name, ())

    def extra_key(self, name: str) -> str:
        """The extra *name* (normalized) as upstream spells it."""
        return dict(self.extra_spellings).get(name, name)


@attrs.frozen
class Project:
    """A project read for every environment of a target matrix."""

    #: where it was read from, for messages
    label: str
    #: path of the project inside its repository ("" when it is the root)
    subdir: str
    target: Target
    per_environment: tuple[tuple[Environment, Metadata], ...]
    #: true when the tree ships tests (a tests/ directory or test_*.py modules)
    has_tests: bool = False
    #: project-relative changelog file, when the tree has one
    changelog_file: Optional[str] = None
    #: repository paths the metadata URLs link to on GitHub (``blob/main/CHANGES.md``) that exist
    #: in the tree read
    linked_files: tuple[str, ...] = ()
    #: sdist file name when read from an sdist
    sdist_name: Optional[str] = None
    #: environments where setup.py refuses to run (it exits or raises before setup())
    unsupported: tuple[Environment, ...] = ()

    @property
    def metadata(self) -> Metadata:
        """The facts of the first environment: name, version, urls and license never differ."""
        return self.per_environment[0][1]

    @property
    def name(self) -> str:
        return self.metadata.name

    @property
    def version(self) -> str:
        return self.metadata.version


# --------------------------------------------------------------------------------------------------
# Nix decisions


@attrs.frozen
class GitHubSource:
    """``fetchFromGitHub``; ``tag`` is written as prefix + ``${finalAttrs.version}`` + suffix when the
    tag contains the version, literally otherwise."""

    owner: str
    repo: str
    tag: str
    hash: str
    tag_prefix: Optional[str] = None
    tag_suffix: str = ""

    @property
    def templated(self) -> bool:
        return self.tag_prefix is not None

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.repo}"


@attrs.frozen
class PypiSource:
    """``fetchPypi``: ``pname`` is the distribution file's name (often the underscore form)."""

    pname: str
    hash: str
    extension: Optional[str] = None  # only when not tar.gz


@attrs.frozen
class InheritedSource:
    """``inherit (<root>) src;`` (and ``version`` when ``with_version``)."""

    root: str
    with_version: bool


Source = Union[GitHubSource, PypiSource, InheritedSource]


@attrs.frozen(order=True)
class Dependency:
    """One attribute in a dependency list and why it is there."""

    attr: str
    condition: Condition = attrs.field(default=ALWAYS, order=False)
    #: extras of the dependency that are needed too (``attr.optional-dependencies.<extra>``)
    extras: tuple[str, ...] = attrs.field(default=(), order=False)
    #: the requirement strings that produced it, per environment where it applies
    requirements: tuple[tuple[Environment, str], ...] = attrs.field(default=(), order=False, repr=False)
    #: the dependency is a sibling of the same family (exact pins are satisfied by construction)
    sibling: bool = attrs.field(default=False, order=False)


@attrs.frozen
class Meta:
    description: str
    homepage: str
    #: list of string parts; ``Raw`` parts interpolate (``${finalAttrs.src.tag}``)
    changelog: Optional[tuple[Union[str, RawPart], ...]] = None
    licenses: tuple[str, ...] = ()
    maintainers: tuple[str, ...] = ()
    main_program: Optional[str] = None


@attrs.frozen
class RawPart:
    """A Nix expression interpolated into a string (kept here so the model stays render-free)."""

    expr: str


@attrs.frozen
class CargoVendor:
    """``cargoDeps = rustPlatform.fetchCargoVendor { inherit (finalAttrs) pname version src …; hash = …; }``."""

    #: SRI hash of the vendored crates; None writes ``lib.fakeHash`` (the first build prints the real one)
    hash: Optional[str] = None
    #: directory of Cargo.lock below the package's source root (``cargoRoot``); None at the root
    cargo_root: Optional[str] = None
    #: the package has a ``sourceRoot``, which the vendoring must unpack to as well
    source_root: bool = False


@attrs.frozen
class NativePlan:
    """How nixpkgs builds a compiled project: vendored crates, hooks and tools, settings."""

    facts: NativeBuild
    cargo: Optional[CargoVendor] = None
    #: ``nativeBuildInputs`` entries, as Nix expressions (``rustPlatform.cargoSetupHook``, ``pkg-config``)
    native_build_inputs: tuple[str, ...] = ()
    #: one-line comment where ``buildInputs`` go: system libraries cannot be read from the source
    build_inputs_note: Optional[str] = None
    #: ``name = true;`` settings the build needs (``dontUseCmakeConfigure``)
    flags: tuple[str, ...] = ()


@attrs.frozen
class NixPackage:
    """Everything the renderer needs to write one ``default.nix``."""

    attr: str
    pname: str
    version: str
    src: Source
    #: path below the source root (monorepos); None for a project at the root
    source_root: Optional[str] = None
    build_system: tuple[str, ...] = ()
    relax_deps: tuple[tuple[str, str], ...] = ()  # (distribution name, reason)
    remove_deps: tuple[tuple[str, str], ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    optional_dependencies: tuple[tuple[str, tuple[Dependency, ...]], ...] = ()
    native_check_inputs: tuple[Dependency, ...] = ()
    imports_check: tuple[str, ...] = ()
    #: ``pythonNamespaces``: namespace packages whose ``__init__.py`` the build must not install
    python_namespaces: tuple[str, ...] = ()
    #: None → tests run; otherwise the reason they cannot
    no_check_reason: Optional[str] = None
    disabled: Condition = NEVER
    meta: Meta = attrs.field(factory=lambda: Meta("", ""))
    #: for siblings that write ``meta = <root>.meta // { … }``
    meta_base: Optional[str] = None
    #: how the extensions are built; None for pure Python
    native: Optional[NativePlan] = None
    #: the facts the decisions were made from
    project: Optional[Project] = attrs.field(default=None, eq=False, repr=False)

    @property
    def root(self) -> Optional[str]:
        return self.src.root if isinstance(self.src, InheritedSource) else None


SharingModel = Literal["lockstep", "own-version", "per-package-tags", "independent"]


@attrs.frozen
class Family:
    """Packages emitted together (a monorepo), in dependency order."""

    name: str
    packages: tuple[NixPackage, ...]
    sharing: SharingModel = "independent"

    @property
    def attrs(self) -> tuple[str, ...]:
        return tuple(p.attr for p in self.packages)
