"""Our tree printed the way ``nix-instantiate --parse`` (Nix 2.8) prints an expression.

Nix prints its parsed AST fully parenthesised, with operators desugared (``a - b`` is
``(__sub a b)``), attributes sorted and nested attribute paths merged, strings decoded and
re-escaped, paths made absolute.  Comparing that string with Nix's own output for a file checks
every precedence, associativity, string-decoding and attribute-path decision of our parser at once.
This is a test oracle, not part of the package: it transcribes Nix 2.8's ``nixexpr.cc`` show()
methods and the parser actions of ``parser.y`` that shape the AST.
"""

from __future__ import annotations

import os
import posixpath
import re
from typing import Optional, Union

from nixpkgs_contrib.nixsyntax import parse
from nixpkgs_contrib.nixsyntax import tree as t


class DuplicateError(Exception):
    """What Nix reports after parsing: an attribute or formal argument defined twice."""


# --- Nix's AST (the subset of shapes nix-instantiate prints) ---


class E:
    def show(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError


class Text(E):
    """Something printed verbatim: a variable, a number, a path."""

    def __init__(self, text: str):
        self.text = text

    def show(self) -> str:
        return self.text


class Str(E):
    def __init__(self, s: str):
        self.s = s

    def show(self) -> str:
        return show_string(self.s)


class Call(E):
    def __init__(self, fun: E, args: list[E]):
        self.fun = fun
        self.args = args

    def show(self) -> str:
        return "(" + " ".join([self.fun.show()] + [a.show() for a in self.args]) + ")"


class Concat(E):
    def __init__(self, parts: list[E]):
        self.parts = parts

    def show(self) -> str:
        return "(" + " + ".join(p.show() for p in self.parts) + ")"


class Bin(E):
    def __init__(self, op: str, a: E, b: E):
        self.op, self.a, self.b = op, a, b

    def show(self) -> str:
        return f"({self.a.show()} {self.op} {self.b.show()})"


class Not(E):
    def __init__(self, e: E):
        self.e = e

    def show(self) -> str:
        return f"(! {self.e.show()})"


AttrName = Union[str, E]  # a static name or the expression of a dynamic one


def show_path(path: list[AttrName]) -> str:
    return ".".join(show_id(n) if isinstance(n, str) else '"${' + n.show() + '}"' for n in path)


class Sel(E):
    def __init__(self, e: E, path: list[AttrName], default: Optional[E]):
        self.e, self.path, self.default = e, path, default

    def show(self) -> str:
        out = f"({self.e.show()}).{show_path(self.path)}"
        if self.default is not None:
            out += f" or ({self.default.show()})"
        return out


class Has(E):
    def __init__(self, e: E, path: list[AttrName]):
        self.e, self.path = e, path

    def show(self) -> str:
        return f"(({self.e.show()}) ? {show_path(self.path)})"


class Attrs(E):
    def __init__(self, rec: bool = False):
        self.rec = rec
        self.attrs: dict[str, tuple[E, bool]] = {}  # name -> (value, inherited)
        self.dynamic: list[tuple[E, E]] = []

    def show(self) -> str:
        out = ["rec " if self.rec else "", "{ "]
        for name in sorted(self.attrs):
            value, inherited = self.attrs[name]
            if inherited:
                out.append(f"inherit {show_id(name)} ; ")
            else:
                out.append(f"{show_id(name)} = {value.show()}; ")
        for name_expr, value in self.dynamic:
            out.append('"${' + name_expr.show() + '}" = ' + value.show() + "; ")
        out.append("}")
        return "".join(out)


class ListE(E):
    def __init__(self, elems: list[E]):
        self.elems = elems

    def show(self) -> str:
        return "[ " + "".join(f"({e.show()}) " for e in self.elems) + "]"


class LambdaE(E):
    def __init__(self, arg: Optional[str], formals: Optional[list[tuple[str, Optional[E]]]], ellipsis: bool, body: E):
        self.arg, self.formals, self.ellipsis, self.body = arg, formals, ellipsis, body

    def show(self) -> str:
        out = "("
        if self.formals is not None:
            items = [name + (f" ? {d.show()}" if d is not None else "") for name, d in self.formals]
            if self.ellipsis:
                items.append("...")
            out += "{ " + ", ".join(items) + " }"
            if self.arg:
                out += " @ "
        if self.arg:
            out += self.arg
        return out + f": {self.body.show()})"


class LetE(E):
    def __init__(self, attrs: Attrs, body: E):
        self.attrs, self.body = attrs, body

    def show(self) -> str:
        out = "(let "
        for name in sorted(self.attrs.attrs):
            value, inherited = self.attrs.attrs[name]
            out += f"inherit {show_id(name)}; " if inherited else f"{show_id(name)} = {value.show()}; "
        return out + f"in {self.body.show()})"


class Fmt(E):
    """A node printed from a format and sub-expressions (with, if, assert)."""

    def __init__(self, fmt: str, *parts: E):
        self.fmt, self.parts = fmt, parts

    def show(self) -> str:
        return self.fmt.format(*(p.show() for p in self.parts))


def show_string(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\$':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _id_char(c: str, first: bool) -> bool:
    if "a" <= c <= "z" or "A" <= c <= "Z" or c == "_":
        return True
    return not first and ("0" <= c <= "9" or c in "'-")


def show_id(s: str) -> str:
    if s == "":
        return '""'
    if s == "if":
        return '"if"'
    if not _id_char(s[0], True) or not all(_id_char(c, False) for c in s):
        return show_string(s)
    return s


# --- our tree -> Nix's AST ---

#: nodes whose printed form starts with their own "(" (so "((" in a printed form is a wrapper)
_SELF_PARENTHESISED = (t.Apply, t.BinOp, t.Unary, t.HasAttr, t.If, t.With, t.Lambda, t.Let)

_SLASH = "__trailing_slash__"

_OPS = {"==", "!=", "&&", "||", "->", "//", "++"}
_CALLS = {"-": "__sub", "*": "__mul", "/": "__div"}


class Converter:
    def __init__(self, base_dir: str, home: str, sort_formals: bool, reparse: bool = False):
        self.base_dir = base_dir
        self.home = home
        self.sort_formals = sort_formals
        #: reading Nix's own printed form: ``(a + b + c)`` is one concatenation and ``"${e}"`` in
        #: an attribute path is the bare ``${e}`` it was printed from
        self.reparse = reparse

    def convert(self, node: t.Node) -> E:
        method = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Root(self, n: t.Root) -> E:
        return self.convert(n.expr)

    def _Paren(self, n: t.Paren) -> E:
        if self.reparse and not isinstance(n.expr, _SELF_PARENTHESISED):
            # in Nix's printed form, parentheses that are not the expression's own nor a
            # wrapper of the parent (see unwrap) are those of a one-part string concatenation
            return Concat([self.convert(n.expr)])
        return self.convert(n.expr)

    def unwrap(self, n: t.Node) -> E:
        """A child that Nix prints inside parentheses of the parent's own: a list element, the
        expression of a select or ``?``, the default after ``or``."""
        if self.reparse and isinstance(n, t.Paren):
            return self.convert(n.expr)
        return self.convert(n)

    def _Ident(self, n: t.Ident) -> E:
        return Text(n.name)

    def _Int(self, n: t.Int) -> E:
        return Text(str(n.value))

    def _Float(self, n: t.Float) -> E:
        return Text(f"{n.value:g}")

    def _Uri(self, n: t.Uri) -> E:
        return Str(n.value)

    def _SearchPath(self, n: t.SearchPath) -> E:
        return Call(Text("__findFile"), [Text("__nixPath"), Str(n.value)])

    def _String(self, n: t.String) -> E:
        parts = n.parts
        if not parts:
            return Str("")
        if len(parts) == 1 and not isinstance(parts[0], t.Interpolation):
            return Str(n.segments()[0])  # type: ignore[arg-type]
        return Concat([self._segment(s) for s in n.segments()])

    def _IndString(self, n: t.IndString) -> E:
        segments = n.segments()
        if len(segments) == 1 and isinstance(segments[0], str):
            return Str(segments[0])
        return Concat([self._segment(s) for s in segments])

    def _segment(self, s: t.Segment) -> E:
        return Str(s) if isinstance(s, str) else self.convert(s.expr)

    def _Path(self, n: t.Path) -> E:
        first = n.parts[0]
        assert isinstance(first, t.Token)
        raw = first.text
        if self.reparse and raw.endswith(_SLASH):
            return self._printed_dir(n, raw[: -len(_SLASH)])
        if raw.startswith("~"):
            path = posixpath.normpath(self.home + raw[1:])
        else:
            path = posixpath.normpath(posixpath.join(self.base_dir, raw))
        if path.startswith("//"):
            path = path[1:]
        if raw.endswith("/") and len(raw) > 1:
            path += "/"
        head = Text(path)
        if len(n.parts) == 1:
            return head
        rest = [self.convert(p.expr) if isinstance(p, t.Interpolation) else Str(p.text) for p in n.parts[1:]]
        return Concat([head, *rest])

    def _printed_dir(self, n: t.Path, raw: str) -> E:
        parts = [self.convert(p.expr) if isinstance(p, t.Interpolation) else Str(p.text) for p in n.parts[1:]]
        return Text(raw) if not parts else Concat([Text(raw), *parts])

    def _List(self, n: t.List) -> E:
        return ListE([self.unwrap(i) for i in n.items])

    def _Apply(self, n: t.Apply) -> E:
        fun = self.convert(n.func)
        arg = self.convert(n.arg)
        if isinstance(fun, Call):
            fun.args.append(arg)
            return fun
        return Call(fun, [arg])

    def _Select(self, n: t.Select) -> E:
        default = self.unwrap(n.default) if n.default is not None else None
        return Sel(self.unwrap(n.expr), self.attr_path(n.path), default)

    def _HasAttr(self, n: t.HasAttr) -> E:
        return Has(self.unwrap(n.expr), self.attr_path(n.path))

    def _Unary(self, n: t.Unary) -> E:
        e = self.convert(n.expr)
        return Not(e) if n.op == "!" else Call(Text("__sub"), [Text("0"), e])

    def _BinOp(self, n: t.BinOp) -> E:
        a, b = self.convert(n.left), self.convert(n.right)
        op = n.op
        if op in _OPS:
            return Bin(op, a, b)
        if op == "+":
            if self.reparse and isinstance(n.left, t.BinOp) and n.left.op == "+" and isinstance(a, Concat):
                a.parts.append(b)
                return a
            return Concat([a, b])
        if op in _CALLS:
            return Call(Text(_CALLS[op]), [a, b])
        less = Text("__lessThan")
        if op == "<":
            return Call(less, [a, b])
        if op == ">":
            return Call(less, [b, a])
        if op == "<=":
            return Not(Call(less, [b, a]))
        assert op == ">="
        return Not(Call(less, [a, b]))

    def _If(self, n: t.If) -> E:
        return Fmt("(if {} then {} else {})", self.convert(n.cond), self.convert(n.then), self.convert(n.else_))

    def _With(self, n: t.With) -> E:
        return Fmt("(with {}; {})", self.convert(n.env), self.convert(n.body))

    def _Assert(self, n: t.Assert) -> E:
        return Fmt("assert {}; {}", self.convert(n.cond), self.convert(n.body))

    def _Lambda(self, n: t.Lambda) -> E:
        formals = None
        ellipsis = False
        if n.formals is not None:
            formals = []
            seen = set()
            for f in n.formals.formals:
                if f.name.name in seen:
                    raise DuplicateError(f"duplicate formal function argument '{f.name.name}'")
                seen.add(f.name.name)
                formals.append((f.name.name, self.convert(f.default) if f.default is not None else None))
            ellipsis = n.formals.ellipsis is not None
            if self.sort_formals:
                formals.sort(key=lambda f: f[0])
            if n.param is not None and n.param.name in seen:
                raise DuplicateError(f"duplicate formal function argument '{n.param.name}'")
        return LambdaE(n.param.name if n.param else None, formals, ellipsis, self.convert(n.body))

    def _AttrSet(self, n: t.AttrSet) -> E:
        attrs = Attrs(n.rec)
        self.binds(attrs, n.bindings)
        return attrs

    def _LegacyLet(self, n: t.LegacyLet) -> E:
        attrs = Attrs(True)
        self.binds(attrs, n.bindings)
        return Sel(attrs, ["body"], None)

    def _Let(self, n: t.Let) -> E:
        attrs = Attrs()
        self.binds(attrs, n.bindings)
        if attrs.dynamic:
            raise DuplicateError("dynamic attributes not allowed in let")
        return LetE(attrs, self.convert(n.body))

    # --- attribute sets (parser.y's addAttr) ---

    def attr_path(self, path: t.AttrPath) -> list[AttrName]:
        out: list[AttrName] = []
        for attr in path.attrs:
            name = t.attr_name(attr)
            if name is not None:
                out.append(name)
            elif isinstance(attr, t.Interpolation):
                out.append(self.convert(attr.expr))
            elif self.reparse and isinstance(attr, t.String) and len(attr.parts) == 1:
                out.append(self.convert(attr.parts[0].expr))  # type: ignore[union-attr]
            else:
                out.append(self.convert(attr))
        return out

    def binds(self, attrs: Attrs, bindings: list[t.Bind]) -> None:
        for b in bindings:
            if isinstance(b, t.Inherit):
                source = self.convert(b.source.expr) if b.source is not None else None
                for name in b.names:
                    assert name is not None
                    if name in attrs.attrs:
                        raise DuplicateError(f"attribute '{name}' already defined")
                    if source is None:
                        attrs.attrs[name] = (Text(name), True)
                    else:
                        attrs.attrs[name] = (Sel(source, [name], None), False)
            else:
                self.add_attr(attrs, self.attr_path(b.path), self.convert(b.value))

    @staticmethod
    def add_attr(attrs: Attrs, path: list[AttrName], e: E) -> None:
        for name in path[:-1]:
            if isinstance(name, str):
                if name in attrs.attrs:
                    value, inherited = attrs.attrs[name]
                    if inherited or not isinstance(value, Attrs):
                        raise DuplicateError(f"attribute '{name}' already defined")
                    attrs = value
                else:
                    nested = Attrs()
                    attrs.attrs[name] = (nested, False)
                    attrs = nested
            else:
                nested = Attrs()
                attrs.dynamic.append((name, nested))
                attrs = nested
        last = path[-1]
        if isinstance(last, str):
            if last in attrs.attrs:
                existing, _ = attrs.attrs[last]
                if isinstance(existing, Attrs) and isinstance(e, Attrs):
                    for k, v in e.attrs.items():
                        if k in existing.attrs:
                            raise DuplicateError(f"attribute '{k}' already defined")
                        existing.attrs[k] = v
                else:
                    raise DuplicateError(f"attribute '{last}' already defined")
            else:
                attrs.attrs[last] = (e, False)
        else:
            attrs.dynamic.append((last, e))


def normal_form(root: t.Root, base_dir: Optional[str] = None, home: str = "/root", sort_formals: bool = True) -> str:
    """What ``nix-instantiate --parse`` prints for the file *root* was parsed from.

    Nix 2.8 prints formal arguments in the order of its symbols' addresses in memory, which is
    not reproducible; with *sort_formals* they are sorted by name (see :func:`canonical`).
    """
    if base_dir is None:
        base_dir = os.path.dirname(os.path.abspath(root.path)) if root.path else os.getcwd()
    return Converter(base_dir, home, sort_formals).convert(root).show()


def canonical(printed: str) -> str:
    """Nix's printed form with the formal arguments sorted by name.

    The printed form is itself a fully parenthesised Nix expression, so our parser reads it
    without any precedence decision; printing it again must give the same text apart from the
    order of formals.  (Not for floats in exponent form, which Nix prints as ``1e+20``.)
    """
    # "(/dir/ + x)": Nix prints the directory of an interpolated path with its trailing slash,
    # which Nix itself would not read back; mark it so that it reads as a path
    printed = re.sub(
        r"(?<=[ (\[])(/[A-Za-z0-9._+\-][A-Za-z0-9._+\-/]*/)(?= \+ )", lambda m: m.group(1) + _SLASH, printed
    )
    return Converter("/", "/root", sort_formals=True, reparse=True).convert(parse(printed)).show()
