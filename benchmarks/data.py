"""Seeded, realistic mentoring notes: the same data for MentorJournal and for jrnl.

A heavy user's career: 30 mentees, sessions spread over the years, each note about 1,500 characters
(private notes, a shared summary, a short reflection) with three tags: the mentee and two topics (in
jrnl all three are ``@tags``; in MentorJournal the mentee is the session's mentee and the topics are
its tags), a few action items, goals with progress, and some notes edited after the fact. Everything
comes from one ``random.Random(seed)``, so a size and a seed always give the same notes, byte for byte, in both tools.

This module imports nothing from MentorJournal or jrnl: it only makes plain data.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

# Bump when the generated data changes: cached vaults and journals carry it in their manifest.
GENERATOR_VERSION = 5

MENTEES = 30
# One long-standing mentee gets this many sessions (the redacted-export benchmark needs 500).
BIG_MENTEE_SESSIONS = 500

# A word that appears in about 2% of notes, and one that appears in none.
SEARCH_HIT = "sabbatical"
SEARCH_MISS = "zeppelin"
HIT_RATE = 0.02

NAMES = [
    "Amara Okafor",
    "Bilal Hussain",
    "Chloé Martin",
    "Dmitri Volkov",
    "Eilidh MacLeod",
    "Farah Siddiqui",
    "Gareth Jones",
    "Hana Kobayashi",
    "Ioana Popescu",
    "José Núñez",
    "Kwame Mensah",
    "Lena Fischer",
    "Marta Kowalska",
    "Niamh O'Brien",
    "Oluwaseun Adeyemi",
    "Priya Raman",
    "Quentin Dubois",
    "Rosa Ferreira",
    "Sanjay Patel",
    "Tomasz Nowak",
    "Uma Krishnan",
    "Valentina Rossi",
    "Wei Zhang",
    "Ximena Torres",
    "Yusuf Demir",
    "Zainab Bello",
    "Aoife Byrne",
    "Björn Lindqvist",
    "Carmen Ortega",
    "Daniel Cohen",
]
COLLEAGUES = ["Mark", "Sophie", "Raj", "Helen", "Tobias", "Grace", "Luis", "Anja", "Peter", "Fatima"]
PROJECTS = [
    "the platform migration",
    "the billing rewrite",
    "the onboarding revamp",
    "the data warehouse",
    "the mobile release",
    "the accessibility audit",
    "the incident review process",
    "the hiring loop",
]
TOPICS = [
    "career",
    "feedback",
    "promotion",
    "leadership",
    "conflict",
    "wellbeing",
    "delegation",
    "presentation",
    "networking",
    "time-management",
    "interviews",
    "architecture",
    "code-review",
    "stakeholders",
    "confidence",
    "workload",
    "learning",
    "writing",
    "negotiation",
    "mentoring",
]
ORGS = ["Northwind", "Contoso", "Globex", "Initech", "Umbrella Health", "Wayne Labs"]
ROLES = ["Junior developer", "Software engineer", "Senior engineer", "Staff engineer", "Team lead", "Product manager"]

NOTE_SENTENCES = [
    "{first} opened by talking about {project} and how the last two weeks had gone.",
    "We spent most of the hour on {topic}: what is going well, and what keeps slipping.",
    "{colleague} has been giving feedback in public again, which {first} finds hard to take in the moment.",
    "{first} said the workload is sustainable for now but the on-call rota is wearing thin.",
    "We role-played the conversation with {colleague} about scope, twice, the second time much calmer.",
    "The promotion packet is half written; the impact section still reads like a list of tickets.",
    "{first} is worried that asking for help on {project} will look like weakness to the new director.",
    "We looked at the calendar together: three recurring meetings could go, which frees a morning.",
    "There was a disagreement with {colleague} over the design review that has not been resolved.",
    "{first} mentioned sleeping badly before big demos, and that it has been worse since the reorg.",
    "We talked about saying no without burning goodwill, with two concrete phrasings to try.",
    "The retrospective went well; {first} facilitated it for the first time and got good comments.",
    "{first} is considering an internal move to the data team but does not want to leave {project} half done.",
    "We went through the feedback from the last review line by line and picked the two that matter.",
    "Budget cuts mean the conference trip is off; we discussed other ways to get visible outside the team.",
    "{first} wants to write more: a design doc a month, and maybe an internal blog post about {project}.",
    "We agreed that the next step is a short written proposal rather than another meeting.",
    "Interviewing is taking four hours a week; {first} will ask {colleague} to rebalance the panel.",
    "{first} described a tense incident call and how they kept the room focused on the timeline.",
    "We compared two ways to structure the quarterly update, and chose the one that leads with outcomes.",
]
RARE_SENTENCE = "{first} asked whether a three-month sabbatical next year would hurt the promotion case."
SHARED_SENTENCES = [
    "We reviewed progress on {project} and agreed the next milestone.",
    "{first} will draft a one-page proposal and share it before our next session.",
    "Good progress on {topic}; the goal is on track for the target date.",
    "We discussed ways to make status updates shorter and clearer.",
    "Next session we will look at the feedback from the review cycle.",
    "{first} presented the plan at the team meeting and it was well received.",
]
REFLECTIONS = [
    "I talked too much in the first half; let {first} lead more next time.",
    "Noticed I jumped to solutions on the {colleague} question. Ask more first.",
    "A good session. {first} seems more confident than in the spring.",
    "Should check in about wellbeing earlier next time, not at the end.",
]
ACTIONS = [
    "Draft the proposal for {project}",
    "Send {first} the reading list on {topic}",
    "Book a skip-level with the director",
    "Write up the incident timeline",
    "Ask {colleague} for written feedback",
    "Block two focus mornings a week",
    "Update the promotion packet's impact section",
]
GOAL_TITLES = [
    "Lead {project} to release",
    "Get promoted to the next level",
    "Present at an external conference",
    "Build a sustainable working week",
    "Mentor a junior colleague",
    "Write a design doc every month",
]
FORMATS = ["video", "in person", "phone", "video", "video"]


def slug(name: str) -> str:
    """The first name, lower case, accents and apostrophes removed: a jrnl tag (``@jose``)."""
    first = name.split()[0]
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode("ascii")
    return "".join(ch for ch in plain.lower() if ch.isalnum())


@dataclass
class MenteeSpec:
    index: int
    name: str
    organisation: str
    role: str
    started: dt.date

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def tag(self) -> str:
        return slug(self.name)


@dataclass
class GoalSpec:
    mentee: int
    title: str
    target: dt.date
    progress: list[tuple[dt.date, int]]  # each entry is saved as a new revision of the goal


@dataclass
class SessionSpec:
    mentee: int
    date: dt.date
    time: dt.time
    duration: int
    format: str
    title: str
    tags: list[str]  # two topics (the third tag is the mentee)
    notes: str
    shared: str
    reflection: str
    actions: list[str] = field(default_factory=list)
    revised_notes: str | None = None  # an edit made after the first save (a second revision)

    def jrnl_text(self, mentee: MenteeSpec) -> str:
        """The same note as a jrnl entry: title sentence, body, the mentee and topics as tags."""
        parts = [f"{self.title}.", self.revised_notes or self.notes, "", self.shared, ""]
        parts += [f"- [ ] {a}" for a in self.actions]
        parts += ["", self.reflection, "", " ".join(f"@{t}" for t in [mentee.tag, *self.tags])]
        return "\n".join(parts)

    def note_file(self, mentee: MenteeSpec) -> str:
        """The same note in MentorJournal's plain-text note format (docs/note-format.md)."""
        lines = [
            "---",
            f"mentee: {mentee.name}",
            f"date: {self.date.isoformat()}",
            f"time: {self.time.strftime('%H:%M')}",
            f"duration: {self.duration}",
            f"format: {self.format}",
            f"title: {self.title}",
            f"tags: [{', '.join(self.tags)}]",
            "---",
            "# Notes",
            self.notes,
            "",
            "# Shared summary",
            self.shared,
            "",
        ]
        if self.actions:
            lines += ["# Actions", *(f"- [ ] mentee: {a}" for a in self.actions), ""]
        lines += ["# Reflection", self.reflection, ""]
        return "\n".join(lines)


@dataclass
class Dataset:
    seed: int
    size: int
    mentees: list[MenteeSpec]
    goals: list[GoalSpec]
    sessions: list[SessionSpec]  # oldest first

    @property
    def big_mentee(self) -> MenteeSpec:
        return self.mentees[0]


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str, mentee: MenteeSpec, topic: str) -> str:
        return template.format(
            first=mentee.first,
            colleague=self.rng.choice(COLLEAGUES),
            project=self.rng.choice(PROJECTS),
            topic=topic,
        )

    def paragraph(self, pool: list[str], mentee: MenteeSpec, topic: str, target: int) -> str:
        out: list[str] = []
        length = 0
        while length < target:
            s = self.fill(self.rng.choice(pool), mentee, topic)
            out.append(s)
            length += len(s) + 1
        return " ".join(out)


def _session_counts(size: int, rng: random.Random) -> list[int]:
    """Sessions per mentee: the first gets up to 500, the others share the rest unevenly."""
    big = min(BIG_MENTEE_SESSIONS, size // 2)
    rest = size - big
    weights = [rng.uniform(0.5, 1.5) for _ in range(MENTEES - 1)]
    total = sum(weights)
    counts = [int(rest * w / total) for w in weights]
    for i in range(rest - sum(counts)):
        counts[i % len(counts)] += 1
    return [big, *counts]


def generate(size: int, seed: int = 1) -> Dataset:
    """``size`` sessions for 30 mentees, deterministic in (size, seed)."""
    rng = random.Random(f"mentorjournal-bench/{seed}/{size}")
    w = _Writer(rng)
    mentees = [
        MenteeSpec(
            index=i,
            name=name,
            organisation=rng.choice(ORGS),
            role=rng.choice(ROLES),
            started=dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 3)),
        )
        for i, name in enumerate(NAMES[:MENTEES])
    ]
    goals: list[GoalSpec] = []
    for m in mentees:
        for _ in range(3):
            start = m.started + dt.timedelta(days=rng.randrange(0, 400))
            progress = [
                (start + dt.timedelta(days=60 * k), min(100, 20 * k + rng.randrange(0, 15))) for k in range(1, 4)
            ]
            goals.append(
                GoalSpec(m.index, w.fill(rng.choice(GOAL_TITLES), m, ""), start + dt.timedelta(days=365), progress)
            )
    span_days = 365 * 16  # a career: 2009..2025
    first_day = dt.date(2009, 1, 5)
    sessions: list[SessionSpec] = []
    for m, count in zip(mentees, _session_counts(size, rng), strict=True):
        for _ in range(count):
            tags = rng.sample(TOPICS, 2)
            topic = tags[0]
            notes = w.paragraph(NOTE_SENTENCES, m, topic, 1000)
            if rng.random() < HIT_RATE:
                notes += " " + w.fill(RARE_SENTENCE, m, topic)
            spec = SessionSpec(
                mentee=m.index,
                date=first_day + dt.timedelta(days=rng.randrange(0, span_days)),
                time=dt.time(rng.choice([8, 9, 10, 11, 13, 14, 15, 16, 17]), rng.choice([0, 15, 30, 45])),
                duration=rng.choice([30, 45, 60, 60, 60, 90]),
                format=rng.choice(FORMATS),
                title=f"{topic.replace('-', ' ').capitalize()} and {tags[1].replace('-', ' ')}",
                tags=tags,
                notes=notes,
                shared=w.paragraph(SHARED_SENTENCES, m, topic, 320),
                reflection=w.paragraph(REFLECTIONS, m, topic, 120),
                actions=[w.fill(rng.choice(ACTIONS), m, topic) for _ in range(rng.choice([0, 0, 1, 1, 2]))],
            )
            if rng.random() < 0.1:
                spec.revised_notes = spec.notes + " " + w.fill(rng.choice(NOTE_SENTENCES), m, topic)
            sessions.append(spec)
    sessions.sort(key=lambda s: (s.date, s.time))
    return Dataset(seed, size, mentees, goals, sessions)


def extra_sessions(dataset: Dataset, count: int, seed: int = 99) -> Iterator[SessionSpec]:
    """New notes to add during the benchmark (dated after every existing one), for the big mentee."""
    rng = random.Random(f"mentorjournal-bench-extra/{seed}")
    w = _Writer(rng)
    m = dataset.big_mentee
    day = dt.date(2025, 6, 2)
    for i in range(count):
        tags = rng.sample(TOPICS, 2)
        yield SessionSpec(
            mentee=m.index,
            date=day + dt.timedelta(days=i),
            time=dt.time(10, 0),
            duration=60,
            format="video",
            title=f"Benchmark check-in {i + 1}",
            tags=tags,
            notes=w.paragraph(NOTE_SENTENCES, m, tags[0], 1000),
            shared=w.paragraph(SHARED_SENTENCES, m, tags[0], 320),
            reflection=w.paragraph(REFLECTIONS, m, tags[0], 120),
            actions=[],
        )
