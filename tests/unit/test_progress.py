"""Status changes implied by what the person records by hand."""

from __future__ import annotations

import pytest

from agent.models import Status
from agent.progress import advances


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        (Status.APPLIED, Status.INTERVIEWING, True),
        (Status.WISHLIST, Status.INTERVIEWING, True),
        (Status.INTERVIEWING, Status.INTERVIEWING, False),
        (Status.OFFER, Status.INTERVIEWING, False),
        (Status.REJECTED, Status.INTERVIEWING, False),
        (Status.DROPPED, Status.INTERVIEWING, False),
        (Status.APPLIED, Status.REJECTED, False),
    ],
)
def test_advances_only_forward_along_the_path(
    current: Status, target: Status, expected: bool
) -> None:
    assert advances(current, target) is expected
