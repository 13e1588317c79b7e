"""Which senders are remembered as an application's contacts."""

from __future__ import annotations

import pytest

from agent.effects import is_shared_sender
from agent.models import Address


@pytest.mark.parametrize(
    "email",
    [
        "no-reply@hiring-tool.example",
        "ikke-svar@stillingsnett.example",
        "svarikke@kommune.example",
        "svara-inte@jobbportal.example",
        "nicht-antworten@bewerbung.example",
        "varsel@jobbnorge.example",
    ],
)
def test_robots_write_for_many_applications_and_are_never_learned(email: str) -> None:
    assert is_shared_sender(Address("", email))


@pytest.mark.parametrize(
    "email", ["svarte.hansen@gmail.com", "ikkeno.berg@firma.example", "varselberg@firma.example"]
)
def test_people_whose_names_look_like_robot_words_are_people(email: str) -> None:
    assert not is_shared_sender(Address("", email))
