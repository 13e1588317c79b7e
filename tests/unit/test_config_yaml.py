"""YAML read the way a person means it, and config errors that name the file and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.config import load_config, parse_config
from agent.errors import ConfigError


def test_norway_stays_a_country_and_times_stay_times() -> None:
    config = parse_config(
        "policy: {country: NO, working_hours: 8:00-16:30}\nnudges: {digest: {at: 7:45}}"
    )
    assert config.policy.country == "NO"
    assert config.policy.working_hours == "08:00-16:30"
    assert config.nudges.digest.at == "07:45"


def test_numbers_are_still_numbers() -> None:
    config = parse_config("policy: {max_unanswered: 3}\nmatching: {review_threshold: 0.55}")
    assert config.policy.max_unanswered == 3
    assert config.matching.review_threshold == 0.55


def test_unknown_time_zone_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("timezone: Mars/Olympus\npolicy: {max_unanswered: many}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    text = str(caught.value)
    assert str(path) in text
    assert "timezone: unknown time zone 'Mars/Olympus'" in text
    assert "policy.max_unanswered: must be an integer" in text


def test_config_that_is_not_utf8_says_to_save_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_bytes("policy: {country: NO}  # Bodø\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="save the file as UTF-8"):
        load_config(path)
