"""Delivery channels for nudges: the `Notice` they carry and the `Channel` protocol.

A channel gets a `Notice` whose text is plain and already made one-line-safe where a single
line is expected; each channel escapes it for its own medium (markup, headers, terminal).
Concrete channels (desktop, email, terminal) live in sibling modules; `agent.nudge.channels`
holds the table of them (`CHANNELS`) and builds the ones the config turns on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from agent.models import NudgeKind


@dataclass(frozen=True)
class Notice:
    """One nudge, rendered and ready to show: what to do, why now, and a draft to send.

    `nudge_id` 0 marks the daily digest: `body` is then the digest text, `draft_subject` and
    `draft` are empty and `kind` carries no meaning.
    """

    nudge_id: int
    kind: NudgeKind
    title: str
    """One line, e.g. "Follow up with Acme (Backend developer)"."""
    body: str
    """Plain text: why now, the last contact, the prepared questions."""
    draft_subject: str
    """One line: the subject of the draft message."""
    draft: str
    """Plain text: the draft message itself."""
    application_label: str
    """One line naming the application, e.g. "Acme — Backend developer"."""


class Channel(Protocol):
    """Something that shows or sends a notice to the person.

    `send` raises `agent.errors.NudgeError` when delivery failed; the nudge is then retried on
    this channel later, while the other channels go on.
    """

    name: str

    def send(self, notice: Notice) -> None: ...
