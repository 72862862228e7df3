"""The ``setup(...)`` call as the rest of the program reads it: :class:`SetupCall`, its keywords as
plain values (or :class:`Unresolved`), captured by :func:`.calls.capture`."""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any, Optional

import attrs

from ...errors import MetadataError
from ...matrix import Environment
from ...model import EntryPoint
from . import policy
from .unresolved import Unresolved

#: setup() keywords that mean a platform-specific build.
EXT_KEYWORDS = tuple(k for k, r in policy.KEYWORDS.items() if r is policy.Role.PRESENCE)


class SetupAborted(MetadataError):
    """setup.py raises or exits before calling setup() in this environment (e.g. an interpreter check)."""


def _freeze_keywords(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(value))


@attrs.frozen
class SetupCall:
    """The keywords of the ``setup(...)`` call as plain values (or :class:`Unresolved`) for one environment."""

    keywords: Mapping[str, Any] = attrs.field(converter=_freeze_keywords)
    path: str
    line: int
    environment: Environment
    has_ext_modules: bool = False

    def __contains__(self, key: str) -> bool:
        return key in self.keywords

    def get(self, key: str, default: Any = None) -> Any:
        """The value of *key*, *default* when absent.  A value that could not be evaluated raises
        when the keyword makes the package and reads as absent otherwise (see :mod:`.policy`)."""
        return policy.keyword_value(key, self.keywords.get(key, default), default, self.path, self.line, environment=self.environment)

    def require(self, key: str) -> Any:
        """The value of *key*; it must be present and resolved."""
        if key not in self.keywords:
            raise MetadataError(f"setup() has no {key}= keyword", path=self.path, line=self.line)
        return policy.keyword_value(key, self.keywords[key], None, self.path, self.line, required=True, environment=self.environment)

    def unresolved(self) -> dict[str, Unresolved]:
        """Keywords that could not be evaluated, for diagnostics."""
        return {k: v for k, v in self.keywords.items() if isinstance(v, Unresolved)}

    def entry_points(self) -> tuple[EntryPoint, ...]:
        """``entry_points=`` in either form (dict of lists/strings, or an INI string), in upstream order."""
        value = self.get("entry_points")
        if value is None:
            return ()
        out: list[EntryPoint] = []
        if isinstance(value, str):
            value = _ini_sections(value, self.path, self.line)
        if not isinstance(value, dict):
            raise MetadataError(f"entry_points must be a dict or an INI string, not {value!r}", path=self.path, line=self.line)
        for group, specs in value.items():
            lines = specs.splitlines() if isinstance(specs, str) else specs
            if not isinstance(lines, (list, tuple)):
                raise MetadataError(f"entry_points[{group!r}] must be a list of strings", path=self.path, line=self.line)
            for spec in lines:
                if not isinstance(spec, str) or not spec.strip():
                    if isinstance(spec, str):
                        continue
                    raise MetadataError(f"entry point {spec!r} is not a string", path=self.path, line=self.line)
                name, sep, target = spec.partition("=")
                if not sep or not name.strip() or not target.strip():
                    raise MetadataError(f"entry point {spec!r} is not 'name = module:attr'", path=self.path, line=self.line)
                out.append(EntryPoint(name.strip(), target.strip(), group))
        return tuple(out)


def _ini_sections(text: str, path: str, line: int) -> dict[str, list[str]]:
    """The ``[group]\\nname = target`` form pkg_resources accepts (no interpolation, no continuation)."""
    sections: dict[str, list[str]] = {}
    current: Optional[list[str]] = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = sections.setdefault(stripped[1:-1].strip(), [])
        elif current is None:
            raise MetadataError(f"entry_points line {stripped!r} is outside a [group]", path=path, line=line)
        else:
            current.append(stripped)
    return sections


def merge_calls(first: SetupCall, second: SetupCall, merge: Callable[[Any, Any], Any], unknown: Unresolved) -> SetupCall:
    """The setup() call of two paths under an unknown condition: keywords both give alike stay,
    the others are *unknown*."""
    keywords = {}
    for key in [*first.keywords, *(k for k in second.keywords if k not in first.keywords)]:
        if key in first.keywords and key in second.keywords:
            keywords[key] = merge(first.keywords[key], second.keywords[key])
        else:  # setuptools reads an absent keyword as empty: `install_requires=[]` is no keyword
            value = first.keywords.get(key, second.keywords.get(key))
            keywords[key] = value if value in (None, [], (), {}, "") else unknown
    compiles = first.has_ext_modules or second.has_ext_modules or policy.has_extensions(keywords)
    return attrs.evolve(first, keywords=keywords, has_ext_modules=compiles)
