"""Turning a run's results into the Markdown tables of docs/performance.md, and the targets' verdicts.

Every figure printed comes from the results of the run being rendered; a figure that was not measured
is printed as "n/a" with the reason where one is known. Nothing is estimated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
                    "Unlock overhead after Argon2, cold (no device-local caches)",
                    _med("core", "unlock_cold", "overhead"),
                ),
                Row(
                    "Unlock overhead after Argon2, warm (caches of the last unlock)",
                    _med("core", "unlock_warm", "overhead"),
                ),
                Row(
                    "First search after a warm unlock (folded words from the cache)",
                    _med("core", "unlock_warm", "first_search"),
                ),
                Row("First search after a cold unlock (folds every note)", _med("core", "unlock_cold", "first_search")),
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
            "Whole processes, one command each, warm unlock cache (cheap Argon2: add the Argon2 row for a real vault)",
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
                Row("Search right after a sync or copy (no unlock cache)", _med("mj_cli", "search_cold_cache")),
            ],
        ),
        (
            "Peak memory (max RSS of the process)",
            [
                Row(
                    "Add one session / entry",
                    _val("mj_cli", "add", "max_rss_mib"),
                    _val("jrnl", "add", "max_rss_mib"),
                    "MiB",
                ),
                Row(
                    "Search",
                    _val("mj_cli", "search_hit", "max_rss_mib"),
                    _val("jrnl", "search_hit", "max_rss_mib"),
                    "MiB",
                ),
                Row("Export", _val("mj_cli", "export", "max_rss_mib"), _val("jrnl", "export", "max_rss_mib"), "MiB"),
                Row("`check`", _val("mj_cli", "check", "max_rss_mib"), None, "MiB"),
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
                    "Device-local caches (encrypted: revisions, cards, search words)",
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
            f"{_get(e, 'disk', 'vault_files') or 'n/a':,} |"
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
        "| Command | MentorJournal | jrnl | jrnl ÷ MJ | peak RSS MJ | peak RSS jrnl |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in (("add", "Add one session / entry"), ("search_hit", "Search, a word with hits")):
        mj = _get(rc, key, "median_s")
        j = _get(jr, key, "median_s")
        lines.append(
            f"| {label} | {fmt_s(mj)} | {fmt_s(j)} | {ratio(j, mj)} | "
            f"{fmt_mib(_get(rc, key, 'max_rss_mib'))} | {fmt_mib(_get(jr, key, 'max_rss_mib'))} |"
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
    mem = _get(ten, "mj_cli", "add", "max_rss_mib")
    mem_jrnl = _get(ten, "jrnl", "add", "max_rss_mib")
    worst = max(
        (_get(ten, "mj_cli", k, "max_rss_mib") or 0)
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
            f"- Load average at start: {la0}; at end: {la1} (other work on the machine shows up in the figures).",
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
        "### MentorJournal beside jrnl",
        main_table(results),
        "",
        "### The cost of a save does not grow with the vault",
        "",
        flat_table(results),
        "",
        "### As a mentor feels it: a vault with the real Argon2 cost",
        "",
        real_cost_table(results),
        "",
        "### Targets",
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
