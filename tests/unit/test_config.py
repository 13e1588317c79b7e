"""The config: config.example.yaml documents every key at its default, and every error path."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from agent.config import (
    AccountConfig,
    Config,
    LocalSourceConfig,
    default_config_path,
    load_config,
    parse_config,
)
from agent.errors import ConfigError
from agent.store import Store, open_store

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.yaml"

#: Keys in a commented example block whose example value is deliberately not the default
#: (a source must name one of maildir/mbox).
NOT_DEFAULT_IN_EXAMPLE = {("sources", "maildir")}


def _model_of(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The model a field holds, and whether it is a list of them (tuple[Model, ...])."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    if typing.get_origin(annotation) is tuple:
        args = typing.get_args(annotation)
        if args and isinstance(args[0], type) and issubclass(args[0], BaseModel):
            return args[0], True
    return None, False


def _documented_keys(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items() if not info.exclude]


def _commented_block(text: str, key: str) -> Any:
    """The YAML of the commented-out example `# key:` block, uncommented."""
    lines = text.splitlines()
    start = lines.index(f"# {key}:")
    block = [lines[start][2:]]
    for line in lines[start + 1 :]:
        if not line.startswith("#   "):
            break
        block.append(line[2:])
    return yaml.safe_load("\n".join(block))[key]


def _walk(model: type[BaseModel], data: Any, path: str, text: str) -> list[str]:
    """Every key of `model` (recursively) that the example leaves out or sets off-default."""
    problems = []
    if not isinstance(data, dict):
        return [f"{path or '(top level)'}: not a mapping"]
    for name in _documented_keys(model):
        dotted = f"{path}.{name}" if path else name
        if name not in data:
            problems.append(f"{dotted}: missing from config.example.yaml")
            continue
        sub, many = _model_of(model.model_fields[name].annotation)
        if sub is not None and many:
            problems += _walk_list_example(sub, dotted, text)
        elif sub is not None:
            problems += _walk(sub, data[name], dotted, text)
    return problems


def _walk_list_example(model: type[BaseModel], dotted: str, text: str) -> list[str]:
    """A list of sections (accounts, sources) is shown by a commented example block."""
    try:
        block = _commented_block(text, dotted)
    except ValueError:
        return [f"{dotted}: no commented example block '# {dotted}:'"]
    problems = []
    for item in block:
        problems += _walk(model, item, f"{dotted}[]", text)
        shown = model.model_validate(item)
        for name, info in model.model_fields.items():
            if info.is_required() or (dotted, name) in NOT_DEFAULT_IN_EXAMPLE:
                continue
            if name in item and getattr(shown, name) != info.default:
                problems.append(
                    f"{dotted}[].{name}: example {item[name]!r} is not the default {info.default!r}"
                )
    return problems


def test_example_documents_every_key() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    problems = _walk(Config, yaml.safe_load(text), "", text)
    assert problems == []


def test_the_key_check_catches_a_missing_key_and_an_off_default_example() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    broken = text.replace("  idle: true ", "  # idle: true ").replace(
        "#     tls: ssl ", "#     tls: starttls "
    )
    assert broken != text
    problems = _walk(Config, yaml.safe_load(broken), "", broken)
    assert "sync.idle: missing from config.example.yaml" in problems
    assert any(p.startswith("accounts[].tls: example 'starttls'") for p in problems)


def test_example_values_are_the_defaults() -> None:
    example = parse_config(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE)
    defaults = Config()
    for name in _documented_keys(Config):
        assert getattr(example, name) == getattr(defaults, name), name


def test_commented_account_and_source_examples_are_valid() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    accounts = _commented_block(text, "accounts")
    sources = _commented_block(text, "sources")
    config = parse_config(yaml.safe_dump({"accounts": accounts, "sources": sources}))
    assert [a.name for a in config.accounts] == ["work"]
    assert set(accounts[0]) == set(AccountConfig.model_fields)
    assert set(sources[0]) == set(LocalSourceConfig.model_fields)


def test_every_comment_line_has_a_key_comment() -> None:
    """Each uncommented key line carries a comment or follows one."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.endswith(":"):
            continue
        assert "#" in line or lines[n - 1].strip().startswith("#"), f"line {n + 1}: {line}"


# -- error paths ------------------------------------------------------------------------

BAD_CONFIGS = [
    ("timezone: [\n", "not valid YAML at line"),
    ("- a\n- b\n", "top level must be a mapping"),
    ("polcy: {}\n", "polcy: unknown key (did you mean 'policy'?)"),
    ("policy:\n  max_activ_applications: 3\n", "did you mean 'max_active_applications'?"),
    ("accounts:\n  - name: w\n    username: u\n", "accounts[0].host: required key is missing"),
    (
        "accounts:\n  - {name: w, host: imap.example.com, username: u, tls: none}\n",
        "only allowed for a loopback host",
    ),
    (
        "accounts:\n  - {name: w, host: h, username: u, password_command: a, "
        "oauth2_token_command: b}\n",
        "not both",
    ),
    ("accounts:\n  - {name: w, host: h, username: u, tls: tls}\n", "must be one of"),
    ("accounts:\n  - {name: w, host: h, username: u, port: 70000}\n", "less than or equal"),
    ("accounts:\n  - {name: w, host: h, username: u, port: abc}\n", "must be an integer"),
    ("sources:\n  - {name: s}\n", "give exactly one of maildir: or mbox:"),
    ("sources:\n  - {name: s, maildir: a, mbox: b}\n", "give exactly one of maildir: or mbox:"),
    (
        "accounts:\n  - {name: x, host: h, username: u}\nsources:\n  - {name: x, mbox: m}\n",
        "names must be unique: x",
    ),
    ("sync:\n  poll_interval: 5\n", "greater than or equal to 30"),
    ("sync:\n  since: soon\n", "sync.since: must be a date"),
    ("sync:\n  idle: maybe\n", "sync.idle: must be true or false"),
    ("matching:\n  review_threshold: high\n", "must be a number"),
    ("matching:\n  my_addresses: me@example.com\n", "must be a list"),
    ("policy:\n  working_hours: 17:00-09:00\n", "start first"),
    ("policy:\n  language: fr\n", "must be 'en' or 'no'"),
    ("policy:\n  max_active_applications: 0\n", "greater than or equal to 1"),
    ("policy:\n  status_check_after: 2.5\n", "whole number"),
    ("nudges:\n  email: {enabled: true}\n", "to and host not set"),
    ("nudges:\n  email: {host: smtp.example.com, tls: none}\n", "loopback SMTP host"),
    ("nudges:\n  digest: {at: '8 am'}\n", "time of day like 08:30"),
    ("nudges: []\n", "nudges: must be a mapping of keys"),
    ("log_level: loud\n", "log_level: must be one of"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_CONFIGS)
def test_bad_config_says_where_and_what(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, Path("/etc/x/config.yaml"))
    assert str(caught.value).startswith("/etc/x/config.yaml")
    assert expected in str(caught.value)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config("sync: {poll_interval: 1}\npolicy: {language: fr}\nwat: 1\n")
    message = str(caught.value)
    assert "3 problem(s)" in message
    for key in ("sync.poll_interval", "policy.language", "wat"):
        assert key in message


def test_norway_stays_a_country_code() -> None:
    assert parse_config("policy: {country: NO}\n").policy.country == "NO"


def test_empty_file_means_defaults() -> None:
    assert parse_config("") == Config()


def test_relative_paths_are_read_from_the_config_directory(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("database: data/f.db\nsources:\n  - {name: s, mbox: mail.mbox}\n")
    config = load_config(path)
    assert config.database_path == tmp_path / "data" / "f.db"
    assert config.sources[0].mbox == tmp_path / "mail.mbox"
    assert config.templates_dir == tmp_path / "templates"


def test_a_named_config_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file; create it from"):
        load_config(tmp_path / "missing.yaml")


def test_no_config_at_the_default_place_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_config_path() == tmp_path / "followup" / "config.yaml"
    assert load_config(None) == Config()


def test_an_unreadable_config_is_an_error(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("timezone: Europe/Oslo # Bokmål\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8 text"):
        load_config(latin)
    with pytest.raises(ConfigError, match="cannot read the config file"):
        load_config(tmp_path)  # a directory


def test_unknown_account_lists_the_known_ones() -> None:
    config = parse_config("accounts:\n  - {name: work, host: h, username: u}\n")
    assert config.account("work").effective_port == 993
    with pytest.raises(ConfigError, match="known: work"):
        config.account("home")


# -- lookup order and exit status, through the command line -----------------------------


def test_lookup_order_flag_then_environment_then_xdg(invoke: Any, tmp_path: Path) -> None:
    xdg_db, env_db, flag_db = (tmp_path / f"{n}.db" for n in ("xdg", "env", "flag"))
    invoke.write_config({"database": str(xdg_db)})
    env_config = invoke.write_config({"database": str(env_db)}, tmp_path / "env.yaml")
    flag_config = invoke.write_config({"database": str(flag_db)}, tmp_path / "flag.yaml")

    invoke.ok("add", "Xdg", "Dev")
    invoke.ok("add", "Env", "Dev", env={"FOLLOWUP_CONFIG": str(env_config)})
    invoke.ok(
        "--config", str(flag_config), "add", "Flag", "Dev", env={"FOLLOWUP_CONFIG": str(env_config)}
    )

    for db, company in ((xdg_db, "Xdg"), (env_db, "Env"), (flag_db, "Flag")):
        with open_store(db) as store:
            assert isinstance(store, Store)
            assert [a.company for a in store.applications()] == [company]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("policy: {language: fr}\n", "policy.language"),
        ("timezone: Mars/Olympus\n", "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_a_config_error_exits_78(invoke: Any, text: str, expected: str) -> None:
    invoke.write_config(text)
    result = invoke.fails("add", "Acme", "Dev", code=78)
    assert expected in result.output
    assert not invoke.database.exists() or invoke.rows("SELECT * FROM applications") == []


def test_a_missing_named_config_exits_78(invoke: Any, tmp_path: Path) -> None:
    result = invoke.fails("--config", str(tmp_path / "nope.yaml"), "list", code=78)
    assert "no such config file" in result.output
