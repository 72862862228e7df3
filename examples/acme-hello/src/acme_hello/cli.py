import click

from . import greeting


@click.command()
@click.argument("name", default="world")
def main(name: str) -> None:
    click.echo(greeting(name))
