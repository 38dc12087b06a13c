"""`mentorjournal demo`: the app on a throwaway vault of fictional mentees, removed on exit.

The vault lives in a fresh temporary folder, uses test-only Argon2 parameters (so it opens at once;
the app says so) and a passphrase shown on the unlock screen. Everyone in it is invented. The folder
is deleted when the app exits, also after an error or Ctrl+C.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import signal
import tempfile
from pathlib import Path
from types import FrameType
from typing import Any

from mentorjournal.journal import (
    ActionItem,
    Agreement,
    ConcernRecord,
    Goal,
    GoalProgress,
    Journal,
    Mentee,
    Person,
    Session,
)
from mentorjournal.vault import CHEAPEST_FOR_TESTS_ONLY, CreatedVault, Vault
from mentorjournal.vault.vault import remove_local_caches

DEMO_PASSPHRASE = "demo demo demo demo"  # noqa: S105 - shown on screen on purpose: a throwaway vault

_MENTEES = [
    ("Amara Okafor", ["Ami"], "Staff engineer", "Northwind Logistics", "Women in Tech Leadership"),
    ("Tomás Ferreira", [], "Junior developer", "Bluebell Health", "Graduate scheme"),
    ("Priya Raman", [], "Engineering manager", "Kestrel Bank", ""),
    ("Jonah Whitfield", ["Jo"], "Product designer", "Open Orchard", "Career changers"),
]
_GOALS = [
    ("Build a promotion case for staff+", "A written case the manager agrees to take to calibration"),
    ("Run the platform migration", "Migration done with no customer-facing incident"),
    ("Speak at a meetup", "One talk given and recorded"),
    ("Delegate code reviews", "Reviews spread over three people, not one"),
    ("Get comfortable with on-call", "Two on-call weeks without escalating routine alerts"),
]
# Each topic: title, tags, then several (notes, shared summary, reflection) so no two sessions read alike.
# "{first}" is the mentee's first name; "Dana" is the person recorded for one mentee (a known name the
# export replaces); some summaries hold a [[private]] passage or a contact detail for the review to catch.
_TOPICS: list[tuple[str, list[str], list[tuple[str, str, str]]]] = [
    (
        "Promotion case",
        ["career", "promotion"],
        [
            (
                "Went through the evidence doc. Strong on delivery, thin on influence beyond the team.",
                "{first} walked me through the promotion evidence. We agreed the influence section needs two "
                "concrete examples before calibration.",
                "I pushed my own idea of a staff engineer too hard; let {first} define it.",
            ),
            (
                "Manager has not read the draft yet. {first} is frustrated and thinking of other offers.",
                "Reviewed the draft case; {first} will ask Dana for a date to discuss it. "
                "[[private]]Looking at offers elsewhere if this stalls.[[/private]]",
                "Frustration is justified; do not talk them out of it.",
            ),
        ],
    ),
    (
        "Feedback from the team",
        ["feedback"],
        [
            (
                "Peer feedback says meetings run long. Tried a timeboxing exercise on next week's agenda.",
                "We looked at the peer feedback together and picked one habit to change: timeboxed agendas.",
                "Good session; the exercise landed better than advice would have.",
            ),
            (
                "Two anonymous comments about tone in code review. {first} was upset, then curious.",
                "Discussed how to ask for specific examples when feedback is vague, and rehearsed the question.",
                "Let the silence sit longer next time.",
            ),
        ],
    ),
    (
        "Stakeholders",
        ["stakeholders"],
        [
            (
                "Mapped who needs to hear about the migration and when. Finance is the blind spot.",
                "Built a stakeholder map for the migration; finance needs an early briefing.",
                "Mapping on paper worked well; bring paper next time.",
            ),
            (
                "Sales director keeps changing priorities. {first} wants a single intake channel.",
                "Agreed a one-page proposal for a single intake channel, to share with the director.",
                "I nearly offered to talk to the director myself: not my place.",
            ),
        ],
    ),
    (
        "Confidence",
        ["wellbeing"],
        [
            (
                "Talked about impostor feelings after the incident review. Sleep has been poor.",
                "Talked about confidence after a difficult incident review, and what a fair review looks like. "
                "[[private]]Sleep has been poor for weeks.[[/private]]",
                "Check in on sleep next time, gently.",
            ),
            (
                "Listed three things that went well this quarter; {first} struggled to name any at first.",
                "We listed what went well this quarter. {first} will keep a short weekly wins note.",
                "The wins list is a tool I should use myself.",
            ),
        ],
    ),
    (
        "Delegation",
        ["leadership"],
        [
            (
                "Listed what only they can do; everything else is a candidate to hand over.",
                "Sorted the week's work into keep, hand over and drop. Two reviews move to a colleague.",
                "Practical session; {first} left with a plan.",
            ),
        ],
    ),
    (
        "Interview practice",
        ["career"],
        [
            (
                "Mock system-design interview; good structure, rushed the trade-offs.",
                "A mock design interview: clear structure, more time on trade-offs next time. "
                "Recruiter contact for the loop: talent@kestrel.example, 020 7946 0958.",
                "I was too kind in the debrief; be specific.",
            ),
        ],
    ),
    (
        "Conference talk",
        ["visibility"],
        [
            (
                "Picked a talk topic: what the migration taught us about rollbacks.",
                "Chose a talk topic (rollbacks after the migration) and a meetup to pitch it to.",
                "Energy was high; keep momentum with a small next step.",
            ),
            (
                "First run-through of the talk: 25 minutes for a 15-minute slot.",
                "Rehearsed the talk; cut the history section and kept the two war stories.",
                "Timing feedback works better than content feedback at this stage.",
            ),
        ],
    ),
    (
        "Manager relationship",
        ["manager"],
        [
            (
                "Prepared for a difficult 1:1 with Dana about scope and recognition.",
                "Prepared a difficult conversation with the manager: opening line, the ask, and a fallback.",
                "Role-play helped; do it again before the real thing.",
            ),
        ],
    ),
]
_ACTIONS = [
    "Draft the evidence section",
    "Ask two peers for written feedback",
    "Book a skip-level conversation",
    "Send the talk abstract",
    "Write the rollback runbook",
    "Shadow an on-call shift",
]


def fill_demo_journal(journal: Journal, today: dt.date, *, seed: int = 7) -> None:
    """Fictional mentees with about 18 months of sessions, goals, actions, agreements and one concern."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    for index, (name, aliases, role, organisation, programme) in enumerate(_MENTEES):
        started = today - dt.timedelta(days=540 - 90 * index)
        mentee = journal.save(
            Mentee(
                name=name,
                aliases=aliases,
                role=role,
                organisation=organisation,
                programme=programme,
                started=started,
                status="paused" if index == 3 else "active",
            )
        )
        journal.save(
            Agreement(
                mentee_id=mentee.id,
                goals="Grow into the next role; build visibility outside the team.",
                cadence="every two weeks" if index % 2 == 0 else "monthly",
                session_minutes=60,
                format="video",
                starts=started,
                review_on=started + dt.timedelta(days=365),
                confidentiality="What is said stays between us, except summaries agreed together.",
                confidentiality_limits="Risk of harm to the mentee or others.",
                consent_share_summaries_with_coordinator=bool(programme),
                coordinator="Programme coordinator" if programme else "",
            )
        )
        goals = []
        for g in rng.sample(_GOALS, 2):
            progress = [
                GoalProgress(date=started + dt.timedelta(days=60 * (k + 1)), percent=min(100, 20 * (k + 1)))
                for k in range(rng.randint(1, 4))
            ]
            goals.append(
                journal.save(
                    Goal(
                        mentee_id=mentee.id,
                        title=g[0],
                        measure=g[1],
                        target_date=today + dt.timedelta(days=rng.randint(-20, 200)),
                        progress=progress,
                    )
                )
            )
        day = started
        step = 14 if index % 2 == 0 else 30
        last: Session | None = None
        while day <= today - dt.timedelta(days=3):
            title, tags, variants = rng.choice(_TOPICS)
            notes, summary, reflection = (t.format(first=name.split()[0]) for t in rng.choice(variants))
            last = journal.save(
                Session(
                    mentee_id=mentee.id,
                    date=day,
                    start_time=dt.time(17, 30),
                    duration_minutes=rng.choice([45, 60, 60, 75]),
                    format=rng.choice(["video", "video", "in person", "phone"]),
                    title=title,
                    tags=list(tags),
                    notes=notes,
                    shared_summary=summary,
                    reflection=reflection,
                    goal_ids=[rng.choice(goals).id],
                )
            )
            day += dt.timedelta(days=step + rng.randint(-3, 3))
        if last is not None:
            last.next_meeting = today + dt.timedelta(days=rng.randint(-4, 12))
            last = journal.save(last)
            for position, text in enumerate(rng.sample(_ACTIONS, 2)):
                journal.save(
                    ActionItem(
                        mentee_id=mentee.id,
                        text=text,
                        owner="mentee" if position == 0 else "mentor",
                        due=today + dt.timedelta(days=rng.randint(-6, 14)),
                        session_id=last.id,
                        position=position,
                    )
                )
        journal.save(
            Person(
                name="Dana Kowalski" if index == 1 else f"Dana {('Okoro', 'Lindqvist', 'Brennan', 'Sato')[index]}",
                aliases=["Dana"],
                relationship=f"{name.split()[0]}'s line manager",
                mentee_id=mentee.id,
            )
        )
        if index == 1:
            journal.save(
                ConcernRecord(
                    mentee_id=mentee.id,
                    date=today - dt.timedelta(days=40),
                    place="video session",
                    words="Said they had not slept properly for weeks because of the on-call rota.",
                    said_by=name,
                    response="Listened; asked what support they have; shared the EAP number.",
                    action_taken="Agreed they would raise the rota with their manager.",
                    informed="Nobody yet, by agreement; revisit next session.",
                    consent="Mentee asked that this stays between us for now.",
                )
            )


def _exit_on_hangup() -> dict[int, Any]:
    """A closed terminal or a kill should still delete the demo folder: turn them into SystemExit."""

    def leave(signum: int, frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, leave)
    return previous


def _restore(previous: dict[int, Any]) -> None:
    for number, handler in previous.items():
        signal.signal(number, handler)


def run_demo(*, today: dt.date | None = None) -> int:
    """Create the demo vault in a temporary folder, open the app on it, delete the folder afterwards."""
    from mentorjournal.tui.app import MentorJournalApp

    folder = Path(tempfile.mkdtemp(prefix="mentorjournal-demo-"))
    created: CreatedVault | None = None
    try:
        vault_dir = folder / "vault"
        created = Vault.create(vault_dir, DEMO_PASSPHRASE, kdf=CHEAPEST_FOR_TESTS_ONLY, recovery_key=False)
        try:
            fill_demo_journal(Journal(created.vault), today or dt.date.today())
        finally:
            created.vault.lock()
        app = MentorJournalApp(vault_dir=vault_dir, today=today, demo_passphrase=DEMO_PASSPHRASE)
        previous = _exit_on_hangup()
        try:
            app.run()
        finally:
            _restore(previous)
            if app.vault is not None:
                app.vault.lock()
        return app.return_code or 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if created is not None:  # its unlock cache lives outside the folder (it is encrypted; still ours to tidy)
            remove_local_caches(created.vault.vault_id)
