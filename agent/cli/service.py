"""Running followup for real: first-run setup, the systemd service, doctor, status, backup."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import click

from agent import credentials, doctor, health, service, setup_wizard
from agent.backup import make_backup
from agent.cli.runtime import Runtime, pass_runtime
from agent.config import AccountConfig, PolicyConfig, find_config_path
from agent.dates import system_zone
from agent.errors import ConfigError, CredentialError, FollowupError, UsageError
from agent.workdays import calendar_for

# -- service ---------------------------------------------------------------------------------


@click.group(name="service")
def service_group() -> None:
    """Run followup in the background as a systemd user service.

    \b
    Example:
      followup service install          # the always-on agent (followup.service)
      followup service install --timer  # or: a sync every poll_interval instead
      followup service uninstall
    """


@service_group.command(name="install")
@click.option("--timer", is_flag=True, help="Install a periodic `sync --once` timer instead.")
@click.option("--print", "print_only", is_flag=True, help="Print the units; write nothing.")
@pass_runtime
def service_install(runtime: Runtime, timer: bool, print_only: bool) -> None:
    """Write the systemd user units for this installation and start them.

    The units run the `followup` you are running now, with your config. Without a reachable
    user manager (a container, `su`) the units are written and the commands to start them
    are printed.

    \b
    Example:
      followup service install
      followup service install --print > followup.service
    """
    config_path, named = find_config_path(runtime.config_path)
    interval = 900
    if not print_only:
        config = runtime.config  # a broken config would only make the service exit 78
        interval = config.sync.poll_interval
        if not config.accounts and not config.sources:
            click.echo("Note: no mail account is configured yet; run `followup init` first.")
    manager = service.UserManager()
    reachable = manager.reachable()
    units = service.render_units(
        service.exec_line(service.followup_command()),
        timer=timer,
        config_path=config_path.absolute() if named else None,
        bus_fallback=not (reachable and manager.exports_bus()),
        interval=interval,
    )
    directory = service.unit_dir()
    if print_only:
        for unit in units:
            click.echo(f"# {directory / unit.name}\n{unit.text}")
        return
    for line in service.install(units, directory, manager if reachable else None):
        click.echo(line)


@service_group.command(name="uninstall")
def service_uninstall() -> None:
    """Stop the service and remove its units; your config and data stay.

    \b
    Example:
      followup service uninstall
    """
    manager = service.UserManager()
    for line in service.uninstall(service.unit_dir(), manager if manager.reachable() else None):
        click.echo(line)


# -- init ------------------------------------------------------------------------------------


def _login_test(account: AccountConfig, secret: credentials.Secret) -> str:
    """Log in (read-only, as the agent would) and say what the server showed."""
    from agent.imap_source import ImapSession

    with ImapSession.open(account, secret) as session:
        folders, missing = session.watched_folders()
    text = "logged in; will watch " + ", ".join(name for name, _ in folders)
    if missing:
        text += f" (not on the server: {', '.join(missing)} — fix accounts[].folders)"
    return text


def _choose_preset(preset: str | None, email: str, yes: bool) -> setup_wizard.Preset:
    if preset:
        return setup_wizard.PRESETS[preset]
    guess = setup_wizard.guess_preset(email)
    if yes:
        if guess is None:
            raise UsageError(
                f"cannot tell the provider of {email}; give --preset "
                f"({', '.join(setup_wizard.PRESETS)}) and for `other` also --host"
            )
        return setup_wizard.PRESETS[guess]
    keys = list(setup_wizard.PRESETS)
    for n, key in enumerate(keys, 1):
        click.echo(f"  {n}. {setup_wizard.PRESETS[key].label}")
    default = keys.index(guess) + 1 if guess else len(keys)
    number = click.prompt("Your mail provider", type=click.IntRange(1, len(keys)), default=default)
    return setup_wizard.PRESETS[keys[number - 1]]


def _read_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError("--password-stdin: nothing was read from standard input")
        return line
    password: str = click.prompt(f"Password for {name} (not shown)", hide_input=True)
    return password


def _ask_country(given: str | None, yes: bool) -> str | None:
    while True:
        country = given
        if country is None and not yes:
            country = click.prompt(
                "Your country, for public holidays (ISO code like NO, SE, DE; blank: none)",
                default="",
                show_default=False,
            )
        if not country:
            return None
        try:
            calendar_for(PolicyConfig(country=country), system_zone())
        except ConfigError as err:
            if given is not None or yes:
                raise
            click.echo(f"  {err}")
            continue
        return country.upper()


@click.command(name="init")
@click.option("--preset", type=click.Choice(list(setup_wizard.PRESETS)), help="Mail provider.")
@click.option("--email", help="Your email address.")
@click.option("--username", help="Login name (default: the email address).")
@click.option("--name", "account", help="Short name for the account (default: the provider).")
@click.option("--host", help="IMAP server (for --preset other).")
@click.option("--port", type=click.IntRange(1, 65535), help="IMAP port.")
@click.option("--tls", type=click.Choice(["ssl", "starttls"]), help="How TLS starts.")
@click.option("--password-command", help="Command that prints the password (no keyring).")
@click.option("--oauth2-token-command", help="Command that prints an OAuth2 access token.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--ca-file", type=click.Path(dir_okay=False, path_type=Path), help="Server CA.")
@click.option("--country", help="ISO country code for public holidays (e.g. NO).")
@click.option("--no-test", is_flag=True, help="Do not try to log in.")
@click.option(
    "--import",
    "import_csv",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Import applications from this CSV file afterwards.",
)
@click.option("--yes", "-y", is_flag=True, help="Ask nothing: take flags and defaults.")
@click.option(
    "--config-path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the config (default: --config, else ~/.config/followup/config.yaml).",
)
@click.pass_context
def init(
    ctx: click.Context,
    preset: str | None,
    email: str | None,
    username: str | None,
    account: str | None,
    host: str | None,
    port: int | None,
    tls: Literal["ssl", "starttls"] | None,
    password_command: str | None,
    oauth2_token_command: str | None,
    password_stdin: bool,
    ca_file: Path | None,
    country: str | None,
    no_test: bool,
    import_csv: Path | None,
    yes: bool,
    config_path: Path | None,
) -> None:
    """Set up followup: your mail account, its password, a config file.

    Asks for what it needs; with --yes and flags it asks nothing. The password goes to your
    keyring (or comes from --password-command), never into the config file.

    \b
    Example:
      followup init
      followup init --yes --preset fastmail --email me@fastmail.com --password-stdin < pw.txt
      followup init --yes --preset outlook --email me@outlook.com \\
          --oauth2-token-command "oama access me@outlook.com"
    """
    runtime: Runtime = ctx.obj
    path = config_path or find_config_path(runtime.config_path)[0]
    if path.exists() and not yes:
        click.confirm(f"{path} exists. Replace it (the old one is kept as .bak)?", abort=True)
    if not email:
        if yes:
            raise UsageError("--yes needs --email ADDRESS")
        email = str(click.prompt("Your email address")).strip()
    chosen = _choose_preset(preset, email, yes)
    click.echo(f"\n{chosen.label}: {chosen.note}\n")
    if chosen.key == "other" and not host:
        if yes:
            raise UsageError("--preset other needs --host (and --port/--tls if not 993 ssl)")
        host = str(click.prompt("IMAP server")).strip()
    if chosen.oauth2_only and not oauth2_token_command:
        if yes:
            raise UsageError(
                f"{chosen.label} needs OAuth2: give --oauth2-token-command COMMAND "
                "(a program that prints an access token)"
            )
        oauth2_token_command = str(click.prompt("Command that prints an OAuth2 token")).strip()
    if chosen.needs_ca_file and ca_file is None and not yes:
        answer = click.prompt("Path of the exported Bridge certificate", default="")
        ca_file = Path(answer).expanduser() if answer else None
    if not (password_command or oauth2_token_command):
        backend, problem = doctor.keyring_problem()
        if problem is not None:
            why = (
                f"there is no usable keyring here ({backend}) to keep the password in"
                if problem == "missing"
                else f"the keyring backend {backend} would keep the password in clear text"
            )
            if yes:
                raise UsageError(f"{why}; give --password-command instead. {doctor.HEADLESS_FIX}")
            click.echo(f"Note: {why}. {doctor.HEADLESS_FIX}\n")
            password_command = str(
                click.prompt("Command that prints the password (e.g. pass show mail/work)")
            ).strip()
    if not username:
        username = email if yes else str(click.prompt("Login name", default=email)).strip()
    name = setup_wizard.account_name(account or chosen.name)
    answers = setup_wizard.Answers(
        preset=chosen,
        name=name,
        email=email,
        username=username,
        host=host or chosen.host,
        port=port or chosen.port,
        tls=tls or chosen.tls,
        password_command=password_command,
        oauth2_token_command=oauth2_token_command,
        ca_file=ca_file.absolute() if ca_file else None,
        country=_ask_country(country, yes),
    )
    text = setup_wizard.render_config(answers, datetime.now(UTC))
    config = setup_wizard.check_config_text(text, path)
    account_config = config.account(name)

    password: str | None = None
    if not (password_command or oauth2_token_command):
        password = _read_password(name, password_stdin)
    if not no_test:
        secret = (
            credentials.Secret("password", password, "prompt")
            if password is not None
            else credentials.get_secret(account_config)
        )
        click.echo(f"Logging in to {answers.host}:{answers.port} as {username} ...")
        try:
            click.echo(f"  ok: {_login_test(account_config, secret)}")
        except FollowupError as err:
            click.echo(f"  failed: {err}", err=True)
            if yes or not click.confirm("Save the settings anyway?", default=False):
                raise UsageError(
                    "nothing was saved; check the settings above and run `followup init` "
                    "again (or add --no-test to save without logging in)"
                ) from err
    if password is not None:
        try:
            credentials.set_password(name, password)
        except CredentialError as err:
            raise CredentialError(
                f"{err}. Nothing was saved; run `followup init --password-command ...` instead"
            ) from err
        click.echo(f"Stored the password in your keyring as followup / {name}.")
    kept = setup_wizard.write_config(text, path, replace=True)
    if kept:
        click.echo(f"Kept the previous config as {kept}.")
    click.echo(f"Wrote {path}.")
    if import_csv is None and not yes:
        answer = click.prompt(
            "Import your applications from a CSV file? Path (blank to skip)",
            default="",
            show_default=False,
        )
        import_csv = Path(answer).expanduser() if answer else None
    if import_csv is not None:
        from agent.cli.transfer import import_

        fresh = Runtime(config_path=str(path), debug=runtime.debug)
        try:
            ctx.obj = fresh  # the import reads the config just written
            ctx.invoke(import_, file=import_csv)
        finally:
            fresh.close()
    click.echo(
        "\nNext: `followup service install` runs it in the background; `followup doctor` "
        "checks everything."
    )


# -- doctor, status, backup ------------------------------------------------------------------


@click.command(name="doctor")
@click.option("--no-login", is_flag=True, help="Skip the checks that log in to servers.")
@pass_runtime
def doctor_(runtime: Runtime, no_login: bool) -> None:
    """Check everything followup needs, and say how to fix what is wrong.

    Exits 1 when any check fails.

    \b
    Example:
      followup doctor
    """
    manager = service.UserManager()
    up = doctor.Checkup(
        config_path=runtime.config_path,
        now=datetime.now(UTC),  # not runtime.now(): that needs the config doctor checks
        environ=dict(os.environ),
        login_test=None if no_login else _login_test,
        manager=manager,
    )
    checks = doctor.CHECKS
    if no_login:
        checks = tuple(c for c in checks if c is not doctor.check_smtp)
    findings = doctor.run_checks(up, checks)
    for finding in findings:
        mark = click.style("ok  ", fg="green") if finding.ok else click.style("FAIL", fg="red")
        click.echo(f"{mark} {finding.name}: {finding.detail}")
        if not finding.ok:
            click.echo(f"     fix: {finding.fix}")
    failed = sum(not f.ok for f in findings)
    click.echo(f"\n{failed} problem(s) found." if failed else "\nEverything looks fine.")
    if failed:
        click.get_current_context().exit(1)


@click.command(name="status")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_runtime
def status(runtime: Runtime, as_json: bool) -> None:
    """Show whether the agent runs, when each folder last synced, and what comes next.

    Exits 0 when the agent runs (or its timer is active), 3 when it does not.

    \b
    Example:
      followup status
      followup status --json | jq .daemon.running
    """
    now = runtime.now()
    stale = max(timedelta(minutes=10), timedelta(seconds=2 * runtime.config.sync.poll_interval))
    manager = service.UserManager()
    state: str | None = None
    if manager.reachable():
        if manager.is_active(service.DAEMON_UNIT):
            state = "active"
        elif manager.is_active(service.TIMER_UNIT):
            state = "timer"
        else:
            state = "inactive"
    report = health.collect_health(runtime.store, now, stale_after=stale, systemd=state)
    if as_json:
        click.echo(json.dumps(health.health_to_json(report), indent=2, ensure_ascii=False))
    else:
        for line in health.format_health(report, now):
            click.echo(line)
    if not report.daemon.running:
        click.get_current_context().exit(3)


@click.command(name="backup")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@pass_runtime
def backup(runtime: Runtime, path: Path | None) -> None:
    """Copy the database to PATH while the agent keeps running.

    Without PATH the copy goes to backups/ beside the database, named by date. The copy
    is readable by you alone; restore it by copying it over the database while the
    service is stopped.

    \b
    Example:
      followup backup
      followup backup ~/followup-backup.db
    """
    written = make_backup(runtime.store, runtime.config.database_path, path, runtime.now())
    size = written.stat().st_size
    click.echo(f"Backed up {runtime.config.database_path} to {written} ({size // 1024 + 1} KiB).")


COMMANDS = (service_group, init, doctor_, status, backup)
