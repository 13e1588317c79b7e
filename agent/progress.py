"""Which status changes follow from what the person records by hand (an interview, a close)."""

from __future__ import annotations

from agent.models import STATUS_PATH, Status


def advances(current: Status, target: Status) -> bool:
    """Whether `target` is further along the forward path than `current`.

    Closed applications (rejected, withdrawn, ...) are off the path and never advance: the
    person reopens them with `set --status`.
    """
    if current not in STATUS_PATH or target not in STATUS_PATH:
        return False
    return STATUS_PATH.index(target) > STATUS_PATH.index(current)
