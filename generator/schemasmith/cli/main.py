"""The ``schemasmith`` command line: a thin layer over the pipeline's library calls."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click


def _quiet_echo(message: str) -> None:
    try:
        click.echo(message, err=True)
    except OSError:
        pass  # stderr is gone too: the exit code still tells


# Commands defined in their own modules, imported when named (or listed by --help): a run of one
# command does not pay for the others' modules and their imports (tempfile, shutil, compressors...).
_LAZY_COMMANDS = {
    "conformance": "conformance_command",
    "diff": "diff_command",
    "generate": "generate_command",
    "validate": "validate_command",
}


class _Commands(click.Group):
    """The command group; a dependency missing from the environment is one line, not a traceback.

    Each command imports its stages when it runs, so that is where a broken install shows."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _LAZY_COMMANDS and cmd_name not in self.commands:
            module = importlib.import_module(f".{_LAZY_COMMANDS[cmd_name]}", __package__)
            self.add_command(getattr(module, cmd_name))
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as error:
            # Ctrl-C or SIGTERM (interrupts.Interrupted): one line and 130/143, not click's "Aborted!"
            # and 1, the code --check uses for "out of date". Whatever was being written was undone.
            from ..interrupts import exit_code

            _quiet_echo("schemasmith: interrupted")
            sys.exit(exit_code(error))
        except ModuleNotFoundError as error:
            click.echo(
                f"schemasmith: error: the module {error.name!r} is missing: install schemasmith with its "
                "dependencies into this Python environment",
                err=True,
            )
            sys.exit(2)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="schemasmith")
def main() -> None:
    """One JSON Schema in; Python dataclasses, TypeScript types and Markdown docs out."""


def __getattr__(name: str) -> Any:
    # The commands as this module's attributes too (``from schemasmith.cli.main import generate``).
    if name in _LAZY_COMMANDS:
        return getattr(importlib.import_module(f".{_LAZY_COMMANDS[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
