"""Commands that read mail: sync, run, ingest, accounts test, password set/delete."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from agent import credentials
from agent.cli.runtime import Runtime, pass_runtime
from agent.daemon import Daemon
from agent.errors import FollowupError, MailboxError, UsageError
from agent.escape import one_line
from agent.imap_source import probe
from agent.local_source import folders_for_paths
from agent.nudge.channels import build_channels, close_channels
from agent.nudges import run_nudges
from agent.sync import MailSync, Progress, SyncSummary, ingest

#: Below this many messages a non-interactive sync prints no progress, just the summary.
PROGRESS_MIN = 500
#: Names `password set` accepts besides the accounts: the SMTP login for email nudges.
EXTRA_SECRETS = ("smtp",)


def progress_printer() -> Progress:
    """Progress on stderr: a live line on a terminal, else a line per step on long syncs."""
    tty = sys.stderr.isatty()
    shown: dict[str, int] = {}

    def show(label: str, done: int, total: int) -> None:
        if not tty and total < PROGRESS_MIN:
            return
        if tty:
            end = "\n" if done >= total else ""
            click.echo(f"\r{one_line(label)}: {done}/{total} messages", err=True, nl=False)
            click.echo(end, err=True, nl=False)
        elif done >= total or done - shown.get(label, 0) >= max(total // 20, 1):
            shown[label] = done
            click.echo(f"{one_line(label)}: {done}/{total} messages", err=True)

    return show


def finish(summary: SyncSummary, dry_run: bool) -> None:
    """Print the summary; errors go to stderr and make the exit status non-zero."""
    click.echo(("Dry run, nothing written: " if dry_run else "Synced: ") + summary.line())
    if summary.errors:
        raise MailboxError("\n".join(summary.errors))


@click.command()
@click.option(
    "--once", is_flag=True, help="One pass, then exit (the default; `run` keeps watching)."
)
@click.option("--account", "account", metavar="NAME", help="Only this account or local source.")
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
@pass_runtime
def sync(runtime: Runtime, once: bool, account: str | None, dry_run: bool) -> None:
    """Read new mail once from every account and local source, then print a summary.

    Only new messages are read: each folder resumes where the last pass stopped. The mailbox
    is never changed (read-only, nothing marked as read).

    \b
    Example:
      followup sync --once
      followup sync --once --account personal --dry-run
    """
    if not runtime.config.accounts and not runtime.config.sources:
        raise UsageError(
            "no accounts or sources in the config: add one under `accounts:` or `sources:` "
            "(see config.example.yaml), or run `followup init`"
        )
    mail = MailSync(runtime.config, runtime.store, dry_run=dry_run, progress=progress_printer())
    try:
        summary = mail.sync_all(runtime.now(), account)
    finally:
        mail.close()
    if not dry_run:
        deliver_nudges(runtime)
    finish(summary, dry_run)


def deliver_nudges(runtime: Runtime) -> None:
    """After a one-off sync, do what the daemon's tick does: plan and deliver due nudges."""
    channels = build_channels(runtime.config.nudges)
    try:
        done = run_nudges(runtime.store, channels, runtime.config, runtime.now())
    finally:
        close_channels(channels)
    if done.delivery.delivered or done.digest_sent:
        count = len({nudge_id for nudge_id, _ in done.delivery.delivered})
        click.echo(
            f"Nudges: {count} delivered" + (", daily digest sent" if done.digest_sent else "")
        )
    for nudge_id, channel, reason in done.delivery.failed:
        click.echo(f"Nudge {nudge_id} not delivered by {channel}: {reason}", err=True)


@click.command()
@pass_runtime
def run(runtime: Runtime) -> None:
    """Keep watching every account and local source, and deliver nudges, until stopped.

    New mail is noticed at once where the server supports IMAP IDLE, otherwise every
    sync.poll_interval seconds. Stop it with Ctrl-C or SIGTERM; usually it runs as a systemd
    user service (`followup service install`).

    \b
    Example:
      followup -v run
    """
    Daemon(runtime.config, runtime.store, clock=runtime.now).run()


@click.command(name="ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--outbound", is_flag=True, help="The messages are ones you sent.")
@click.option(
    "--all", "everything", is_flag=True, help="Read every message, not only job-related ones."
)
@click.option("--dry-run", is_flag=True, help="Show what would be recorded; write nothing.")
@pass_runtime
def ingest_(
    runtime: Runtime, paths: tuple[Path, ...], outbound: bool, everything: bool, dry_run: bool
) -> None:
    """Import mail once from .eml files, a directory of them, an mbox file or a Maildir.

    Messages go through the same pipeline as synced mail; importing the same files again
    records nothing twice. A Maildir's Sent folder is recognised by its name.

    \b
    Example:
      followup ingest ~/Downloads/reply-from-acme.eml
      followup ingest ~/.thunderbird/abc.default/Mail/Local\\ Folders/Inbox
      followup ingest --outbound ~/old-mail/sent.mbox
    """
    folders = folders_for_paths(paths, outbound=outbound)
    summary = ingest(
        folders,
        runtime.store,
        runtime.config,
        runtime.now(),
        everything=everything,
        dry_run=dry_run,
        progress=progress_printer(),
    )
    finish(summary, dry_run)


@click.group(name="accounts")
def accounts() -> None:
    """Check the configured mail accounts."""


@accounts.command(name="test")
@click.argument("name", required=False)
@pass_runtime
def accounts_test(runtime: Runtime, name: str | None) -> None:
    """Log in and show capabilities, the folders found (Sent marked) and their sizes.

    Nothing is changed on the server. On failure the error says what to do: a wrong
    password, an app password needed, a TLS problem or a host that cannot be reached.

    \b
    Example:
      followup accounts test
      followup accounts test personal
    """
    config = runtime.config
    chosen = [config.account(name)] if name else list(config.accounts)
    if not chosen:
        raise UsageError(
            "no accounts in the config; add one under `accounts:` (see `followup init`)"
        )
    failed = []
    for account in chosen:
        where = f"{account.host}:{account.effective_port} ({account.tls})"
        click.secho(f"{account.name}: {account.username} at {where}", bold=True)
        try:
            secret = credentials.get_secret(account)
            result = probe(account, secret)
        except FollowupError as err:
            click.echo(f"  FAILED: {err}", err=True)
            failed.append(account.name)
            continue
        click.echo(f"  logged in ({secret.kind} from {secret.origin})")
        click.echo(f"  capabilities: {one_line(' '.join(result.capabilities))}")
        click.echo(
            "  push: IMAP IDLE"
            if result.idle
            else f"  push: no IDLE; polled every {config.sync.poll_interval} s"
        )
        watched = dict(result.watched)
        click.echo("  folders:")
        for info, size in sorted(
            result.folders, key=lambda f: (f[0].name != "INBOX", f[0].name.lower())
        ):
            marks = [m for m, on in (("watched", info.name in watched), ("sent", info.sent)) if on]
            count = "-" if size is None else str(size)
            tail = f"  [{', '.join(marks)}]" if marks else ""
            click.echo(f"    {one_line(info.name):<30} {count:>7}{tail}")
        for missing in result.missing:
            click.echo(
                f"  WARNING: folder {one_line(missing)!r} from `folders:` does not exist", err=True
            )
    if failed:
        raise MailboxError(f"login failed for: {', '.join(failed)} (see above)")


@click.group(name="password")
def password() -> None:
    """Store or remove an account's password in the system keyring."""


def _secret_name(runtime: Runtime, name: str) -> str:
    if name in EXTRA_SECRETS:
        return name
    runtime.config.account(name)  # unknown names are an error that lists the known ones
    return name


@password.command(name="set")
@click.argument("name")
@click.option("--stdin", "from_stdin", is_flag=True, help="Read the password from standard input.")
@pass_runtime
def password_set(runtime: Runtime, name: str, from_stdin: bool) -> None:
    """Ask for ACCOUNT's password (not shown) and store it in the keyring (service followup).

    NAME is an account's name, or `smtp` for the login used by email nudges. Where the
    keyring cannot be used (a headless machine), use the account's password_command or a
    systemd credential named followup-NAME instead.

    \b
    Example:
      followup password set personal
      pass show mail/kari | followup password set personal --stdin
    """
    key = _secret_name(runtime, name)
    if from_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    else:
        secret = click.prompt(
            f"Password for {key}", hide_input=True, confirmation_prompt=True, err=True
        )
    credentials.set_password(key, secret)
    click.echo(f"Stored the password for {key} in the keyring.")


@password.command(name="delete")
@click.argument("name")
@pass_runtime
def password_delete(runtime: Runtime, name: str) -> None:
    """Remove NAME's password from the keyring.

    \b
    Example:
      followup password delete personal
    """
    key = _secret_name(runtime, name)
    if credentials.delete_password(key):
        click.echo(f"Removed the password for {key} from the keyring.")
    else:
        click.echo(f"No password for {key} was stored in the keyring.")


COMMANDS = (sync, run, ingest_, accounts, password)
