"""The benchmarks stay runnable: nothing imports them, so without this they rot unseen.

No timing is asserted here (machines are shared and noisy); only that each bench runs to the
end and prints its ratio against the baseline it measures in the same run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("script", "args", "expected"),
    [
        (
            "bench_pipeline.py",
            ["tests/corpus", "--rounds", "1", "--seconds", "0"],
            "ratio to the stdlib baseline",
        ),
        ("bench_long_thread.py", ["--messages", "40"], "ratio last/first"),
    ],
)
def test_bench_runs_and_reports_a_ratio(script: str, args: list[str], expected: str) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
