"""The daily digest: one short text with today's nudges, what is coming, and what to let go.

Pure: it takes the plan, the open nudges and the applications, and returns text (or None on a
day with nothing to say). Every value from mail or the list passes through `one_line`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from agent.escape import one_line
from agent.models import Application, Nudge, NudgeKind
from agent.policy import Plan, describe_day
from agent.workdays import WorkCalendar

#: How far ahead "coming up" looks, in working days.
LOOKAHEAD = 5

KIND_WORDS: dict[NudgeKind, str] = {
    NudgeKind.STATUS_CHECK: "status check",
    NudgeKind.THANK_YOU: "thank-you after the interview",
    NudgeKind.INTERVIEW_FOLLOWUP: "follow-up after the interview",
    NudgeKind.FINAL_MESSAGE: "last friendly message",
    NudgeKind.FEEDBACK_REQUEST: "ask for feedback",
    NudgeKind.ANSWER_REQUEST: "answer their request",
}


def _name(app: Application) -> str:
    return f"{one_line(app.company, 40)} ({one_line(app.role, 50)})"


def render_digest(
    plan: Plan,
    open_nudges: Sequence[Nudge],
    applications: Mapping[int, Application],
    now: datetime,
    calendar: WorkCalendar,
) -> str | None:
    """The digest text for the day of `now`, or None when there is nothing to tell."""
    today = calendar.local(now).date()
    horizon = calendar.working_start(calendar.add_working_days(today, LOOKAHEAD))
    sections: list[str] = []

    due_today = [
        n
        for n in open_nudges
        if calendar.local(n.snoozed_until or n.due).date() <= today
        and n.application_id in applications
    ]
    if due_today:
        lines = ["Today:"]
        for n in due_today:
            app = applications[n.application_id]
            lines.append(f"  #{n.id} {KIND_WORDS[n.kind]}: {_name(app)}")
        sections.append("\n".join(lines))

    ahead = [
        p
        for p in plan.nudges
        if calendar.local(p.due).date() > today
        and p.due < horizon
        and p.application_id in applications
    ]
    if ahead:
        lines = ["Coming up:"]
        for p in ahead:
            app = applications[p.application_id]
            lines.append(f"  {describe_day(p.due, calendar)}: {KIND_WORDS[p.kind]}, {_name(app)}")
        sections.append("\n".join(lines))

    if plan.too_many:
        names = ", ".join(_name(a) for a in plan.let_go)
        sections.append(
            f"Too many open: {plan.active} active applications, more than your limit of "
            f"{plan.limit} (policy.max_active_applications). With this many, follow-up gets "
            f"sloppy; consider letting go of the ones you want least: {names}."
        )

    if plan.to_reflect:
        lines = ["Write down what you learned (a few minutes each):"]
        lines += [f"  followup reflect {a.key or a.id}   {_name(a)}" for a in plan.to_reflect]
        sections.append("\n".join(lines))

    if not sections:
        return None
    return "\n\n".join(sections) + "\n"
