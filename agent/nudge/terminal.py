"""Nudges printed to a terminal, for `followup nudges` and runs in the foreground.

Everything that came from mail passes through `escape.for_terminal`/`one_line`, so a subject
cannot move the cursor, recolour the screen or reverse the text.
"""

from __future__ import annotations

import sys
from typing import TextIO

from agent.errors import NudgeError
from agent.escape import for_terminal, one_line
from agent.nudge import Notice

_RULE = "─"
_WIDTH = 72


def render_notice(notice: Notice) -> str:
    """The notice as a block of plain text: heading, why now, then the draft indented."""
    heading = one_line(notice.title)
    if notice.nudge_id > 0:  # 0: not one nudge (the daily digest)
        heading += f"  [nudge {notice.nudge_id}]"
    lines = [heading, _RULE * min(max(len(heading), 20), _WIDTH)]
    label = one_line(notice.application_label)
    if label:
        lines.append(label)
    body = for_terminal(notice.body).strip()
    if body:
        lines += ["", *body.splitlines()]
    draft = for_terminal(notice.draft).strip()
    subject = one_line(notice.draft_subject)
    if draft or subject:
        lines += ["", f"Draft — {subject}" if subject else "Draft:"]
        lines += [f"    {line}".rstrip() for line in draft.splitlines()]
    return "\n".join(lines) + "\n"


class TerminalChannel:
    """Write each notice to a stream (standard output unless another is given)."""

    name = "terminal"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def send(self, notice: Notice) -> None:
        """Print the block and a blank line after it; a closed or broken stream is a NudgeError."""
        stream = self._stream if self._stream is not None else sys.stdout
        text = render_notice(notice) + "\n"
        try:
            encoding = getattr(stream, "encoding", None)
            if encoding:
                # A terminal in a legacy encoding gets '?' for letters it cannot show.
                text = text.encode(encoding, "replace").decode(encoding)
            stream.write(text)
            stream.flush()
        except (OSError, ValueError, LookupError) as err:
            raise NudgeError(
                f"cannot write the nudge to the terminal ({err}); run `followup nudges` "
                "from a terminal to see what is due"
            ) from None
