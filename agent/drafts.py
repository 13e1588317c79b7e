"""Draft messages from Jinja2 templates the person can override, in English and Norwegian.

A template is `<language>/<kind>.txt.j2`: the first line `Subject: ...`, then the body. The
person's own copies in the config's templates directory (same layout) win over the built-in
ones shipped in `agent/templates/`. Drafts are plain text, so autoescaping is off; instead every
value that came from mail is squeezed through `escape.one_line` before a template sees it.
This is the one module that imports `jinja2`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import jinja2

from agent.errors import ConfigError
from agent.escape import one_line
from agent.models import Application, Case, Event, Interview, NudgeKind
from agent.workdays import WorkCalendar

BUILTIN_DIR = Path(__file__).parent / "templates"
LANGUAGES = ("en", "no")
_SUBJECT = "subject:"
_REPLY_PREFIX = re.compile(r"^(re|sv|aw|vs)\s*:", re.IGNORECASE)

_DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "no": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
}
_MONTH_NAMES = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "no": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
}


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


def say_day(day: date, language: str) -> str:
    """A date as a letter would put it: `Friday 8 May` or `fredag 8. mai`."""
    lang = language if language in _DAY_NAMES else "en"
    name, month = _DAY_NAMES[lang][day.weekday()], _MONTH_NAMES[lang][day.month - 1]
    return f"{name} {day.day}. {month}" if lang == "no" else f"{name} {day.day} {month}"


def draft_context(
    app: Application,
    *,
    language: str,
    calendar: WorkCalendar,
    events: Sequence[Event] = (),
    interviews: Sequence[Interview] = (),
    cases: Sequence[Case] = (),
    now: datetime,
) -> dict[str, Any]:
    """The values a template may use; everything from mail or the list is one-line-safe."""
    named = next((c for c in app.contacts if c.name), None)
    contact_name = one_line(named.name, 60) if named else ""
    past = [i for i in interviews if i.at <= now]
    interview = past[-1] if past else (interviews[-1] if interviews else None)
    last = max(events, key=lambda e: e.at, default=None)
    interviewer = _person_name(interview.with_who if interview else None)
    return {
        "company": one_line(app.company, 80),
        "role": one_line(app.role, 100),
        "job_ref": one_line(app.job_ref, 40),
        "contact_name": contact_name,
        "contact_first_name": contact_name.split()[0] if contact_name else "",
        "interviewer_name": interviewer,
        "interviewer_first_name": interviewer.split()[0] if interviewer else "",
        "applied_day": say_day(app.applied_on, language) if app.applied_on else "",
        "interview_day": (
            say_day(calendar.local(interview.at).date(), language) if interview else ""
        ),
        "last_contact_day": say_day(calendar.local(last.at).date(), language) if last else "",
        "last_subject": one_line(last.subject, 120) if last else "",
        "reply_subject": reply_subject(last.subject if last else None, app.role),
        "questions": [one_line(c.text, 300) for c in cases if c.done_at is None],
        "language": language,
    }


def _person_name(who: str | None) -> str:
    """The name in an interview's `with` text (`Ann Berg <ann@acme.example>` or `Ann Berg`)."""
    if not who:
        return ""
    name, address = parseaddr(who)
    if "@" in who and address:
        return one_line(name, 60)
    return one_line(who, 60)


def reply_subject(subject: str | None, fallback: str) -> str:
    """`Re: <their subject>`, without stacking a second prefix on an existing one."""
    text = one_line(subject, 120) or one_line(fallback, 100)
    return text if _REPLY_PREFIX.match(text) else f"Re: {text}"


class Drafts:
    """Renders drafts, looking in the person's template directory before the built-in one."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        loaders: list[jinja2.BaseLoader] = []
        if user_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(user_dir)))
        loaders.append(jinja2.FileSystemLoader(str(BUILTIN_DIR)))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )

    def template_name(self, kind: NudgeKind, language: str) -> str:
        return f"{language if language in LANGUAGES else 'en'}/{kind}.txt.j2"

    def where(self, name: str) -> str:
        """The file a template name resolves to, for error messages."""
        if self.user_dir is not None and (self.user_dir / name).is_file():
            return str(self.user_dir / name)
        return str(BUILTIN_DIR / name)

    def render(self, kind: NudgeKind, language: str, context: dict[str, Any]) -> Draft:
        """Render one kind of draft; a broken user template is a ConfigError naming the file."""
        name = self.template_name(kind, language)
        try:
            text = self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as err:
            raise ConfigError(
                f"{self.where(name)}: template error at line {err.lineno}: {err.message}; "
                "fix the template or delete it to use the built-in one"
            ) from err
        except jinja2.TemplateNotFound as err:
            raise ConfigError(
                f"no draft template {name!r}; reinstall followup or add it to your templates "
                "directory"
            ) from err
        except jinja2.TemplateError as err:
            raise ConfigError(
                f"{self.where(name)}: {err}; the template may only use: "
                f"{', '.join(sorted(context))}"
            ) from err
        return split_draft(text, fallback=str(context.get("role", "")))


def split_draft(text: str, *, fallback: str) -> Draft:
    """Split rendered text into a one-line subject (from `Subject: ...`) and the body."""
    lines = text.strip("\n").splitlines()
    subject = fallback
    if lines and lines[0].lower().startswith(_SUBJECT):
        subject = lines[0][len(_SUBJECT) :].strip()
        lines = lines[1:]
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    return Draft(subject=one_line(subject), body=body + "\n")
