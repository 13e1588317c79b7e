"""Terminal output: tables that fit the terminal, and mail text that cannot drive it."""

from __future__ import annotations

import pytest

from agent.cli.render import print_agenda, print_table

ROWS = [
    ["ID", "WHAT", "WHY"],
    ["1", "status check", "no answer since you applied on Mon 2 Mar; after 7 working days"],
    ["12", "thank-you", "short"],
]


def test_a_wide_table_is_cut_to_the_terminal_in_its_last_column(
    capsys: pytest.CaptureFixture[str],
) -> None:
    print_table(ROWS, width=50)
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) == 50
    assert lines[1].endswith("…")
    assert lines[2].split() == ["12", "thank-you", "short"]


def test_without_a_terminal_nothing_is_cut(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(ROWS)  # pytest's captured stdout is not a terminal
    assert ROWS[1][2] in capsys.readouterr().out


def test_the_column_to_cut_can_be_chosen(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ["ID", "ROLE", "STATUS"],
        ["1", "Senior backend developer, payments platform", "applied"],
    ]
    print_table(rows, width=40, shrink=(1,))
    line = capsys.readouterr().out.splitlines()[1]
    assert line.endswith("applied")
    assert len(line) == 40


def test_several_columns_give_way_in_turn(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [["ID", "COMPANY", "ROLE"], ["1", "Very Long Company Name AS", "Principal engineer"]]
    print_table(rows, width=26, shrink=(2, 1))
    line = capsys.readouterr().out.splitlines()[1]
    assert line == "1   Very Long…  Principal…"


def test_table_cells_are_neutralised(capsys: pytest.CaptureFixture[str]) -> None:
    print_table([["A", "B"], ["x\x1b[31m\u202ey", "two\nlines"]])
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert "two lines" in out


def test_agenda_lines_are_aligned_and_neutralised(capsys: pytest.CaptureFixture[str]) -> None:
    print_agenda([("Tue 1 Dec 14:00", "interview: A"), ("Fri 27 Nov 12:00", "x\x1b]0;t\x07")])
    assert capsys.readouterr().out.splitlines() == [
        "Tue 1 Dec 14:00   interview: A",
        "Fri 27 Nov 12:00  x]0;t",
    ]


def test_one_column_index_is_enough(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        ["ID", "ROLE", "STATUS"],
        ["1", "Senior backend developer, payments platform", "applied"],
    ]
    print_table(rows, width=40, shrink=1)
    assert capsys.readouterr().out.splitlines()[1] == "1   Senior backend developer, …  applied"
