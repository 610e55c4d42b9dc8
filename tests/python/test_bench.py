"""Smoke-runs the check_many benchmark (bench_check_many.py) at a small size: it must work on
1 and 2 workers and give identical results. No timing is asserted (shared CI machines)."""

from __future__ import annotations

import bench_check_many


def test_check_many_benchmark_runs_on_1_and_2_workers(capsys):
    rates = bench_check_many.run(400, (1, 2))
    assert set(rates) == {1, 2} and all(r > 0 for r in rates.values())
    out = capsys.readouterr().out
    with capsys.disabled():
        print("\n" + out, end="")
