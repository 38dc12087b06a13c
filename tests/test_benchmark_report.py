"""The benchmark's report: issue 16's targets judged from a run's figures, each with its margin."""

from __future__ import annotations

from typing import Any

from benchmarks import report


def _proc(median: float, peak: float = 100.0) -> dict[str, float]:
    return {"median_s": median, "min_s": median, "max_s": median, "runs": 3, "max_rss_mib": peak, "peak_mib": peak}


def _pair(first: float, second: float) -> dict[str, Any]:
    return {
        "first": _proc(first),
        "second": _proc(second),
        "ratio_median": second / first,
        "difference_median_s": second - first,
    }


def _core(cold: float, warm: float, first_search: float) -> dict[str, Any]:
    return {
        "unlock_cold": {"overhead": {"median_s": cold}, "first_search": {"median_s": first_search * 3}},
        "unlock_warm": {"overhead": {"median_s": warm}, "first_search": {"median_s": first_search}},
        "add": {"median_s": 0.002, "p90_s": 0.003},
        "edit": {"median_s": 0.002, "p90_s": 0.003},
        "device_caches": {"unlock/<vault>.mjc": 1000},
    }


def _results() -> dict[str, Any]:
    return {
        "started": "2026-12-01T19:10:00",
        "seconds": 900,
        "seed": 1,
        "runs": 5,
        "jrnl_runs": 3,
        "sizes": [10, 10000, 100000],
        "flat_sizes": [10, 100, 10000, 100000],
        "jrnl_sizes": [10, 10000],
        "machine": {"nproc": 2, "cpu": "cpu", "memory": "1 MiB", "python": "3.11", "platform": "linux"},
        "startup": {"runs": 10, "version": _pair(0.08, 0.30), "help": _proc(0.09)},
        "growth": {"small": 10, "big": 10000, "add": _pair(0.30, 0.36), "search_hit": _pair(0.30, 0.40)},
        "by_size": {
            "10": {"core": _core(0.01, 0.005, 0.001), "mj_cli": {"add": _proc(0.3)}, "loadavg": [1.0, 1.0, 1.0]},
            "10000": {"core": _core(0.9, 0.1, 0.04), "mj_cli": {"add": _proc(0.36)}},
            "100000": {
                "core": _core(12.0, 0.8, 0.5),
                "mj_cli": {"add": _proc(1.0, 350.0), "check": _proc(9.0, 450.0)},
                "tui": {"available": False, "why": "did not finish within 900 s"},
            },
        },
    }


def _row(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {start}"))


class TestIssue16Targets:
    def test_each_target_is_judged_with_its_margin(self) -> None:
        text = report.issue16_targets(_results())
        assert "**not met** | missed by 0.10 (1.09× the bound)" in _row(text, "Whole-process `session add`")
        assert "**met** | 50.0 ms to spare" in _row(text, "Whole-process `search`")
        assert "**met**" in _row(text, "First search after unlock, in-process, at 10,000")
        assert "**not met** | missed by 200 ms (1.67× the bound)" in _row(
            text, "First search after unlock, in-process, at 100,000"
        )
        assert "**met**" in _row(text, "Cold unlock overhead (after Argon2; no device-local caches) at 10,000")
        assert "**not met** | missed by 2.00 s" in _row(
            text, "Cold unlock overhead (after Argon2; no device-local caches) at 100,000"
        )
        assert "**met**" in _row(text, "Warm unlock overhead at 100,000")
        assert "n/a (did not finish within 900 s)" in _row(text, "App: unlock to main view")
        memory = _row(text, "Peak memory at 100,000")
        assert "largest: check 450 MiB" in memory and "**not met** | missed by 50 MiB" in memory
        assert "**met** | 220 ms to spare" in _row(text, "Start-up (`--version`)")

    def test_a_run_without_100k_says_not_run(self) -> None:
        results = _results()
        del results["by_size"]["100000"]
        results["sizes"], results["flat_sizes"] = [10, 10000], [10, 100, 10000]
        text = report.issue16_targets(results)
        assert "not run (`--with-100k`) | n/a | n/a |" in _row(text, "Warm unlock overhead at 100,000")

    def test_the_whole_report_renders(self) -> None:
        text = report.render(_results())
        for title in (
            "### Start-up",
            "### What a big vault adds",
            "### Targets (issue 16)",
            "### Targets of the earlier round",
        ):
            assert title in text
        assert "`unlock/<vault>.mjc`" in text


class TestMachine:
    def test_a_kernel_that_reclaims_idle_memory_is_named_beside_the_figures(self) -> None:
        results = _results()
        assert "reclaims idle memory" not in report.machine_block(results)
        results["machine"]["reclaim"] = "pageout of memory idle 60 s, up to 128 MiB/s"
        block = report.machine_block(results)
        assert "DAMON: pageout of memory idle 60 s, up to 128 MiB/s" in block
