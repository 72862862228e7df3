"""A static evaluator for ``setup.py``: the ``setup(...)`` keywords, per environment, without running it.

``setup.py`` is a program, and running it would run whatever the project put there (downloads,
``os.system``, imports of half the world) with our privileges and our interpreter.  So we interpret
a small, safe subset of Python over :mod:`ast` instead: literals and the data operations projects use
to compute metadata, reads of files *inside the project tree*, and the ``sys``/``platform`` answers
of one :class:`~nixpkgs_contrib.matrix.Environment`, so a floor chosen by interpreter comes out right
for each interpreter of the matrix.

Nothing is guessed.  What cannot be reduced to a value becomes an :class:`Unresolved` marker that
carries the reason and the ``file:line`` it came from; it flows through containers and variables and
only raises :class:`~nixpkgs_contrib.errors.UnresolvableError` when something needs its value.  That
is why an unknown ``cmdclass=`` or ``ext_modules=`` never hides a perfectly literal ``version=``.
:mod:`.policy` is the one place that says when an unknown value may be ignored and when it must stop
the read (read it first).

Where things are:

``policy``            when an unknown value is carried, merged, ignored, or stops the read
``branches``          both paths of an unknown condition, and what is known after them
``unresolved``        the marker of an unknown value
``values``            what the program can hold: modules, functions, paths, open files ...
``frames``            file, scope and call site; the program's exceptions and return/break signals
``evaluator``         the entry point (one evaluation per set of facts read, files parsed once per
                      tree), the interpreter's state and dispatch, the budget (``budget``)
``interpreter``       what handlers may ask of the evaluator (none of them imports it)
``statements``        assignment, if/for/while, try/raise, with, def/class
``expressions``       operators, names, subscripts, comprehensions, assignment targets
``calls``             calls, the capture of setup(), the program's own functions, exec/eval of text
``methods``           attribute access and methods of plain values
``imports``           modelled modules, project modules evaluated on first use, importlib/runpy
``files``             open/read/glob/pathlib, only inside the project tree
``environment``       sys, platform, sysconfig, os: what the nixpkgs build answers, through the
                      recorded facts (``FACTS``) that decide when an evaluation is reused
``stdlib``            the table of modelled modules (io, codecs, json, typing, itertools, ...)
``regex``             re
``setuptools_model``  setup() (and scikit-build's), find_packages, PEP420PackageFinder, depends
``version_tools``     setuptools_scm and a vendored versioneer.py: the version an sdist records
``flow``              static facts about statements (what they may write, whether they decide flow)
``call``              the captured setup() call (:class:`SetupCall`)
"""

from __future__ import annotations

from .call import EXT_KEYWORDS, SetupAborted, SetupCall
from .evaluator import evaluate_setup_py
from .unresolved import Unresolved
from .values import ROOT

__all__ = ["evaluate_setup_py", "SetupCall", "Unresolved", "SetupAborted", "ROOT", "EXT_KEYWORDS"]
