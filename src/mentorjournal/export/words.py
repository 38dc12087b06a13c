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

# Verbs that open sentences in notes: base forms (regular inflections are stripped) and irregular forms.
_VERBS = """
accept achieve acknowledge adapt address adopt advise afford allow analyse analyze announce anticipate
appear appreciate approve argue arrange arrive assess assign assist assume attach attempt avoid
be bear beat become begin believe belong bet bind bite blame blow borrow break breathe brief bring
build burn buy calculate cancel capture carry cause celebrate challenge change chat check cheer choose
claim clarify clean clear climb close coach collaborate collect combine come comment commit communicate
compare compete compile complain complete concentrate conclude conduct confirm connect consider consult
contact continue contribute convince cook cope copy correct cost count create cry cut dance deal debug
decide declare decline dedicate defend delay delegate delete deliver demonstrate deny depend deploy
describe deserve design develop die dig disagree disappear discover discuss dislike display divide do
document doubt drag draw dream dress drink drive drop earn eat edit email emphasise encourage end enjoy
ensure enter establish estimate evaluate examine exceed exchange excite exercise exist expand expect
experience experiment explain explore express extend facilitate fail fall fear feed feel fight figure
file fill find finish fit fix fly fold follow forget forgive form gain gather generate get give go
grab graduate greet grow guess guide handle hang happen hate have hear help hesitate hide highlight hire
hit hold host hurt identify ignore imagine implement improve include increase indicate influence inform
insist install intend interview introduce invest investigate invite involve join judge jump justify
keep kick kill knock know lack land last laugh launch lay lead lean learn leave lend let lie lift like
limit link listen live load locate lock log look lose love maintain manage map mark match matter measure
meet mention merge mind miss mix monitor motivate move name navigate need negotiate network nominate
note notice notify observe obtain occur offer open operate organise organize outline overcome own pack
paint participate pass pause pay perform persuade pick pitch place plan play plead point polish ponder
post postpone practise practice praise pray predict prefer prepare present press pretend prevent print
prioritise prioritize proceed produce program promise promote propose protect prove provide publish pull
punch purchase pursue push put qualify question quit raise rate reach react read realise realize
receive recognise recognize recommend record recover recruit reduce refactor refer reflect refuse
register reject relate relax release rely remain remember remind remove renew repeat replace reply
report represent request require research reschedule resign resolve respect respond rest restart
restore result resume retire return reveal review revise rewrite ride ring rise risk run rush save say
schedule score search secure see seek select sell send separate serve settle shake shape share shift
shine shoot shop show shut sign simplify sing sink sit skip sleep slip smile solve sort sound speak
specify spell spend split spread stand start state stay steal step stick stop streamline strengthen
stress stretch strike struggle study submit succeed suffer suggest suit summarise summarize supply
support suppose surprise survive suspect swap swim switch take talk target teach tear tell tend test
thank think throw tidy track trade train transfer translate travel treat trust try turn type
understand undertake unlock update upgrade upload urge use value verify visit wait wake walk want warn
wash watch wear weigh welcome win wish wonder work worry wrap write
ate awoke began bent bit blew bore bought brought built burnt caught chose clung came cost crept dealt
did drew drank drove dug dwelt fed fell felt fled flew fought forgot forgave found froze gave got grew
had heard held hid hit hung hurt kept knew laid led leant learnt left lent let lay lit lost made meant
met paid put quit ran rang read rode rose said sang sank sat saw sent set shook shone shot showed shut
slept slid sold sought spent spoke spoken spun stood stole stuck stung struck swam swore swept taught
tore thought threw told took understood undertook went woke won wore wound written wrote begun done
drawn driven eaten fallen flown forgotten forgiven given gone grown hidden known ridden risen seen
shaken shown stolen sworn taken thrown worn
"""

# More nouns, adjectives and adverbs common in headings and notes.
_MORE = """
absent accurate active actual additional adequate advanced aim alternative amazing ambitious annual
anxious apparent appropriate approximately aware awful basically beginning beneficial brilliant broad
calm capable careful casual challenging cheap clever comfortable commercial competent complex
comprehensive concise concrete confident confused consistent constructive creative critical crucial
curious dear decent definitely delighted detailed difficult diligent disappointed distinct diverse
eager effective efficient elaborate emotional encouraging engaged enthusiastic entirely essential
excellent excited exciting existing expensive experienced extensive external extremely fantastic
favourite favorite fast firm flexible fluent formal frankly frequent friendly frustrated fun funny
generous gentle genuine glad global grateful happily harsh healthy heavy helpful honest honestly hopeful
huge ideal immediate immediately independent individual informal inspiring intense interesting internal
junior keen kind latest lately legal light likely literally local logical lovely loyal lucky major
mature meaningful mental minimal modern moderate modest mutual narrow natural necessary negative
nervous normal notable obvious obviously occasional official ongoing optional organised original
outstanding overwhelmed overwhelming particular particularly patient perfect physical pleasant polite
poor popular practical precise pretty primary prior private productive professional proud quiet rapid
rare reasonable regular relevant reliable remarkable respectful responsible rough routine sad safe
satisfied senior sensible serious shy significant silent simple simply sincere single slight smart
smooth social solid sorry special specific stable steady strict stuck subtle successful sudden
sufficient suitable super surprised sweet technical temporary terrible thorough thoughtful tired
tough traditional typical ugly unclear unique unlikely unusual upset urgent usual valuable various
vital warm weak weird wide wild willing wise wonderful worried worse worst worth young
absence accommodation account achievement acknowledgement activity addition adjustment agenda ambition
analysis anxiety appointment approach argument arrangement article aspect assessment assistance
assumption attempt attention attitude audience author authority availability award basis behalf
benefit bit block body book bottom boundary box brain branch break bridge brief burnout button call
capacity car card care category cause centre chair challenge change channel character charge chart
choice circle city claim class code coffee collaboration comment commitment communication comparison
competition complaint component concept conclusion condition confidence conflict confusion connection
consequence consideration contact content contribution control conversation copy core cost
count country couple courage criticism crowd cup cycle data deal debate decision definition degree
demand description desire detail difference difficulty dinner direction discussion disease distance
division doctor door doubt dream drink duty editor effect element emergency emotion emphasis employee
end environment equipment error event exercise expectation expense expert explanation expression
extent factor failure family fear feature fee figure file film floor food force format friend
friendship front fun gap gift government grant ground guide guideline hall hand health heart help
highlight hobby homework host house husband idea illness image impression improvement incident income
increase independence industry influence initiative input insight inspiration instance instruction
intention interest internship introduction investment invitation issue item items kitchen lab labour
lack land leader lead learning letter level licence light link list loss lunch machine management
manner map mark match material matter meal measure media member memory mental mess method mind mistake
mode model moment mood morning mother movement name nature need neighbour news noise note notice
offer opinion order outcome output owner page pair pandemic part partner party passion path pattern
pause peer pension period permission person perspective phone photo picture piece pitch point pool
potential power practice preference preparation pressure price pride principle print procedure
profession profile progression property proposal purpose quality quantity question quote rate ratio
reaction reason recommendation record recovery reduction reflection region relationship release
reminder rent replacement reply representative request requirement respect response responsibility
rest restaurant return revenue reward rise road role rule sale sample scale scene scheme scope
screen season seat selection sense series service set share shift shop side sign signal site size
sleep solution source space speech speed spirit standard statement story strategy stream structure
style success suggestion summary supply surprise table talent talk target task tea teacher technique
technology template term text theme theory thought title tool topic tour track trade transfer transport
trend trial trip trouble trust truth turn type understanding unit user variety vehicle video view
vision voice volume wall water weather web weekend while wife window word world
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

# Well-known products and services that notes name (queues, workflow engines, monitoring, data, SaaS).
# Evidence, not the main mechanism: unknown products are kept by shape and by context ("the X dashboard").
_PRODUCTS = """
rabbitmq activemq zeromq nats sqs sns kinesis pubsub celery airflow dagster prefect luigi temporal camunda
argo argocd n8n zapier grafana prometheus kibana logstash datadog splunk sentry nagios zabbix pagerduty
opsgenie newrelic honeycomb jaeger opentelemetry tableau looker powerbi snowflake databricks bigquery
redshift dbt heroku vercel netlify supabase firebase okta auth0 stripe twilio sendgrid mailchimp hubspot
salesforce zendesk asana clickup basecamp nginx apache tomcat kafka circleci travis bamboo octopus helm
istio envoy consul vault nomad packer vagrant pulumi cloudflare akamai fastly dynamodb cassandra neo4j
couchdb mariadb clickhouse duckdb pinecone langchain huggingface anthropic gemini llama
webpack vite babel eslint prettier jest cypress playwright selenium postman swagger openapi grpc protobuf
tailwind bootstrap nextjs nuxt remix gatsby wordpress drupal shopify magento sharepoint onedrive dropbox
workday sap servicenow miro mural loom calendly canva photoshop illustrator sketch invision blender unity
"""
PRODUCTS = frozenset(_PRODUCTS.split())

# Places, languages and nationalities common enough in notes that flagging them would be noise.
_PLACES = """
english british french german spanish italian portuguese dutch polish irish scottish welsh european
american canadian indian chinese japanese korean african arabic hindi urdu mandarin cantonese
england scotland wales ireland britain uk europe america africa asia australia canada india china japan
london manchester birmingham edinburgh glasgow cardiff belfast leeds bristol liverpool oxford cambridge
nhs hmrc ucas ofsted
"""

# Given names and surnames that are also everyday English words. A *known* person whose name is one of these is matched
# only when the word is capitalised in the text ("Will" the mentee, not "will" the verb); an unknown
# capitalised one in mid-sentence is flagged for review.
_NAME_WORDS = """
will mark bill grace hope joy faith rose may june april august summer autumn dawn eve amber pearl
jack frank sky river rich bob pat sue art chance chase clay dale drew gene glen hunter iris ivy jade jay
lily max miles nick page penny reed rob rock rusty sage sandy star sunny victor violet wade ward
brown white green black grey gray young king park hill wood woods stone bell hall wells cook baker walker
turner fisher porter mason carter cooper taylor price long short lane field fields bush moon fox wolf lamb
bird swan gold silver frost snow rain day love bond banks brook brooks marsh rivers ford bishop knight
law lord noble sharp strong wise hart dean chambers page power cross
"""
NAME_WORDS = frozenset(_NAME_WORDS.split())

COMMON_WORDS: frozenset[str] = (
    frozenset((_COMMON + _VERBS + _MORE + _DOMAIN + _CALENDAR + _TECH + _PLACES).split())
    | TITLES
    | frozenset({"mentee", "person", "name"})
)

MONTHS_AND_DAYS: frozenset[str] = frozenset(_CALENDAR.split())

# Particles that sit between the parts of a full name ("Maria de la Cruz").
NAME_PARTICLES = frozenset(
    {
        "de",
        "del",
        "della",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "bin",
        "binti",
        "bint",
        "ibn",
        "al",
        "el",
        "dos",
        "das",
        "ter",
        "ni",
        "nic",
        "ap",
        "ben",
        "bat",
        "y",
        "e",
    }
)
