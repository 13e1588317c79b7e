"""What the commands list: the nudges due at a moment, and those coming in the next days.

Listing never delivers anything. `preview_views` runs the rules at any moment without writing,
which is what `followup nudges --at` shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agent.config import Config
from agent.dates import to_iso
from agent.models import Application, Nudge, NudgeKind, NudgeState
from agent.nudges import OPEN_STATES, make_plan
from agent.store import Store
from agent.workdays import WorkCalendar


def _applications(store: Store) -> dict[int, Application]:
    return {app.id: app for app in store.applications()}


@dataclass(frozen=True)
class NudgeView:
    """One nudge as the commands show it; `id` is None for one not yet written (dry run)."""

    id: int | None
    application: Application
    kind: NudgeKind
    due: datetime
    state: NudgeState
    reason: str
    snoozed_until: datetime | None = None

    def as_json(self, cal: WorkCalendar) -> dict[str, Any]:
        return {
            "id": self.id,
            "application_id": self.application.id,
            "application_key": self.application.key,
            "company": self.application.company,
            "role": self.application.role,
            "kind": str(self.kind),
            "due": to_iso(cal.local(self.due)),
            "state": str(self.state),
            "reason": self.reason,
            "snoozed_until": (
                to_iso(cal.local(self.snoozed_until)) if self.snoozed_until else None
            ),
        }


def is_due(nudge: NudgeView | Nudge, at: datetime) -> bool:
    """Open and its time has come at `at`."""
    if nudge.state not in OPEN_STATES:
        return False
    return (nudge.snoozed_until or nudge.due) <= at


def stored_views(store: Store, *, include_all: bool, at: datetime) -> list[NudgeView]:
    """The nudges in the store: the due ones at `at`, or every one with `include_all`."""
    apps = _applications(store)
    return [
        NudgeView(n.id, apps[n.application_id], n.kind, n.due, n.state, n.reason, n.snoozed_until)
        for n in store.nudges()
        if include_all or is_due(n, at)
    ]


def preview_views(
    store: Store, config: Config, at: datetime, *, include_all: bool
) -> list[NudgeView]:
    """What would be due at `at` if the rules ran then; nothing is written."""
    apps = _applications(store)
    views = []
    for planned in make_plan(store, config, at).nudges:
        existing = store.nudge_by_fingerprint(planned.fingerprint)
        state = NudgeState.PENDING
        nudge_id, snoozed = None, None
        if existing is not None:
            nudge_id, snoozed = existing.id, existing.snoozed_until
            if existing.state is not NudgeState.SUPERSEDED:
                state = existing.state
        view = NudgeView(
            nudge_id,
            apps[planned.application_id],
            planned.kind,
            planned.due,
            state,
            planned.reason,
            snoozed,
        )
        if include_all or is_due(view, at):
            views.append(view)
    return views


def agenda(store: Store, config: Config, now: datetime, days: int) -> list[NudgeView]:
    """The open nudges the rules plan from now until `days` calendar days ahead."""
    end = now + timedelta(days=days)
    return [
        v
        for v in preview_views(store, config, now, include_all=True)
        if v.state in OPEN_STATES and (v.snoozed_until or v.due) <= end
    ]
