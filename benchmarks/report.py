"""Turning a run's results into the Markdown tables of docs/performance.md, and the targets' verdicts.

Every figure printed comes from the results of the run being rendered; a figure that was not measured
is printed as "n/a" with the reason where one is known. Nothing is estimated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

START = "<!-- benchmark:start (written by benchmarks/run.py --update-doc) -->"
END = "<!-- benchmark:end -->"

Getter = Callable[[dict[str, Any]], float | None]


def _get(d: Any, *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def fmt_s(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x < 0.001:
        return f"{x * 1e6:.0f} µs"
    if x < 1:
        return f"{x * 1000:.1f} ms" if x < 0.1 else f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def fmt_mib(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.0f} MiB"


def fmt_bytes(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x >= 1024**3:
        return f"{x / 1024**3:.2f} GiB"
    if x >= 1024**2:
        return f"{x / 1024**2:.1f} MiB"
    return f"{x / 1024:.0f} KiB"


def ratio(a: float | None, b: float | None) -> str:
    """How many times ``a`` is ``b`` (jrnl ÷ MentorJournal, or later size ÷ earlier size)."""
    if a is None or b is None or b <= 0:
        return "—"
    r = a / b
    return f"×{r:.0f}" if r >= 100 else f"×{r:.1f}" if r >= 10 else f"×{r:.2f}"


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


class Row:
    def __init__(
        self,
        label: str,
        mj: Getter | None,
        jrnl: Getter | None = None,
        unit: str = "s",
        *,
        size_free: bool = False,
    ) -> None:
        self.label = label
        self.mj = mj
        self.jrnl = jrnl
        self.unit = unit
        self.size_free = size_free  # the same at every size (Argon2): no growth column


def _fmt(unit: str) -> Callable[[float | None], str]:
    return {"s": fmt_s, "MiB": fmt_mib, "bytes": fmt_bytes}.get(unit, lambda x: "n/a" if x is None else f"{x:,.0f}")


def _med(*keys: str) -> Getter:
    return lambda e: _get(e, *keys, "median_s")


def _val(*keys: str) -> Getter:
    return lambda e: _get(e, *keys)


def rows(results: dict[str, Any]) -> list[tuple[str, list[Row]]]:
    argon = results.get("argon2") or {}
    argon_s = _get(argon, "derive", "median_s")
    params = argon.get("params", "Argon2id")
    return [
        (
            "In-process: the cost inside the running app (a cheap test vault; Argon2 is its own row)",
            [
                Row(f"Unlock: Argon2id alone ({params}, as `init` calibrates here)", lambda e: argon_s, size_free=True),
                Row(
                    "Unlock overhead after Argon2, cold (the whole cache folder deleted first)",
                    _med("core", "unlock_cold", "overhead"),
                ),
                Row(
                    "Unlock overhead after Argon2, warm (every cache of an earlier unlock and search)",
                    _med("core", "unlock_warm", "overhead"),
                ),
                Row(
                    "First search after a warm unlock",
                    _med("core", "unlock_warm", "first_search"),
                ),
                Row(
                    "First search after a cold unlock (no cache to start from)",
                    _med("core", "unlock_cold", "first_search"),
                ),
                Row("Add one session (median of 20 saves)", _med("core", "add")),
                Row("Edit one session (median of 20 saves)", _med("core", "edit")),
                Row(f"Search, a word with hits ({results_hits(results)})", _med("core", "search_hit")),
                Row("Search, a word with no hits", _med("core", "search_miss")),
                Row("Search, a prefix as typed (`feedb`)", _med("core", "search_prefix")),
                Row("List one mentee's sessions (the 500-session mentee)", _med("core", "list_mentee")),
                Row("Redacted summary of the 500-session mentee", _med("export", "export")),
                Row("`check`: decrypt and authenticate every file", _med("core", "check")),
                Row("TUI: start to unlock screen drawn", _val("tui", "start_to_unlock_screen_s")),
                Row("TUI: unlock to main view drawn (cheap Argon2)", _val("tui", "unlock_to_main_view_s")),
                Row("TUI: open the 500-session mentee", _val("tui", "open_mentee_s")),
                Row("TUI: page down in the 500-session list", _med("tui", "page_down")),
                Row("TUI: a key bound to nothing (the harness' own wait, for scale)", _med("tui", "unbound_key")),
            ],
        ),
        (
            "Whole processes, one command each, warm caches (cheap Argon2: add the Argon2 row for a real vault)",
            [
                Row("Start-up only (`--version`)", _med("mj_cli", "version"), _med("jrnl", "version")),
                Row("Add one session / entry", _med("mj_cli", "add"), _med("jrnl", "add")),
                Row("Edit one session / the last entry (jrnl `--edit`)", _med("mj_cli", "edit"), _med("jrnl", "edit")),
                Row(
                    f"Search, a word with hits (jrnl `-contains`; {jrnl_hits(results)})",
                    _med("mj_cli", "search_hit"),
                    _med("jrnl", "search_hit"),
                ),
                Row("Search, a word with no hits", _med("mj_cli", "search_miss"), _med("jrnl", "search_miss")),
                Row(
                    "List one mentee's sessions (jrnl: `@tag --short`)",
                    _med("mj_cli", "list_mentee"),
                    _med("jrnl", "list_mentee"),
                ),
                Row(
                    "Export (MJ: redacted summary of 500 sessions; jrnl: `--export md`)",
                    _med("mj_cli", "export"),
                    _med("jrnl", "export"),
                ),
                Row("`check` of the whole vault (jrnl has none)", _med("mj_cli", "check")),
                Row("Search right after a sync or copy (no device-local caches)", _med("mj_cli", "search_cold_cache")),
            ],
        ),
        (
            "Peak memory (the command's processes together: its own and any worker's, sampled; the TUI: its process)",
            [
                *(
                    Row(label, _val("mj_cli", key, "peak_mib"), _val("jrnl", key, "peak_mib") if jrnl else None, "MiB")
                    for label, key, jrnl in (
                        ("Add one session / entry", "add", True),
                        ("Search", "search_hit", True),
                        ("Edit one session / the last entry", "edit", True),
                        ("List one mentee's sessions", "list_mentee", True),
                        ("Export", "export", True),
                        ("Search right after a sync or copy (no caches)", "search_cold_cache", False),
                    )
                ),
                Row("`check`", _val("mj_cli", "check", "peak_mib"), None, "MiB"),
                Row("TUI, after the 500-session list", _val("tui", "peak_rss_mib"), None, "MiB"),
                Row(
                    "Argon2id's own: a process doing one derivation",
                    lambda e: _get(argon, "peak_rss_mib"),
                    None,
                    "MiB",
                    size_free=True,
                ),
            ],
        ),
        (
            "Size on disk",
            [
                Row(
                    "Vault folder, allocated (jrnl: its one file)",
                    _val("disk", "vault_allocated"),
                    _val("jrnl", "journal_bytes"),
                    "bytes",
                ),
                Row("Files in the vault (one per revision)", _val("disk", "vault_files"), None, "count"),
                Row(
                    "Device-local caches (encrypted; the whole cache folder of the copy)",
                    _val("disk", "unlock_cache"),
                    None,
                    "bytes",
                ),
            ],
        ),
    ]


def results_hits(results: dict[str, Any]) -> str:
    hits = {k: _get(v, "core", "search_hit", "hits") for k, v in results.get("by_size", {}).items()}
    shown = ", ".join(f"{size_label(int(k))}: {h}" for k, h in hits.items() if h is not None)
    return f"top {shown} hits; the app lists 50 at most" if shown else "hits"


def jrnl_hits(results: dict[str, Any]) -> str:
    parts = []
    for k, v in results.get("by_size", {}).items():
        mj = _get(v, "mj_hits", "hit")
        jr = _get(v, "jrnl", "search_hit_count")
        if mj is not None or jr is not None:
            parts.append(
                f"{size_label(int(k))}: MJ {mj if mj is not None else 'n/a'}, jrnl {jr if jr is not None else 'n/a'}"
            )
    return "matching notes " + "; ".join(parts) if parts else "hits"


def main_table(results: dict[str, Any]) -> str:
    sizes: list[int] = results["sizes"]
    jrnl_sizes: list[int] = results.get("jrnl_sizes", [])
    by = results["by_size"]
    head = ["Measurement"]
    for s in sizes:
        head.append(f"MJ {size_label(s)}")
        if s in jrnl_sizes:
            head += [f"jrnl {size_label(s)}", "jrnl ÷ MJ"]
    for a, b in pairwise(sizes):
        head.append(f"MJ growth {size_label(a)}→{size_label(b)}")
        if a in jrnl_sizes and b in jrnl_sizes:
            head.append(f"jrnl growth {size_label(a)}→{size_label(b)}")
    lines: list[str] = []
    for title, section in rows(results):
        lines += ["", f"**{title}**", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in section:
            fmt = _fmt(row.unit)
            cells = [row.label]
            mj_vals: dict[int, float | None] = {}
            jr_vals: dict[int, float | None] = {}
            for s in sizes:
                e = by.get(str(s), {})
                mj_vals[s] = row.mj(e) if row.mj else None
                cells.append(fmt(mj_vals[s]) if row.mj else "—")
                if s in jrnl_sizes:
                    jr_vals[s] = row.jrnl(e) if row.jrnl else None
                    cells.append(fmt(jr_vals[s]) if row.jrnl else "—")
                    cells.append(ratio(jr_vals[s], mj_vals[s]) if row.jrnl and row.unit in ("s", "MiB") else "—")
            for a, b in pairwise(sizes):
                cells.append("—" if row.size_free else ratio(mj_vals.get(b), mj_vals.get(a)))
                if a in jrnl_sizes and b in jrnl_sizes:
                    cells.append(ratio(jr_vals.get(b), jr_vals.get(a)) if row.jrnl else "—")
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def flat_table(results: dict[str, Any]) -> str:
    lines = [
        "| Sessions in the vault | add: median | add: p90 | edit: median | edit: p90 | files in the vault |",
        "|---|---|---|---|---|---|",
    ]
    for s in results["flat_sizes"]:
        e = results["by_size"].get(str(s), {})
        lines.append(
            f"| {s:,} | {fmt_s(_get(e, 'core', 'add', 'median_s'))} | {fmt_s(_get(e, 'core', 'add', 'p90_s'))} | "
            f"{fmt_s(_get(e, 'core', 'edit', 'median_s'))} | {fmt_s(_get(e, 'core', 'edit', 'p90_s'))} | "
            f"{_fmt('count')(_get(e, 'disk', 'vault_files'))} |"
        )
    return "\n".join(lines)


def real_cost_table(results: dict[str, Any]) -> str:
    rc = results.get("real_cost")
    if not rc:
        return "Not measured in this run."
    jr = _get(results, "by_size", str(rc["size"]), "jrnl")
    lines = [
        f"A copy of the {rc['size']:,}-session vault given the Argon2 cost `init` chooses on this machine "
        f"({rc.get('kdf') or 'n/a'}): what a mentor waits for, Argon2 included.",
        "",
        "| Command | MentorJournal | jrnl | jrnl ÷ MJ | peak memory MJ | peak memory jrnl |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in (("add", "Add one session / entry"), ("search_hit", "Search, a word with hits")):
        mj = _get(rc, key, "median_s")
        j = _get(jr, key, "median_s")
        lines.append(
            f"| {label} | {fmt_s(mj)} | {fmt_s(j)} | {ratio(j, mj)} | "
            f"{fmt_mib(_get(rc, key, 'peak_mib'))} | {fmt_mib(_get(jr, key, 'peak_mib'))} |"
        )
    return "\n".join(lines)


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("**met**" if ok else "**not met**")


def _below(x: float | None, limit: float) -> str:
    return _verdict(None if x is None else x < limit)


def targets(results: dict[str, Any]) -> str:
    by = results["by_size"]
    sizes = results["flat_sizes"]
    biggest = str(max(sizes))
    ten = by.get("10000", {})
    hundred_k = by.get("100000")
    out = ["| Target (from the performance issue) | Measured | Verdict |", "|---|---|---|"]

    # Add/edit flat and under 50 ms.
    for op in ("add", "edit"):
        small = _get(by.get("100", {}), "core", op, "median_s")
        large = _get(by.get(biggest, {}), "core", op, "median_s")
        at10 = _get(ten, "core", op, "median_s")
        flat = None if small is None or large is None else large <= small * 1.5 + 0.002
        fast = None if at10 is None else at10 < 0.050
        ok = None if flat is None or fast is None else flat and fast
        out.append(
            f"| {op.capitalize()} one session: same cost at 100 and at {int(biggest):,} (within noise: ≤ ×1.5 + 2 ms), "
            f"under 50 ms in-process at 10,000 | 100: {fmt_s(small)}; {int(biggest):,}: {fmt_s(large)} "
            f"({ratio(large, small)}); 10,000: {fmt_s(at10)} | {_verdict(ok)} |"
        )
    warm10 = _get(ten, "core", "unlock_warm", "overhead", "median_s")
    cold10 = _get(ten, "core", "unlock_cold", "overhead", "median_s")
    argon = _get(results, "argon2", "derive", "median_s")
    out.append(
        f"| Unlock overhead after Argon2 under 0.3 s at 10,000 | warm cache {fmt_s(warm10)}; cold (first unlock on a "
        f"device) {fmt_s(cold10)}; Argon2 itself {fmt_s(argon)} | "
        f"{_below(warm10, 0.3)} (warm); {_below(cold10, 0.3)} (cold) |"
    )
    if hundred_k is not None:
        warm = _get(hundred_k, "core", "unlock_warm", "overhead", "median_s")
        cold = _get(hundred_k, "core", "unlock_cold", "overhead", "median_s")
        out.append(
            f"| Unlock overhead after Argon2 under 3 s at 100,000 | warm {fmt_s(warm)}; cold {fmt_s(cold)} | "
            f"{_below(warm, 3)} (warm); {_below(cold, 3)} (cold) |"
        )
    else:
        out.append("| Unlock overhead after Argon2 under 3 s at 100,000 | not run (`--with-100k`) | n/a |")
    hit = _get(ten, "core", "search_hit", "median_s")
    miss = _get(ten, "core", "search_miss", "median_s")
    first = _get(ten, "core", "unlock_warm", "first_search", "median_s")
    first_cold = _get(ten, "core", "unlock_cold", "first_search", "median_s")
    prefix = _get(ten, "core", "search_prefix", "median_s")
    jr = _get(ten, "jrnl", "search_hit", "median_s")
    out.append(
        f"| Search under 50 ms in-process at 10,000 (jrnl's command: {fmt_s(jr)}) | hits {fmt_s(hit)}, no hits "
        f"{fmt_s(miss)}, a prefix {fmt_s(prefix)}; the first search after a warm unlock {fmt_s(first)}, after a "
        f"cold one {fmt_s(first_cold)} | "
        f"{_verdict(None if hit is None else hit < 0.05 and (miss or 0) < 0.05)} (a word); "
        f"{_verdict(None if prefix is None else prefix < 0.05)} (a prefix); "
        f"{_verdict(None if first is None else first < 0.05)} (first search) |"
    )
    exp = _get(ten, "export", "export", "median_s")
    exp_cli = _get(ten, "mj_cli", "export", "median_s")
    why = _get(ten, "export", "why")
    measured = (
        f"in-process {fmt_s(exp)}; whole command {fmt_s(exp_cli)}" if exp is not None else f"n/a ({why or 'not run'})"
    )
    out.append(f"| Redacted export of a 500-session mentee under 1 s | {measured} | {_below(exp, 1)} |")
    mem = _get(ten, "mj_cli", "add", "peak_mib")
    mem_jrnl = _get(ten, "jrnl", "add", "peak_mib")
    worst = max(
        (_get(ten, "mj_cli", k, "peak_mib") or 0)
        for k in ("add", "edit", "search_hit", "list_mentee", "export", "check")
    )
    out.append(
        "| Peak memory under jrnl's 229 MiB at 10,000 (Argon2's own reported beside) | "
        f"add {fmt_mib(mem)}, the largest "
        f"of any command {fmt_mib(worst or None)} (jrnl add, this run: {fmt_mib(mem_jrnl)}); Argon2 process "
        f"{fmt_mib(_get(results, 'argon2', 'peak_rss_mib'))} | {_verdict(None if not worst else worst < 229)} |"
    )
    tui = ten.get("tui") or {}
    page = _get(tui, "page_down", "median_s")
    main_view = tui.get("unlock_to_main_view_s")
    opened = tui.get("open_mentee_s")
    if page is None:
        out.append(
            "| TUI: main view of 10,000 sessions draws and scrolls without visible lag | "
            f"n/a ({tui.get('why', 'not run')}) | n/a |"
        )
    else:
        unbound = _get(tui, "unbound_key", "median_s")
        key_cost = page - (unbound or 0.0)  # what the page down adds to the harness' own wait
        ok = key_cost < 0.1 and (main_view or 0) < 1 and (opened or 0) < 0.5
        out.append(
            "| TUI: main view of 10,000 sessions draws and scrolls without visible lag (taken as: a key answered "
            "within 100 ms beyond the harness' wait, a screen within 0.5 s, unlock to main view within 1 s after "
            "Argon2) | unlock to main view "
            f"{fmt_s(main_view)}; open the 500-session mentee {fmt_s(opened)}; page down {fmt_s(page)} (a key "
            f"bound to nothing: {fmt_s(unbound)}) | "
            f"{_verdict(ok)} |"
        )
    chk = _get(ten, "mj_cli", "check", "median_s")
    out.append(
        f"| `check` of 10,000 sessions under 5 s, with progress | whole command {fmt_s(chk)}; in-process "
        f"{fmt_s(_get(ten, 'core', 'check', 'median_s'))}; progress: `check` prints done/total on a terminal "
        f"| {_verdict(None if chk is None else chk < 5)} |"
    )
    return "\n".join(out)


def startup_table(results: dict[str, Any]) -> str:
    st = results.get("startup")
    if not st:
        return "Not measured in this run."
    version = st.get("version", {})
    mj, jr = _get(version, "first", "median_s"), _get(version, "second", "median_s")
    lines = [
        f"`--version` of each tool, {st.get('runs', 'n/a')} runs each, in turn (MJ, jrnl, MJ, jrnl ...): start-up "
        "alone (interpreter, imports, argument parsing), compared in the same minute.",
        "",
        "| Command | MentorJournal | jrnl | MJ ÷ jrnl, pair by pair (median) | peak memory MJ | peak memory jrnl |",
        "|---|---|---|---|---|---|",
        f"| `--version` | {fmt_s(mj)} | {fmt_s(jr)} | {_times(version.get('ratio_median'))} | "
        f"{fmt_mib(_get(version, 'first', 'peak_mib'))} | {fmt_mib(_get(version, 'second', 'peak_mib'))} |",
        f"| `--help` | {fmt_s(_get(st, 'help', 'median_s'))} | — | — | {fmt_mib(_get(st, 'help', 'peak_mib'))} | — |",
    ]
    return "\n".join(lines)


def signed_s(x: float | None) -> str:
    return "n/a" if x is None else ("+" if x >= 0 else "−") + fmt_s(abs(x))


def _times(x: float | None) -> str:
    return "—" if x is None else f"×{x:.2f}"


def growth_table(results: dict[str, Any]) -> str:
    g = results.get("growth")
    if not g:
        return "Not measured in this run (it needs the 10- and the 10,000-session vaults: `--sizes 10,...,10000`)."
    small, big = g["small"], g["big"]
    jr_small = _get(results, "by_size", str(small), "jrnl")
    jr_big = _get(results, "by_size", str(big), "jrnl")
    lines = [
        f"One command on the {small}-session vault, then on the {big:,}-session one, in turn ({results['runs']} pairs; "
        "warm caches, cheap Argon2): what a big vault adds to a one-off command. jrnl beside, on the same notes, "
        "from its own runs at each size (not in turn).",
        "",
        f"| Command | {small} sessions | {big:,} sessions | ratio, pair by pair (median) | difference, pair by pair "
        f"(median) | peak memory at {big:,} | jrnl {small} | jrnl {big:,} | jrnl ratio | jrnl difference |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, label in (
        ("add", "`session add` (jrnl: an entry)"),
        ("search_hit", "`search`, a word with hits (jrnl `-contains`)"),
        ("search_miss", "`search`, a word with no hits"),
    ):
        pair = g.get(key) or {}
        diff = pair.get("difference_median_s")
        j_small, j_big = _get(jr_small, key, "median_s"), _get(jr_big, key, "median_s")
        j_diff = None if j_small is None or j_big is None else j_big - j_small
        lines.append(
            f"| {label} | {fmt_s(_get(pair, 'first', 'median_s'))} | {fmt_s(_get(pair, 'second', 'median_s'))} | "
            f"{_times(pair.get('ratio_median'))} | {signed_s(diff)} | "
            f"{fmt_mib(_get(pair, 'second', 'peak_mib'))} | {fmt_s(j_small)} | {fmt_s(j_big)} | "
            f"{ratio(j_big, j_small)} | {signed_s(j_diff)} |"
        )
    return "\n".join(lines)


def caches_note(results: dict[str, Any]) -> str:
    """What the warm runs had in the cache folder, at the largest size (kinds and sizes, never names)."""
    by = results["by_size"]
    size = max((int(k) for k, v in by.items() if _get(v, "core", "device_caches")), default=None)
    if size is None:
        return ""
    caches: dict[str, int] = by[str(size)]["core"]["device_caches"]
    listed = "; ".join(f"`{name}` {fmt_bytes(n)}" for name, n in sorted(caches.items()))
    return (
        f"Device-local caches the warm runs found at {size:,} sessions (the cold runs delete the whole folder): "
        f"{listed or 'none'}."
    )


# --- issue 16's targets: each met or not, with the margin -------------------------------------------


@dataclass(frozen=True)
class Target:
    """One target: the figure measured, its bound, and how the two compare (below the bound, or at most it)."""

    label: str
    measured: str  # the figures behind the verdict, as the table shows them
    value: float | None  # the one figure judged (None: not measured in this run)
    bound: float
    unit: str  # "s", "MiB" or "ratio"
    at_most: bool = False
    then: str = ""  # the figure when the issue was filed, as the issue quotes it (context, not measured here)

    def _fmt(self, x: float) -> str:
        return fmt_s(x) if self.unit == "s" else fmt_mib(x) if self.unit == "MiB" else f"{x:.2f}"

    def row(self) -> str:
        if self.value is None:
            return f"| {self.label} | {self.then} | {self.measured} | n/a | n/a |"
        ok = self.value <= self.bound if self.at_most else self.value < self.bound
        gap = self._fmt(abs(self.value - self.bound))
        share = f" ({self.value / self.bound:.2f}× the bound)" if self.bound > 0 and self.value >= 0 else ""
        margin = f"{gap} to spare{share}" if ok else f"missed by {gap}{share}"
        return f"| {self.label} | {self.then} | {self.measured} | {_verdict(ok)} | {margin} |"


def _jrnl_growth(results: dict[str, Any], key: str) -> str:
    """jrnl's same command at the two sizes of the growth pairs (its own runs), for the measured column."""
    g = results.get("growth") or {}
    small = _get(results, "by_size", str(g.get("small")), "jrnl", key, "median_s")
    big = _get(results, "by_size", str(g.get("big")), "jrnl", key, "median_s")
    if small is None or big is None:
        return ""
    return f"; jrnl {fmt_s(small)} and {fmt_s(big)}: {ratio(big, small)}, {signed_s(big - small)}"


def issue16_targets(results: dict[str, Any]) -> str:
    by = results["by_size"]
    ten, hundred = by.get("10000", {}), by.get("100000")
    no100 = "not run (`--with-100k`)"
    out = ["| Target | When the issue was filed | Measured in this run | Verdict | Margin |", "|---|---|---|---|---|"]

    g = results.get("growth") or {}
    add = g.get("add") or {}
    a_small, a_big = _get(add, "first", "median_s"), _get(add, "second", "median_s")
    out.append(
        Target(
            f"Whole-process `session add`, {g.get('big', 10000):,} vs {g.get('small', 10)} sessions: within ×1.1",
            f"{fmt_s(a_small)} and {fmt_s(a_big)}: ×{add['ratio_median']:.2f} (pair by pair)"
            f"{_jrnl_growth(results, 'add')}"
            if add
            else "n/a",
            add.get("ratio_median"),
            1.1,
            "ratio",
            at_most=True,
            then="×0.86–1.50",
        ).row()
    )
    hit = g.get("search_hit") or {}
    s_small, s_big = _get(hit, "first", "median_s"), _get(hit, "second", "median_s")
    out.append(
        Target(
            f"Whole-process `search`, {g.get('big', 10000):,} minus {g.get('small', 10)} sessions: under +0.15 s",
            f"{fmt_s(s_small)} and {fmt_s(s_big)}: {signed_s(hit['difference_median_s'])} (pair by pair)"
            f"{_jrnl_growth(results, 'search_hit')}"
            if hit
            else "n/a",
            hit.get("difference_median_s"),
            0.15,
            "s",
            then="+0.6–0.9 s",
        ).row()
    )
    for size, entry, bound, text, then in (
        ("10,000", ten, 0.05, "50 ms", "0.31 s"),
        ("100,000", hundred, 0.3, "0.3 s", "5.6 s"),
    ):
        warm = _get(entry, "core", "unlock_warm", "first_search", "median_s")
        cold = _get(entry, "core", "unlock_cold", "first_search", "median_s")
        measured = f"{fmt_s(warm)} after a warm unlock ({fmt_s(cold)} after a cold one)" if entry is not None else no100
        out.append(
            Target(
                f"First search after unlock, in-process, at {size}: under {text}", measured, warm, bound, "s", then=then
            ).row()
        )
    for size, entry, bound, text, then in (
        ("10,000", ten, 1.0, "1 s", "4.4 s"),
        ("100,000", hundred, 10.0, "10 s", "51 s"),
    ):
        cold = _get(entry, "core", "unlock_cold", "overhead", "median_s")
        out.append(
            Target(
                f"Cold unlock overhead (after Argon2; no device-local caches) at {size}: under {text}",
                fmt_s(cold) if entry is not None else no100,
                cold,
                bound,
                "s",
                then=then,
            ).row()
        )
    warm = _get(hundred, "core", "unlock_warm", "overhead", "median_s")
    out.append(
        Target(
            "Warm unlock overhead at 100,000: under 1 s",
            fmt_s(warm) if hundred is not None else no100,
            warm,
            1.0,
            "s",
            then="2.6–3.8 s",
        ).row()
    )
    main_view = _get(hundred, "tui", "unlock_to_main_view_s")
    why = _get(hundred, "tui", "why")
    out.append(
        Target(
            "App: unlock to main view at 100,000 (after Argon2): under 1.5 s",
            (fmt_s(main_view) if main_view is not None else f"n/a ({why or 'TUI not run'})")
            if hundred is not None
            else no100,
            main_view,
            1.5,
            "s",
            then="6 s",
        ).row()
    )
    peaks = {
        label: _get(hundred, *keys)
        for label, keys in (
            ("add", ("mj_cli", "add", "peak_mib")),
            ("edit", ("mj_cli", "edit", "peak_mib")),
            ("search", ("mj_cli", "search_hit", "peak_mib")),
            ("search, no caches", ("mj_cli", "search_cold_cache", "peak_mib")),
            ("list", ("mj_cli", "list_mentee", "peak_mib")),
            ("export", ("mj_cli", "export", "peak_mib")),
            ("check", ("mj_cli", "check", "peak_mib")),
            ("TUI", ("tui", "peak_rss_mib")),
        )
    }
    known = {k: v for k, v in peaks.items() if v is not None}
    worst = max(known, key=lambda k: known[k]) if known else None
    measured = (
        f"largest: {worst} {fmt_mib(known[worst])} (" + ", ".join(f"{k} {fmt_mib(v)}" for k, v in known.items()) + ")"
        if worst
        else (no100 if hundred is None else "n/a")
    )
    out.append(
        Target(
            "Peak memory at 100,000, any command (add, edit, search, list, export, check, TUI): under 400 MiB",
            measured,
            known.get(worst) if worst else None,
            400,
            "MiB",
            then="about 1 GiB",
        ).row()
    )
    version = _get(results, "startup", "version") or {}
    mj, jr = _get(version, "first", "median_s"), _get(version, "second", "median_s")
    out.append(
        Target(
            "Start-up (`--version`) at most jrnl's, in the same run",
            f"MentorJournal {fmt_s(mj)}, jrnl {fmt_s(jr)} (in turn; pair by pair ×{version['ratio_median']:.2f})"
            if jr is not None
            else "n/a (jrnl not run)",
            mj if jr is not None else None,
            jr if jr is not None else 0.0,
            "s",
            at_most=True,
            then="0.39–0.49 s (jrnl 0.34–0.37 s)",
        ).row()
    )
    return "\n".join(out)


def machine_block(results: dict[str, Any]) -> str:
    m = results["machine"]
    la0 = ", ".join(f"{x:.2f}" for x in m.get("loadavg_start", []))
    la1 = ", ".join(f"{x:.2f}" for x in m.get("loadavg_end", []))
    return "\n".join(
        [
            f"- Run started {results['started']}, took {results.get('seconds', 0):.0f} s; seed {results['seed']}; "
            f"{results['runs']} runs per MentorJournal process figure, {results['jrnl_runs']} per jrnl figure "
            "(medians).",
            f"- Machine: {m['nproc']} CPUs (`nproc`), {m['cpu']}, {m['memory']} RAM; Python {m['python']}; "
            f"{m['platform']}.",
            f"- Disk: `{m.get('disk', 'n/a')}`.",
            *(
                [
                    f"- The kernel reclaims idle memory by itself (DAMON: {m['reclaim']}): a cache file not read "
                    "for that long is read from the disk again, so figures taken a while after a file was "
                    "written or read can include disk reads."
                ]
                if m.get("reclaim")
                else []
            ),
            f"- Load average at start: {la0}; at end: {la1}; at the start of each size: "
            + "; ".join(
                f"{size_label(int(k))} {', '.join(f'{x:.2f}' for x in v['loadavg'])}"
                for k, v in results["by_size"].items()
                if v.get("loadavg")
            )
            + " (other work on the machine shows up in the figures).",
            f"- jrnl {results.get('jrnl_version', 'n/a')} in its own venv, encryption on; its journals hold the "
            "same notes.",
        ]
    )


def render(results: dict[str, Any]) -> str:
    parts = [
        "### The machine and the run",
        "",
        machine_block(results),
        "",
        "### Start-up: MentorJournal beside jrnl",
        "",
        startup_table(results),
        "",
        "### MentorJournal beside jrnl",
        main_table(results),
        "",
        caches_note(results),
        "",
        "### What a big vault adds to a one-off command",
        "",
        growth_table(results),
        "",
        "### The cost of a save does not grow with the vault",
        "",
        flat_table(results),
        "",
        "### As a mentor feels it: a vault with the real Argon2 cost",
        "",
        real_cost_table(results),
        "",
        "### Targets (issue 16)",
        "",
        "Each target of issue 16, from this run; the margin is the distance to the bound.",
        "",
        issue16_targets(results),
        "",
        "### Targets of the earlier round",
        "",
        targets(results),
        "",
    ]
    notes = []
    for size, e in results["by_size"].items():
        for part in ("core", "export", "tui"):
            v = e.get(part)
            if isinstance(v, dict) and v.get("available") is False:
                notes.append(f"- {size_label(int(size))}, {part}: not available: {v.get('why')}")
    if notes:
        parts += ["### Not measured", "", *notes, ""]
    return "\n".join(parts)


def update_doc(path: Path, text: str) -> None:
    """Replace the generated part of docs/performance.md (between the markers) with ``text``."""
    doc = path.read_text() if path.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in doc or END not in doc:
        doc = doc.rstrip("\n") + f"\n\n{START}\n{END}\n"
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    path.write_text(pattern.sub(lambda _m: f"{START}\n\n{text}\n{END}", doc))
