"""`followup demo` runs the real pipeline over the shipped samples and shows the result."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

from agent.demo import run_demo


def test_samples_are_package_data() -> None:
    root = resources.files("agent") / "samples"
    assert (root / "applications.csv").is_file()
    assert (root / "Maildir" / "cur").is_dir()
    assert (root / "Maildir" / ".Sent" / "cur").is_dir()


def test_demo_shows_the_list_a_contact_log_and_the_review_queue(invoke: Any) -> None:
    output = invoke.ok("demo").output
    assert "Your applications" in output
    assert "Solvik Software AS" in output
    assert "interviewing" in output
    assert "Contact log of" in output
    assert "outbound_followup" in output
    assert "Waiting for review (1)" in output
    assert "Saga Helse AS – Data Engineer" in output
    assert "Saga Helse AS – Data Analyst" in output
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", output.replace("\x1b[", ""))


def test_demo_leaves_the_users_database_alone(invoke: Any) -> None:
    invoke.ok("demo")
    assert not invoke.database.exists()


def test_demo_decisions_follow_the_story() -> None:
    with run_demo() as run:
        decided = {str(o.category) for _item, o in run.outcomes}
        assert {"acknowledgement", "interview", "rejection", "job_alert", "auto_reply"} <= decided
        statuses = {a.key: a.status for a in run.store.applications()}
        assert statuses["solvik-backend"] == "interviewing"
        assert statuses["pixelfjord-fullstack"] == "rejected"
        assert all(not o.review or len(o.candidates) == 2 for _i, o in run.outcomes)
