"""Hand-made Nix texts covering the grammar, for the parser tests (no nixpkgs file is copied here).

VALID are accepted by ``nix-instantiate --parse`` (each is parsed inside ``with { };`` so free
names are not undefined variables); INVALID are rejected by it, each for one reason.
"""

from __future__ import annotations

VALID: list[str] = [
    # literals and identifiers
    "1", "0", "007", "1.5", "0.5", ".5", "1.", "2.5e3", "1.0E-2", "x", "x-y'z_", "__curPos", "true",
    "1e5",  # the integer 1 applied to e5
    # strings
    '""', '"plain"', '"esc \\" \\\\ \\n \\t \\r \\q"', '"a ${b} c"', '"${a}${b}"', '"$${not}"', '"$"',
    '"a$"', '"\\${x}"', '"${"nested ${x}"}"', '"multi\nline"', '"${ { a = 1; }.a }"', '"$\\n"',
    "''''", "''plain''", "''\n  a\n    b\n  ''", "''\n  a ${b}\n  c\n''", "''a''$b'''c''\\nd$e'f''",
    "''\n  $'\n   x\n  ''", "''\n  ''\\  x\n    y''", "''  ${x}  ''", "''\n\n    x\n\n  y\n  ''",
    "''\n\ttab\n''", "''x''\\'''", "''${a}''", "''$${x}''", "''a'b''", "''''\\t''",
    # paths
    "./x", "../y/z.nix", "./x/${y}", "./${y}b", "./a${b}/c${d}.nix", "a/b", "1/2", "/abs/path",
    "~/x", "~/${x}", "<nixpkgs>", "<nixpkgs/lib>", "./x/y/${z}/w", "-/x", "+/x",
    # URIs
    "http://example.org/a?b=c&d", "x:y", "mirror://pypi/p/pkg",
    # lists
    "[ ]", "[ 1 2 3 ]", "[ a.b c.d or e (f g) ]", "[ [ ] [ 1 ] ]", "[ ./a ./b ]", "[ a or b ]",
    # attribute sets
    "{ }", "{ a = 1; }", "rec { a = 1; b = a; }", '{ a.b.c = 1; a.d = 2; "e f" = 3; }',
    "{ ${x} = 1; \"${y}z\" = 2; }", '{ inherit a b; inherit (c) d "e"; }', "{ inherit; }",
    "{ a = { b = 1; }; a.c = 2; }", "{ or = 1; }", '{ "if" = 1; }', "{ inherit ${\"x\"}; }",
    "{ inherit (a) or; }", "let { body = 1; x = 2; }",
    # functions
    "x: x", "x: y: x y", "{ a, b ? 1, ... }: a", "{ a, b, }: a", "{ }: 1", "{ ... }: 1",
    "{ a ? { }, b ? x: x }: a", "args@{ a, ... }: a", "{ a }@args: a", "{ a, b ? a }: b",
    # let, with, assert, if
    "let a = 1; in a", "let inherit (x) y; z = 2; in z", "let in 1", "with a; b", "assert a; b",
    "if a then b else c", "if a then if b then c else d else e", "with a; with b; c",
    "let a = 1; b = a; in let c = b; in c",
    # operators: precedence and associativity
    "a + b * c", "a * b + c", "a - b - c", "a / b / c", "a ++ b ++ c", "a // b // c",
    "a -> b -> c", "a || b || c", "a && b && c", "a || b && c", "!a && b", "!a == b", "!a ? b",
    "-a ? b", "- a * b", "a < b == c", "a == b < c", "a <= b", "a >= b", "a > b", "a != b",
    "a ? b.c", "a ? b ? c", 'a ? "b c"', "a ? ${b}", "- - a", "!!a", "a + !b", "a + - b", "a - -b", "f -1",
    "a ++ b // c", "a // b ++ c", "a -> b || c", "a + b ++ c", "!a -> b", "a ? b && c",
    "a.b.c", "a.b or c", "a.b or c.d or e", "a.${b}.c", 'a."b c"', "a.or", "f a.b or c d",
    "f x", "f x y z", "(f x) y", "f (x y)", "map or [ ]", "f a or b", "x or y", "(a - b) c",
    "<n> x", "{ a = 1; }.a", "[ 1 ].x or 2", "f { }", "f rec { }", "f let { body = 1; }",
    # comments and whitespace everywhere
    "# c\n1", "1 # c", "/* c */ 1 /* d */", "{ /* a */ a /* b */ = /* c */ 1 /* d */ ; /* e */ }",
    "[\n  # one\n  a # trailing\n  b\n]", "/**/1", "/***/1", "/* ** / * */ 1", "\t{ }\r\n",
    "{\n  a,\n  # comment between formals\n  b ? 1, # after\n}:\na",
]  # fmt: skip

INVALID: list[str] = [
    "", "(", ")", "a)", "(a", "[ 1, 2 ]", "{ a = 1 }", "{ a = 1; ", "{ a }", "{ , }: 1",
    "{ a,, b }: 1", "{ ..., a }: 1", "{ a, ..., }: 1", "{ a } @ : 1", "x @ y: 1", "{ a }: ",
    "let a = 1 in a", "let a = 1;", "if a then b", "if a else b", "with a b", "assert a b",
    "a == b == c", "a != b == c", "a < b < c", "a <= b > c", "a.if", "{ if = 1; }",
    "{ then = 1; }", "1 + if a then b else c", "f x: x", "1 + x: x", "a.b or", "rec a", "let { a = 1; ",
    "!", "-", "$x", "a & b", "a | b", "a % b", "99999999999999999999", '"unterminated',
    "''unterminated", "/* unterminated", "a /* b", "./trailing/", "./x/${y}/", '"${"', "''${''",
    "{ a.b.c }", "a: b:", "inherit a;", "{ inherit ${x}; }", '{ inherit "${x}"; }', "`",
    "{ a = 1; } = 2", "x: y:", "'a'", "a.(b)", "[ x: x ]", "[ let a = 1; in a ]", "~", "a b:",
    "{ a ? }: a", "{ a b }: a", "= 1", "a.\"b\" = 1", "{ a.\"${b}\" }",
]  # fmt: skip

#: Whole files (no ``with { };`` around them) that Nix accepts after its checks on the parsed
#: expression: attribute-path merging, scoping of arguments, let, rec, inherit and with.
SCOPED_VALID: list[str] = [
    "{ a.b = 1; a.c = 2; }", "{ a = { b = 1; }; a.c = 2; }", "{ a.c = 2; a = { b = 1; }; }",
    "x: { inherit x; }", "let a = 1; in with { b = 2; }; a + b", "{ a ? b, b }: a", "args@{ a }: args",
    "rec { a = 1; b = a; }", "let inherit (x) y; x = { y = 1; }; in y", "x: { x = x; y.${x} = 1; }",
    "rec { a.b = c; c = 1; }", "let { body = a; a = 1; }", "{ a, ... }@args: args.b or a",
    "x: let x = 1; in x", "x: with x; y", "{ a = rec { b = 1; }; a.c = 2; }", "builtins.map __add [ ]",
    "{ a = ({ b = 1; }); a.c = 2; }", "{ ${\"a\"} = 1; b = 2; }", "x: { ${x} = 1; ${x} = 2; }",
]  # fmt: skip

#: Whole files Nix rejects after parsing, each for one reason.
SCOPED_INVALID: list[str] = [
    "{ a = 1; a = 2; }", "{ a, a }: 1", "{ a }@a: 1", "x", "let ${x} = 1; in 1", "{ a.b = 1; a = 2; }",
    "{ a = 2; a.b = 1; }", "x: { inherit x; x = 1; }", "{ a = { b = 1; }; a = { b = 2; }; }",
    "let a = 1; a = 2; in a", "rec { a = b; }", "let a = b; in a", "x: y", "{ a ? b }: a",
    "{ a = let { body = 1; }; a.b = 2; }", "{ a = with { }; { }; a.b = 1; }", "{ inherit x; }",
    "x: { inherit (x) a; inherit (x) a; }", "let a = 1; in { inherit b; }",
    "{ \"a\" = 1; a = 2; }", "{ ${\"a\"} = 1; a = 2; }", "rec { inherit a; }", "__nonexistent",
]  # fmt: skip
