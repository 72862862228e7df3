"""acme-hello: a greeting."""

__version__ = "0.3.0"


def greeting(name: str = "world") -> str:
    return f"Hello, {name}!"
