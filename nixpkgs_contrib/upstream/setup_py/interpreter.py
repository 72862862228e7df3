"""What the handlers of statements, expressions and modelled modules may ask of the evaluator.

:class:`~.evaluator.Evaluator` is the one implementation; the handler modules are typed against
this interface so that none of them imports the evaluator (it imports them all)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any, Optional, Protocol

from ...matrix import Environment
from ..tree import SourceTree
from .call import SetupCall
from .frames import Ctx, Raised, Scope, Site
from .unresolved import Unresolved


class Interpreter(Protocol):
    tree: SourceTree
    env: Environment  # the whole environment: reading it makes the evaluation hold for it alone
    named_env: Environment  # the same, to name it in results and messages (not a read of it)
    setup_relpath: str
    cwd: str
    depth: int
    forks: int
    found: Optional[SetupCall]
    loaded: dict[str, Scope]
    sys_path: list[Any]
    argv: list[Any]
    handling: list[Raised]
    resolving: set[tuple[str, str]]
    setup_callers: frozenset[str]
    skipped: list[Unresolved]
    external_imports: list[str]
    failing_imports: int
    imported: set[str]
    environ_writes: list[tuple[Optional[str], str]]  # variables the program may set (None: any), and where
    builtins: dict[str, Any]
    modules: dict[str, Any]

    def fact(self, name: str) -> Any:
        """The environment's answer to *name* (a key of :data:`.environment.FACTS`), recorded."""
        ...

    def parse(self, relpath: str) -> ast.Module: ...
    def note_environ_writes(self, tree: ast.AST, display: str) -> None: ...
    def tick(self, ctx: Ctx, node: ast.AST) -> None: ...
    def fail(self, ctx: Ctx, node: ast.AST, reason: str) -> Exception: ...
    def guard(self, site: Site, value: Any) -> Any: ...
    def py(self, site: Site, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...
    def run_block(self, body: Sequence[ast.stmt], scope: Scope, ctx: Ctx, top: str = "") -> None: ...
    def shared_lists(self) -> list[list[Any]]: ...
    def eval(self, node: ast.expr, scope: Scope, ctx: Ctx) -> Any: ...
    def soft(self, node: ast.expr, scope: Scope, ctx: Ctx) -> Any: ...
    def call(self, site: Site, fn: Any, args: list[Any], kwargs: dict[str, Any]) -> Any: ...
    def attribute(self, site: Site, value: Any, attr: str) -> Any: ...
    def truth(self, value: Any) -> bool: ...
    def iterate(self, site: Site, value: Any) -> list[Any]: ...
    def stringable(self, site: Site, value: Any) -> Any: ...
    def comparable(self, site: Site, value: Any) -> Any: ...
