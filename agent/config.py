"""The YAML configuration, validated on load into typed, frozen objects.

Defaults live here and only here; `config.example.yaml` shows exactly these values and a test
keeps the two in step. Every problem is reported at once, each with its dotted key path.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
from datetime import date, time
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from agent.errors import ConfigError

CONFIG_ENV = "FOLLOWUP_CONFIG"
_HOURS = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-4]):([0-5]\d)$")
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

PositiveInt = Annotated[int, Field(ge=1)]
WorkingDays = Annotated[int, Field(ge=1, le=60)]


def xdg_dir(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value and Path(value).is_absolute() else Path.home() / fallback


def default_config_path() -> Path:
    return xdg_dir("XDG_CONFIG_HOME", ".config") / "followup" / "config.yaml"


def default_database_path() -> Path:
    return xdg_dir("XDG_DATA_HOME", ".local/share") / "followup" / "followup.db"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class AccountConfig(_Section):
    """An IMAP account to watch. The password never lives here (see credentials.py)."""

    name: str = Field(min_length=1)
    host: str = Field(min_length=1)
    port: int | None = Field(default=None, ge=1, le=65535)
    tls: Literal["ssl", "starttls", "none"] = "ssl"
    username: str = Field(min_length=1)
    password_command: str | None = None
    oauth2_token_command: str | None = None
    folders: tuple[str, ...] = ("INBOX",)
    ca_file: Path | None = None

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.tls == "ssl" else 143)

    @model_validator(mode="after")
    def _check(self) -> AccountConfig:
        if self.tls == "none" and not _is_loopback(self.host):
            raise ValueError(
                "tls: none sends the password in clear text and is only allowed for a "
                "loopback host (127.0.0.1, ::1, localhost); use ssl or starttls"
            )
        if self.password_command and self.oauth2_token_command:
            raise ValueError("set either password_command or oauth2_token_command, not both")
        return self


class LocalSourceConfig(_Section):
    """A local copy of mail: a Maildir (Maildir++ folders) or an mbox file."""

    name: str = Field(min_length=1)
    maildir: Path | None = None
    mbox: Path | None = None
    sent_folder: str | None = None
    outbound: bool = False

    @model_validator(mode="after")
    def _check(self) -> LocalSourceConfig:
        if (self.maildir is None) == (self.mbox is None):
            raise ValueError("give exactly one of maildir: or mbox:")
        return self


class SyncConfig(_Section):
    poll_interval: int = Field(default=300, ge=30, le=86400)
    since: date | None = None
    idle: bool = True
    idle_renew: int = Field(default=600, ge=60, le=1680)
    batch_size: int = Field(default=200, ge=1, le=5000)


class MatchingConfig(_Section):
    review_threshold: float = Field(default=0.7, ge=0.0, le=1.0)
    my_addresses: tuple[str, ...] = ()


class PolicyConfig(_Section):
    country: str | None = None
    subdivision: str | None = None
    working_hours: str = "09:00-17:00"
    language: str = "en"
    max_active_applications: PositiveInt = 8
    status_check_after: WorkingDays = 7
    status_check_every: WorkingDays = 7
    interview_followup_after: WorkingDays = 3
    max_unanswered: Annotated[int, Field(ge=1, le=10)] = 2
    drop_after_final: WorkingDays = 5
    min_spacing: Annotated[int, Field(ge=0, le=30)] = 3

    @field_validator("working_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        match = _HOURS.match(value.strip())
        if not match or (int(match[1]), int(match[2])) >= (int(match[3]), int(match[4])):
            raise ValueError(f"must look like 09:00-17:00 with the start first, got {value!r}")
        start, end = (part.strip() for part in value.split("-"))
        return f"{int(start[:-3]):02d}{start[-3:]}-{int(end[:-3]):02d}{end[-3:]}"

    @property
    def hours(self) -> tuple[time, time]:
        match = _HOURS.match(self.working_hours)
        assert match is not None
        end = time(23, 59, 59) if match[3] == "24" else time(int(match[3]), int(match[4]))
        return time(int(match[1]), int(match[2])), end

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("en", "no"):
            raise ValueError(f"must be 'en' or 'no', got {value!r}")
        return value


class DesktopConfig(_Section):
    enabled: bool = True


class EmailConfig(_Section):
    """Nudges by email to the person's own address, through their own SMTP server."""

    enabled: bool = False
    to: str | None = None
    sender: str | None = None
    host: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    tls: Literal["ssl", "starttls", "none"] = "ssl"
    username: str | None = None
    password_command: str | None = None
    ca_file: Path | None = None

    @model_validator(mode="after")
    def _check(self) -> EmailConfig:
        if self.enabled:
            missing = [k for k in ("to", "host") if not getattr(self, k)]
            if missing:
                raise ValueError(f"email nudges are enabled but {' and '.join(missing)} not set")
        if self.tls == "none" and self.host and not _is_loopback(self.host):
            raise ValueError("tls: none is only allowed for a loopback SMTP host")
        return self


class DigestConfig(_Section):
    enabled: bool = False
    at: str = "08:30"

    @field_validator("at")
    @classmethod
    def _clock(cls, value: str) -> str:
        match = _CLOCK.match(value.strip())
        if not match:
            raise ValueError(f"must be a time of day like 08:30, got {value!r}")
        return f"{int(match[1]):02d}:{match[2]}"


class NudgesConfig(_Section):
    desktop: DesktopConfig = DesktopConfig()
    email: EmailConfig = EmailConfig()
    digest: DigestConfig = DigestConfig()


class Config(_Section):
    """The whole configuration. `path` is where it was read from (None: built-in defaults)."""

    timezone: str | None = None
    database: Path | None = None
    templates: Path | None = None
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    accounts: tuple[AccountConfig, ...] = ()
    sources: tuple[LocalSourceConfig, ...] = ()
    sync: SyncConfig = SyncConfig()
    matching: MatchingConfig = MatchingConfig()
    policy: PolicyConfig = PolicyConfig()
    nudges: NudgesConfig = NudgesConfig()
    path: Path | None = Field(default=None, exclude=True)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as 'Europe/Oslo'"
            ) from None
        return value

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        names = [a.name for a in self.accounts] + [s.name for s in self.sources]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"account and source names must be unique: {', '.join(twice)}")
        return self

    @property
    def database_path(self) -> Path:
        return self.database or default_database_path()

    @property
    def templates_dir(self) -> Path:
        if self.templates:
            return self.templates
        base = self.path.parent if self.path else default_config_path().parent
        return base / "templates"

    def account(self, name: str) -> AccountConfig:
        for account in self.accounts:
            if account.name == name:
                return account
        known = ", ".join(a.name for a in self.accounts) or "none configured"
        raise ConfigError(f"no account named {name!r} in the config (known: {known})")


def find_config_path(explicit: str | Path | None) -> tuple[Path, bool]:
    """Return the config path to use and whether the user named it (flag or environment)."""
    if explicit:
        return Path(explicit).expanduser(), True
    return default_config_path(), False


def load_config(explicit: str | Path | None = None) -> Config:
    """Load and validate the config: `--config`/`$FOLLOWUP_CONFIG`, else the XDG location.

    A missing file at the default location means built-in defaults; a missing file the user
    named is an error.
    """
    path, named = find_config_path(explicit)
    if not path.exists():
        if named:
            raise ConfigError(
                f"{path}: no such config file; create it from config.example.yaml or "
                "run `followup init`"
            )
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(
            f"{path}: not UTF-8 text (byte {err.start + 1} cannot be read); save the file as UTF-8"
        ) from err
    except OSError as err:
        raise ConfigError(f"{path}: cannot read the config file: {err.strerror or err}") from err
    return parse_config(text, path)


class _Loader(yaml.SafeLoader):
    """YAML read the way people mean it: only true/false are booleans (so `country: NO` stays
    Norway) and `8:30` is a time of day, not the base-60 number 510."""


_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    _INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def parse_config(text: str, path: Path | None = None) -> Config:
    label = str(path) if path else "config"
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise ConfigError(f"{label}: not valid YAML{line}: {getattr(err, 'problem', err)}") from err
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{label}: the top level must be a mapping of keys, got {type(data).__name__}"
        )
    base = path.parent if path else Path.cwd()
    try:
        config = Config.model_validate(data)
    except ValidationError as err:
        problems = "\n".join(f"  {_describe(e)}" for e in err.errors())
        raise ConfigError(f"{label}: {err.error_count()} problem(s):\n{problems}") from None
    return _resolve_paths(config, base).model_copy(update={"path": path})


def _resolve_paths(config: Config, base: Path) -> Config:
    def fix(p: Path | None) -> Path | None:
        if p is None:
            return None
        p = p.expanduser()
        return p if p.is_absolute() else base / p

    return config.model_copy(
        update={
            "database": fix(config.database),
            "templates": fix(config.templates),
            "accounts": tuple(
                a.model_copy(update={"ca_file": fix(a.ca_file)}) for a in config.accounts
            ),
            "sources": tuple(
                s.model_copy(update={"maildir": fix(s.maildir), "mbox": fix(s.mbox)})
                for s in config.sources
            ),
            "nudges": config.nudges.model_copy(
                update={
                    "email": config.nudges.email.model_copy(
                        update={"ca_file": fix(config.nudges.email.ca_file)}
                    )
                }
            ),
        }
    )


def _dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


_KNOWN_TYPES = {
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "date_from_datetime_parsing": "must be a date like 2026-03-01",
    "date_parsing": "must be a date like 2026-03-01",
    "date_type": "must be a date like 2026-03-01",
    "path_type": "must be a file path",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "model_type": "must be a mapping of keys",
    "model_attributes_type": "must be a mapping of keys",
}


def _describe(error: Any) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        return f"{_dotted(loc)}: unknown key{_suggest(loc)}"
    if kind == "missing":
        return f"{_dotted(loc)}: required key is missing"
    if kind == "value_error":
        where = _dotted(loc) if loc else "(top level)"
        return f"{where}: {error['msg'].removeprefix('Value error, ')}"
    if kind == "literal_error":
        return f"{_dotted(loc)}: must be one of {error['ctx']['expected']}, got {given!r}"
    if kind in ("greater_than_equal", "less_than_equal", "too_short"):
        return f"{_dotted(loc)}: {error['msg'].lower()}, got {given!r}"
    text = _KNOWN_TYPES.get(kind, error["msg"].lower())
    return f"{_dotted(loc)}: {text}, got {given!r}"


def _suggest(loc: tuple[str | int, ...]) -> str:
    """Name the key the user probably meant."""
    model: Any = Config
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return ""
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [
            a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)
        ]
        if not candidates:
            return ""
        model = candidates[0]
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
