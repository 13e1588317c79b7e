"""The `followup` command line: a click group whose commands live in one module per area."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import click

from agent import __version__
from agent.cli import contacts, mail, nudges, service, tracker, transfer, understand
from agent.cli.runtime import Runtime
from agent.errors import ConfigError, FollowupError

#: sysexits.h EX_CONFIG: systemd's RestartPreventExitStatus=78 stops restart loops on it.
EX_CONFIG = 78

log = logging.getLogger(__name__)


class FollowupGroup(click.Group):
    """Turns our errors into one clear line and the right exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfigError as err:
            if ctx.obj is not None and ctx.obj.debug:
                raise
            click.echo(f"Error: {err}", err=True)
            ctx.exit(EX_CONFIG)
        except FollowupError as err:
            if ctx.obj is not None and ctx.obj.debug:
                raise
            raise click.ClickException(str(err)) from err
        finally:
            if ctx.obj is not None:
                ctx.obj.close()


def setup_logging(level: int) -> None:
    """Log to stderr; journald adds its own timestamps, so leave them out under systemd."""
    handler = logging.StreamHandler(sys.stderr)
    fmt = "%(levelname)s %(name)s: %(message)s"
    if not os.environ.get("JOURNAL_STREAM"):
        fmt = "%(asctime)s " + fmt
    handler.setFormatter(logging.Formatter(fmt))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("mailparser").setLevel(logging.ERROR)
    # imaplib's protocol trace (imapclient turns it on at DEBUG) carries whole fetched
    # messages, bodies included: never let it through, whatever the level.
    logging.getLogger("imapclient.imaplib").setLevel(logging.WARNING)


@click.group(cls=FollowupGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="followup")
@click.option(
    "--config",
    "config_path",
    envvar="FOLLOWUP_CONFIG",
    metavar="PATH",
    help="Config file (default: $FOLLOWUP_CONFIG, then ~/.config/followup/config.yaml).",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: int, debug: bool) -> None:
    """Keep your job applications moving: followup reads your mail, keeps each
    application's status and contact log current, and tells you when to follow up.

    \b
    Start with:
      followup demo                 see it work on built-in sample data
      followup add Acme "Backend developer" --contact "Ann <ann@acme.example>"
      followup list
    """
    os.umask(0o077)  # everything we create holds private mail: owner-only
    setup_logging(logging.WARNING - 10 * min(verbose, 2) if not debug else logging.DEBUG)
    ctx.obj = Runtime(config_path=config_path, debug=debug)


for command in (
    *tracker.COMMANDS,
    *contacts.COMMANDS,
    *transfer.COMMANDS,
    *service.COMMANDS,
    *nudges.COMMANDS,
    *mail.COMMANDS,
    *understand.COMMANDS,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="followup")
