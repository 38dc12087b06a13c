"""Curated vocabulary for the possible-name detector.

A capitalised word found here is ordinary English, a month or day, a title, or a technical term, so the
detector does not flag it for review. The stdlib has no dictionary, so the list is kept by hand: add a word
when mentors keep seeing it flagged needlessly; never add given names or surnames (those must reach review).
Every entry is lower case, without accents.

This module holds words only, never anything taken from a journal.
"""

from __future__ import annotations

# Words that open sentences in mentoring notes, and the glue of English. Inflected forms (-s, -ed, -ing,
# -ly, ...) are matched by stripping suffixes in ``names.py``, so mostly base forms are listed.
_COMMON = """
a about above across act action actions actually add after afternoon again against agenda ago agree agreed
ahead aim aims all almost alone along already also although always am among an and another answer any anyone
anything anyway apart approach are area areas around as ask asked at attend attended available away
back bad based basic be because become been before began begin behind being below best better between big
both brief briefly bring broad build built busy but by
call came can cannot care career case catch certain chance change check checked choose clear clearly close
closed come coming common complete completed concern concerns confidence consider context continue could
course cover current currently
daily date day days deal decide decided decision deep define did different difficult direct discuss
discussed discussion do does doing done down draft during
each early easier easy either else end enough entire especially even evening event events ever every
everyone everything exactly example except expect explain explore explored extra
fact fair far feel feeling feels felt few field final finally find fine finish finished first focus
focused follow following for formal forward found free from full further future
gave general get getting give given go goal goals going gone good got great group grow growth
had half hand happy hard has have having he head hear heard help helped her here hers herself high him
himself his hold home hope hopefully how however
i idea ideas if important improve improved in include including increase indeed initial instead into is
issue issues it its itself
job just keep key kind knew know known
large last late later lead learn learned learning least leave left less let level life like likely line
list little long look looked looking lot low
made main make making many maybe me mean meant meet meeting meetings member met might mind mine minor
mixed more morning most mostly move moved much must my myself
near nearly need needed needs neither never new next nice no nobody none nor not note noted notes nothing
now number
of off often ok okay old on once one ones only onto open or order other others otherwise our ours
ourselves out outcome outcomes over overall own
part past people per perhaps person personal place plan planned plans please point points positive
possible possibly practice prepare prepared present previous previously probably problem problems
progress project projects proper put
question questions quick quickly quite
raise raised rather re read ready real really reason recent recently recap recommend regarding related
remain remember request review right role
said same saw say says second see seem seemed seems seen self set several shall share shared she short
should show showed side similar since skill skills slightly slow small so some someone something sometimes
soon sort spent start started still stop strong strongly struggle struggled such suggest suggested
summary support supported sure
take taken talk talked task tasks tell than thank thanks that the their theirs them themselves then there
therefore these they thing things think third this those though thought three through throughout thus
time times to today together told too took top topic topics total toward towards tried true try trying
turn two
under understand unless until up upon us use used useful usual usually
very via view
want wanted was way we week weekly weeks well went were what whatever when whenever where whereas whether
which while who whole whom whose why will wish with within without wonder work worked working works
would write written wrong
year years yes yesterday yet you your yours yourself
zero
"""

# Nouns and verbs of mentoring, work and study, likely to start a line or a heading.
_DOMAIN = """
ability absence access account accountability achievement activity adjust admin advice agreement
alignment analysis annual apply application applications appraisal apprenticeship appointment assessment
assignment attendance audience award background balance behaviour behavior benefit blocker blockers
boundaries boundary brainstorm budget business calendar candidate capability certificate certification
challenge challenges chapter checkpoint checklist class client coach coaching coding colleague colleagues
communication community company conference confidential consent contract contribution conversation
coordinator course courses cover criteria culture customer customers cv deadline deadlines degree delivery
department deployment design development diary discipline document documentation draft education effort
email employer employment energy engagement engineer engineering english essay estimate evaluation
evidence exam exams experience experiment feedback finance form framework friday function funding game
goal grade graduate graduation guidance habit habits handbook health hiring history holiday homework
hour hours impact induction information interview interviews intro introduction journal knowledge
language leadership leave lecture lesson library limit listening literature logistics manager managers
market maths meeting mentee mentees mentor mentoring mentors message milestone milestones mindset minute
minutes mock module money month monthly months motivation network networking next notebook objective
objectives office onboarding opportunity option options organisation organization outline overview paper
parent pay performance phase placement plan planning platform policy portfolio position practice
presentation priorities priority process product programme program promotion proposal public
publication qualification quarter reading record reference reflection remote report reports research
resource resources responsibility result results resume retrospective revision risk roadmap routine salary
schedule scholarship school science score section security seminar session sessions setback skill
software speaking sprint staff stakeholder stakeholders status step steps strategy strength strengths
stress student students study subject submission success summary supervisor survey system team teams
teaching technical test testing thesis ticket timeline timetable tip tips topic training transition
tutor tutorial unit university update updates value values version visit volunteer volunteering website
weakness weaknesses wellbeing workload workshop writing
actions attendance blockers engagement progress reflections risks
college institute academy council committee board ministry government agency charity foundation
hospital clinic court bank station centre center street road avenue lane park square building room floor
north south east west northern southern eastern western central
"""

_CALENDAR = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
spring summer autumn fall winter christmas easter eid diwali hanukkah ramadan
morning afternoon evening night noon midnight weekend weekday today tomorrow yesterday tonight
"""

# Titles and honorifics: the word after them may be a name, the title itself is not.
_TITLES = "mr mrs ms miss mx dr prof professor sir dame lord lady rev sr jr"
TITLES = frozenset(_TITLES.split())

_TECH = """
ai api apis app apps aws azure backend bash git github gitlab bitbucket linux unix windows macos ios android
docker kubernetes terraform ansible jenkins python java javascript typescript rust go golang kotlin swift
ruby rails php perl scala haskell elixir erlang clojure lisp fortran cobol matlab julia dart flutter
react angular vue svelte node nodejs deno django flask fastapi spring hibernate dotnet net asp
sql mysql postgres postgresql sqlite oracle mongodb redis kafka spark hadoop elasticsearch graphql rest
html css json yaml xml markdown latex excel word powerpoint outlook office teams zoom slack discord jira
confluence trello notion figma miro google microsoft apple amazon meta facebook twitter linkedin youtube
instagram whatsapp signal telegram stackoverflow reddit wikipedia chatgpt openai copilot vscode vim emacs
intellij pycharm jupyter pandas numpy scipy pytorch tensorflow keras textual pytest ubuntu debian fedora
chrome firefox safari edge internet web cloud devops agile scrum kanban lean sre qa ci cd tdd ux ui
frontend fullstack database server servers client laptop mac pc cpu gpu ram ssd usb wifi bluetooth
udemy coursera edx codecademy leetcode hackerrank kaggle pluralsight
"""

# Places, languages and nationalities common enough in notes that flagging them would be noise.
_PLACES = """
english british french german spanish italian portuguese dutch polish irish scottish welsh european
american canadian indian chinese japanese korean african arabic hindi urdu mandarin cantonese
england scotland wales ireland britain uk europe america africa asia australia canada india china japan
london manchester birmingham edinburgh glasgow cardiff belfast leeds bristol liverpool oxford cambridge
nhs hmrc ucas ofsted
"""

# Given names that are also everyday English words. A *known* person whose name is one of these is matched
# only when the word is capitalised in the text ("Will" the mentee, not "will" the verb); an unknown
# capitalised one in mid-sentence is flagged for review.
_NAME_WORDS = """
will mark bill grace hope joy faith rose may june april august summer autumn dawn eve amber pearl
jack frank sky river rich bob pat sue art chance chase clay dale drew gene glen hunter iris ivy jade jay
lily max miles nick page penny reed rob rock rusty sage sandy star sunny victor violet wade ward
"""
NAME_WORDS = frozenset(_NAME_WORDS.split())

COMMON_WORDS: frozenset[str] = frozenset(
    (_COMMON + _DOMAIN + _CALENDAR + _TECH + _PLACES).split()
) | TITLES | frozenset({"mentee", "person", "name"})

MONTHS_AND_DAYS: frozenset[str] = frozenset(_CALENDAR.split())

# Particles that sit between the parts of a full name ("Maria de la Cruz").
NAME_PARTICLES = frozenset({"de", "del", "della", "la", "le", "van", "von", "der", "den", "da", "di", "du",
                            "bin", "ibn", "al", "el", "dos", "das", "ter"})
