"""The special-category lexicons: what triggers each category, and what never does.

Data for ``sensitive.py``, kept apart so the detector's code reads on its own. Each pattern is written with
the context that tells sensitive use from everyday use (see that module's docstring). Matched
case-insensitively over whole words; ``(?-i:...)`` marks what must be capitalised as written.
"""

# ruff: noqa: E501  (data: one pattern per line reads better than a wrapped one)
from __future__ import annotations

# Building blocks. ``POSS`` is someone's (not the cluster's): a pronoun or a possessive name.
_POSS = r"(?:my|his|her|their|your)"
_NAMES = r"(?<=\w['’]s\s)"  # after someone's name: "Ana's health" (the trigger starts at "health")
_BE = r"(?:is|am|are|was|were|be|been|being|['’]s|['’]re|['’]m)"
_WHO = r"(?:she|he|they|i|we|you)"
_WHO_IS = r"(?:she|he|they|i|we|you|partner|wife|husband)(?: (?:is|am|are|was|were)|['’](?:s|re|m))"
_SEE = r"(?:see|sees|saw|seen|seeing|visit(?:s|ed|ing)?|went to|go(?:es|ing)? to|appointment with|referred to|referral to)"
_PARTY = (
    r"(?-i:Labour|Conservatives?|Tory|Tories|Lib ?Dems?|Liberal Democrats?|Green Party|Greens|SNP|Plaid(?: Cymru)?"
    r"|Reform(?: UK)?|UKIP|Democrats?|Democratic Party|Republicans?|Republican Party|GOP|Sinn F[ée]in|DUP|SDLP"
    r"|CDU|CSU|SPD|AfD|FDP|Die Linke|BJP|AAP|ANC|EFF|Fidesz|PiS|Likud|Podemos|PSOE|Vox|Lega|Fratelli d['’]Italia"
    r"|Rassemblement National|La France Insoumise|NDP|Bloc Qu[ée]b[ée]cois|Liberal Party|One Nation|MAGA)"
)

# One entry per category: (what triggers, what never does). Matched case-insensitively over the whole
# text, words whole; ``(?-i:...)`` marks what must be capitalised as written (party names, "Home Office").
LEXICON: dict[str, tuple[list[str], list[str]]] = {
    "health": (
        [
            r"diagnos(?:is|es)", r"(?:was|been|got|is|being|recently|just|newly|formally|finally) diagnosed",
            r"diagnosed with", r"ill[- ]health", r"illness(?:es)?", r"unwell",
            rf"(?:{_BE}|fell|falls|feel(?:s|ing)?|felt|got|gets|getting|became|quite|very|seriously|really) (?:ill|poorly)",
            rf"(?:{_BE}|got|gets|getting|feel(?:s|ing)?|felt|fell|falls) sick(?! (?:of|and tired))", r"sickness",
            rf"(?:{_POSS}|ill|poor|bad|failing|declining|physical|sexual|reproductive|women['’]s|men['’]s) health",
            r"health (?:issues?|problems?|conditions?|scares?|reasons|grounds|concerns?|worries|update|situation"
            r"|appointments?|needs|challenges|crisis|struggles)",
            rf"{_NAMES}health", r"occupational health", r"(?:in|into|to|from|out of) hospital", r"hospitali[sz](?:ed|ation)",
            r"hospital (?:stay|admission|appointment|visit|treatment|bed|test|tests|scan)", r"A&E",
            r"(?:had|having|has|have|needs?|needed|after|before|from|for|booked in for|waiting for|awaiting) "
            r"(?:\w+ )?(?:surgery|an operation|(?:an?|her|his|their) (?:\w+ )?operation|a transplant)",
            rf"{_SEE} (?:the |a |an |her |his |their |my )?(?:doctor|GP|dentist|neurologist"
            r"|oncologist|cardiologist|rheumatologist|dermatologist|gyna?ecologist|obstetrician|physio(?:therapist)?)",
            r"(?:medical|GP|doctor['’]s|dental|hospital|clinic|outpatient|specialist|consultant|physio|scan)"
            r" appointments?", r"(?:her|his|their) GP", r"GP (?:surgery|practice|referral|said|visit)",
            r"(?:medical|health|heart|chronic|long[- ]term|skin|kidney|liver|lung|thyroid|autoimmune|genetic"
            r"|underlying|pre-?existing|serious|rare|degenerative|neurological) (?:condition|illness|disease|disorder)s?",
            r"medical(?:ly)? (?:condition|reasons|grounds|history|records?|treatment|procedure|issues?|emergency"
            r"|evidence|certificate|tests?|advice|exemption|retirement|retired)",
            r"symptoms", r"(?:her|his|their) symptom", r"chronic (?:pain|fatigue|illness)", r"in (?:a lot of )?pain",
            r"(?:back|neck|knee|hip|shoulder|joint|nerve|chest|stomach) pains?",
            r"(?:undergoing|starting|started|finished|finishing|course of|cancer|medical|hospital|ongoing) treatment",
            r"(?:medical |cancer )?treatment for (?:her|his|their)",
            r"cancer", r"tumou?rs?", r"leuka?emia", r"lymphoma", r"chemo(?:therapy)?", r"radiotherapy",
            r"diabet(?:es|ic)", r"asthma(?:tic)?", r"epilep(?:sy|tic)", r"seizures?", r"migraines?", r"arthritis",
            r"lupus", r"endometriosis", r"PCOS", r"fibromyalgia", r"crohn['’]?s", r"colitis", r"IBS", r"co?eliac",
            r"multiple sclerosis", r"long covid", r"heart (?:attack|condition|surgery|problems?)",
            r"(?:had|suffered|minor|mild) (?:a )?stroke", r"cardiac arrest", r"hypertension",
            r"(?:high |low )?blood pressure", r"blood (?:tests?|results|sugar|clot)", r"biops(?:y|ies)", r"MRI",
            r"CT scan", r"(?-i:[xX]-?rays?)", r"mammogram", r"smear test", r"concussion",
            r"(?:broke|broken|fractured?) (?:her|his|their|an?|my)? ?(?:arm|leg|wrist|ankle|foot|hand|rib|ribs|collarbone"
            r"|hip|elbow|finger|toe|nose|back)",
            r"(?:knee|back|neck|shoulder|head|sports|ankle|hip|wrist|spinal|brain|repetitive strain) injur(?:y|ies)",
            r"injured (?:her|his|their|my)", r"(?:her|his|their) injur(?:y|ies)",
            r"allerg(?:y|ies|ic)", r"anaphyla\w+", r"(?:peri)?menopaus\w*", r"hearing loss", r"tinnitus",
            r"physio(?:therapy)?", r"(?:occupational|speech(?: and language)?) therap(?:y|ist)", r"rehab(?:ilitation)?",
            r"addiction", r"addicted to (?:alcohol|drugs|gambling|opioids|painkillers|cocaine|heroin)", r"alcoholi(?:c|sm)", r"sobriety", r"insomnia", r"sleep (?:apnoea|apnea|disorder)",
            r"hysterectomy", r"mastectomy", r"transplant", r"dialysis", r"terminal(?:ly)? ill(?:ness)?",
            r"palliative", r"hospice", r"(?:had|has|got|caught|tested positive for|recovering from|off with|down with"
            r"|ill with|sick with) (?:covid(?:-19)?|flu|the flu|a cold|norovirus|pneumonia|bronchitis|shingles"
            r"|glandular fever|tonsillitis|a virus|an infection|a chest infection|sepsis|measles|chickenpox)",
            r"infection", r"disease", r"numbness", r"flu", r"dementia", r"alzheimer['’]?s", r"parkinson['’]?s",
            r"motor neurone", r"HIV", r"hepatitis", r"sickle cell", r"cystic fibrosis", r"thalassa?emia", r"glaucoma",
            r"cataracts?", r"psoriasis", r"eczema", r"gout", r"angina", r"COPD", r"emphysema", r"hernia", r"appendicitis",
            r"gallstones", r"kidney stones?", r"tuberculosis", r"malaria", r"meningitis", r"scoliosis", r"osteoporosis", r"immuno(?:compromised|suppress\w+)", r"(?:heart|cancer) scare",
            r"bad back", r"(?:back|heart|knee|hip|stomach|breathing|kidney|thyroid|sleep|hearing|eye|sight|skin|bowel"
            r"|bladder|fertility|health|mobility) problems", r"(?:heavy|painful|irregular) periods?", r"period pains?",
            r"menstrua\w+", r"fibroids?", r"(?:ovarian )?cysts?", r"gyna?ecolog\w+", r"(?:being )?investigated for", r"tingling", r"dizz(?:y|iness) spells", r"fainted", r"fainting",
            r"(?:needed|had|got) stitches", r"(?:cut|burned|burnt|sprained|twisted|hurt|injured|broke|bruised|dislocated|damaged) "
            r"(?:her|his|their|my) (?:\w+ )?(?:hand|arm|leg|ankle|wrist|knee|back|foot|finger|fingers|shoulder|neck|head|eye|hip|ribs?)",
            r"(?:seeing|sees|see|saw|referred to|referral to) a specialist (?:about|for)", r"(?:her|his|their|my) doctor",
            r"referred (?:her|him|them|me) (?:on )?to (?:a |an |the )?(?:cardiology|neurology|oncology|dermatology|rheumatology"
            r"|gyna?ecology|urology|gastroenterology|endocrinology|haematology|respiratory|orthopaedics|a specialist|a consultant"
            r"|hospital|the hospital|a clinic|the memory clinic|physio\w*|(?:for )?tests)",
            r"with (?:covid(?:-19)?|the flu|norovirus|pneumonia|bronchitis|shingles|glandular fever|tonsillitis|sepsis)(?! (?:restrictions|rules|lockdowns?|measures|guidance))",
        ],
        [
            r"(?:cluster|system|service|node|pipeline|server|database|platform|project|code(?:base)?|site|portfolio"
            r"|financial|business|API|app|account|fleet|brand|network|customer|team|programme|product|repo|soil"
            r"|fiscal|economic|company|market|org|organi[sz]ation|group|department|service)(?:['’]s)? health",
            r"health[- ]?(?:checks?|endpoints?|probes?|scores?|dashboards?|monitor\w*|status|metrics?|insurance)",
            r"(?:public|global|digital|occupational health and) health", r"health (?:and|&) safety", r"H&S",
            r"(?:plant|tree|crop|computer|software|trojan|code) (?:virus|disease|infection)",
            r"disease (?:model|modelling|surveillance|outbreak data)", r"sickness (?:absence policy)",
            r"(?:root[- ]cause|fault|problem|technical|network|system|performance|incident) diagnos(?:is|es)",
            r"diagnos(?:is|es) of (?:the|a|an|this|that) (?:bug|issue|outage|problem|fault|failure|incident|error|leak)",
            r"stroke of (?:luck|genius)", r"seizures? of", r"symptoms? of (?:a |the )?(?:bigger|larger|deeper|wider"
            r"|underlying|systemic|tech|technical|poor|bad|process|organi[sz]ational|cultural)", r"(?:data|SQL|code|prompt|dependency) injection",
        ],
    ),
    "medication": (
        [
            r"medications?", r"meds", r"prescriptions?", r"(?:was|been|got|is|being|were|recently|newly) prescribed",
            r"(?:on|taking|takes|take|took|started|stopped|changed|her|his|their) (?:medicine|medication)s?",
            r"dosage", r"(?:higher|lower|daily|new|her|his|their) dose", r"antidepressants?", r"SSRIs?", r"SNRIs?",
            r"sertraline", r"fluoxetine", r"(?:es)?citalopram", r"paroxetine", r"venlafaxine", r"duloxetine",
            r"mirtazapine", r"amitriptyline", r"bupropion", r"prozac", r"zoloft", r"lexapro", r"wellbutrin",
            r"on lithium", r"lamotrigine", r"quetiapine", r"olanzapine", r"risperidone", r"aripiprazole",
            r"antipsychotics?", r"mood stabili[sz]ers?", r"benzodiazepines?", r"diazepam", r"valium", r"lorazepam",
            r"xanax", r"alprazolam", r"zopiclone", r"sleeping (?:pills|tablets)", r"melatonin", r"methylphenidate",
            r"ritalin", r"concerta", r"adderall", r"elvanse", r"vyvanse", r"lisdexamfetamine", r"atomoxetine",
            r"beta[- ]blockers?", r"propranolol", r"insulin", r"metformin", r"inhalers?", r"salbutamol", r"ventolin",
            r"antibiotics?", r"pain ?killers?", r"ibuprofen", r"paracetamol", r"codeine", r"morphine", r"tramadol",
            r"oxycodone", r"opioids?", r"naproxen", r"statins?", r"atorvastatin", r"levothyroxine", r"thyroxine",
            r"HRT", r"hormone (?:therapy|replacement|treatment|tablets|injections)", r"contraceptive pill",
            r"(?:on|taking|course of|her|his|their) steroids", r"prednisolone", r"epipen", r"anticoagulants?",
            r"warfarin", r"blood thinners?", r"(?:insulin|B12|steroid|weekly|fertility|hormone) injections?",
            r"(?:taking|takes|take|took|her|his|their|sleeping|contraceptive) (?:pills|tablets)", r"on the pill",
            r"side[- ]effects (?:of|from) (?:her|his|their|the|a|new) (?:medication|meds|medicine|drugs|pills|tablets"
            r"|treatment)", r"pharmacy (?:visit|run)",
        ],
        [r"(?:retail|data|design|API) prescriptions?"],
    ),
    "sick-leave": (
        [
            r"sick (?:leave|note|day|days|pay)", r"off sick", r"(?:called|phoned|rang|calling|phoning) in sick",
            r"signed off (?:work|sick|for (?:\w+ )?(?:weeks?|days?|months?|a while)|with (?:stress|anxiety|depression|burnout|illness|covid|the flu|a \w+ injury|\w+ pain)|until)", r"fit note",
            r"sickness (?:absence|leave|record)", r"medical leave", r"(?:disability|stress) leave",
            r"(?:time|weeks?|days?|months?) off (?:sick|ill|for (?:her|his|their) health|with (?:stress|illness|covid"
            r"|the flu|anxiety|depression|(?:\w+ )?pain|an injury|burnout))",
            r"(?:off|signed off|leave) (?:work )?(?:with|for|due to) (?:stress|anxiety|depression|burnout|illness)",
            r"(?:long|short)[- ]term (?:sick|sickness|absence)", r"phased return",
            r"off work (?:for (?:a|one|two|three|four|five|six|several|a few|a couple of|\d+) (?:days?|weeks?|months?) )?(?:after|following|since|recovering)",
            r"off (?:work )?(?:for (?:a|one|two|three|four|five|six|several|a few|a couple of) (?:days?|weeks?|months?) )?(?:with|because of|due to) (?:covid(?:-19)?|the flu|flu|a cold|norovirus|pneumonia|bronchitis|an infection|a virus|illness|an injury|(?:\w+ )?pain|migraines?|stress|anxiety|depression|burnout)",
            r"return[- ]to[- ]work (?:interview|meeting|plan)", r"absen(?:t|ce) (?:through|due to|because of|for) "
            r"(?:illness|sickness|ill health|health|medical|an operation|surgery)", r"convalesc\w+",
        ],
        [r"sickness absence policy"],
    ),
    "mental-health": (
        [
            r"mental(?:ly)? (?:health|ill(?:ness)?|unwell|breakdown|exhaustion|wellbeing|struggles)",
            r"depress(?:ion|ive|ed)", r"anxiety", r"panic attacks?", r"(?:her|his|their) panic",
            r"(?:in|having|has|had|started|starting|attending|attends|receiving|began|begun|needs?|weekly|private|online|couples|family|group|talking|trauma|grief) therapy",
            r"(?:her|his|their|my) (?:therapist|therapy|counsell?or|counsell?ing)", r"(?:seeing|see|saw|sees) (?:a |her |his |their )?(?:therapist|counsell?or)",
            r"therapy (?:sessions?|appointments?)", r"(?:having|has|had|started|starting|attending|attends|receiving|referred (?:her |him |them )?(?:to|for)|offered) counsell?ing",
            r"counsell?ing (?:sessions?|appointments?)", r"(?:to|from|after|back to|went to|goes to|going to) therapy", r"psychiatr\w+", r"psycholog(?:ist|ists)",
            r"psychotherap\w+", r"CBT", r"EMDR", r"IAPT", r"PTSD", r"post[- ]traumatic", r"trauma(?:tic|tised|tized)?",
            r"OCD", r"obsessive[- ]compulsive", r"bipolar", r"schizo\w+", r"psychos[ie]s", r"psychotic",
            r"eating disorder", r"anorexi\w+", r"bulimi\w+", r"binge[- ]eating", r"self[- ]harm\w*", r"suicid\w+",
            r"(?:nervous|emotional) breakdown", r"burn(?:ed|t)[- ]out",
            rf"(?:{_POSS}|{_BE}|feeling|felt|close to|near|signs of|suffering from|off with|recovering from|risk of"
            r"|heading for|brink of) (?:burn[- ]?out)", r"(?:low|dark) moods?", r"mood (?:disorder|swings)",
            r"crisis team", r"sectioned", r"(?:having|had) (?:a )?(?:really )?dark thoughts",
            r"grief counsell?ing", r"(?:had|having|has|have) (?:a|another) breakdown", r"EAP", r"employee assistance",
        ],
        [
            r"mental health act", r"mental health (?:first aid(?:er|ers)?|awareness (?:week|day|month)|champion|policy)",
            r"(?:retail|physio|occupational|speech(?: and language)?|gene|radiation|cold[- ]water|music|art) therapy",
            r"(?:career|careers|financial|debt|legal|academic|study|course) counsell?(?:ing|or|ors)",
            r"(?:economic|great|market|tropical) depression",
            r"depressed (?:market|prices|demand|sales|economy|wages|key|button|pedal)",
            r"(?:a bit of |some |little |mild |slight |a touch of |no )?anxiety (?:about|over|around|before) "
            r"(?:public speaking|presenting|presentations?|the (?:demo|presentation|interview|talk|exam|launch|release))",
            r"trauma (?:surgeon|surgery|ward|unit|team|centre|center|nurse|and orthopaedics)",
            r"traumatic (?:merge|release|deploy\w*|migration|launch|week|sprint|meeting|rebase)",
            r"separation anxiety (?:in|of) (?:dogs|the dog|puppies)",
        ],
    ),
    "pregnancy": (
        [
            r"pregnan(?:t|cy|cies)", r"expecting (?:a |her |their |his )?(?:first |second |third |another )?"
            r"(?:baby|child|twins)", r"(?:a|the|her|their|his|new) baby (?:is )?(?:due|arrives|arriving|on the way)",
            rf"{_WHO_IS} expecting(?= *(?:[.,;!]|$| in | again| twins| (?:her|their) (?:first|second)))",
            r"baby (?:is )?due", r"(?:her|the baby['’]s|their) due date",
            rf"{_WHO_IS} due (?:in |on |around |at the end of )?(?:early |late |mid-?)?(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|spring|summer|autumn|fall|winter|the (?:spring|summer|autumn|winter|new year)|\d+ weeks|a few weeks|a couple of weeks|a month)", rf"{_WHO_IS} due any day",
            r"\d+ weeks (?:along|pregnant)",
            r"maternity", r"paternity", r"mat leave", r"(?:shared )?parental leave", r"adoption leave",
            r"miscarri\w+", r"stillbirth", r"abortion", r"termination of (?:a |her |the )?pregnancy", r"IVF", r"fertility", r"egg[- ]freezing", r"trying (?:for|to have) a baby",
            r"trying to conceive", r"ante-?natal", r"pre-?natal", r"post-?natal", r"postpartum", r"perinatal",
            r"morning sickness", r"midwife appointment", rf"{_SEE} (?:the |her |a )?midwife", r"c-section",
            r"caesarean", r"(?:gave|giving|give) birth", r"birth of (?:her|his|their)", r"newborn", r"KIT days",
            r"keeping in touch days", r"pregnancy loss", r"surroga(?:cy|te)", r"breastfeeding", r"expressing milk",
        ],
        [r"pregnant pause", r"surrogate (?:key|keys|pair|model|models|id|ids|endpoint)", r"parental leave policy"],
    ),
    "disability": (
        [
            r"disabilit(?:y|ies)",
            rf"(?:{_BE}|registered|become|became|a|physically|severely|visibly|invisibly) disabled",
            r"disabled (?:person|people|colleague|colleagues|employee|employees|staff|worker|workers|access|parking"
            r"|badge|toilet|mentee|woman|man|women|men|parent|child|son|daughter|student|students)",
            r"reasonable adjustments?", r"access needs", r"(?:an?|her|his|their) (?:autism|ADHD|dyslexia|neurodiversity) assessment", r"(?-i:Access to Work)", r"workplace adjustments?",
            r"wheelchair(?: user)?", r"mobility (?:aid|aids|scooter|issues|impairment)", r"walking stick", r"crutches",
            r"hearing aids?", rf"(?:{_BE}|profoundly|partially) deaf", r"(?-i:Deaf)", r"deafness", r"hard of hearing",
            r"sign language", r"BSL", rf"(?:{_BE}|registered|partially|legally) blind", r"blindness",
            r"visual(?:ly)? impair(?:ed|ment)", r"partially sighted", r"sight loss", r"screen reader user",
            r"neurodiver(?:gent|gence|se|sity)", r"neurotypical", r"ADHD", r"(?:has|with|diagnosed with|her|his|their) (?-i:ADD)", r"autis(?:m|tic)",
            r"on the (?:autism |autistic )?spectrum", r"asperger['’]?s?", r"dyslexi(?:a|c)", r"dyspraxi(?:a|c)",
            r"dyscalculi(?:a|c)", r"dysgraphia", r"tourette['’]?s", r"learning (?:disabilit(?:y|ies)|difficult(?:y|ies)"
            r"|disorder)", r"(?:has|with|her|his|their|a) (?:stammer|stutter)", r"stammer(?:s|ing)?",
            r"cerebral palsy", r"spina bifida", r"muscular dystrophy", r"amputee", r"prosthetic (?:leg|arm|limb)",
            r"down['’]?s syndrome", r"sensory (?:processing|needs|overload)", r"executive dysfunction",
        ],
        [r"disabled (?:the|a|an|it|this|that|them|all|some|feature|flag|flags|button|account|accounts|logging)"],
    ),
    "religion": (
        [
            r"religio(?:n|ns|us)",
            rf"(?:{_POSS}|of|religious|christian|muslim|jewish|hindu|sikh|buddhist|catholic) faith",
            rf"{_NAMES}faith", r"faith (?:community|group|leader|school|background|commitments|practice|network|tradition)",
            r"(?:person|people) of faith", r"practis\w+ (?:her|his|their) faith",
            r"ramadan", r"(?-i:Eid)(?: (?:al|ul)[- ]\w+)?", r"iftar", r"suhoor", r"sehri", r"shabbat", r"sabbath",
            r"passover", r"pesach", r"yom kippur", r"rosh hashan(?:ah|a)", r"hanukk?ah", r"chanukah", r"sukkot",
            r"purim", r"diwali", r"deepavali", r"(?-i:Holi)", r"navratri", r"vaisakhi", r"baisakhi", r"gurpurab",
            r"guru nanak", r"(?:during|for|over|in|through|of|giving up for) (?-i:Lent)", r"ash wednesday", r"vesak",
            r"fasting", r"(?:fasts|fasted) (?:for|during|on)", r"pray(?:s|ed|ing|er|ers)?",
            r"church(?:es)?", r"mosques?", r"synagogues?", r"temple", r"gurdwaras?", r"mandir", r"place of worship",
            r"worship(?:s|ped|ping)?", r"muslims?", r"islam(?:ic)?", r"christianity",
            r"(?:a|an|is|am|are|was|as|devout|practis\w+|practic\w+|born-again|being|fellow) christians?",
            r"christians?(?= (?:faith|church|values|community|festival|holidays?|tradition|background|family|charity"
            r"|group|union|fellowship|prayer|friends|mentee|colleague|colleagues|organisation|organization|school))",
            r"christians", r"catholic(?:s|ism)?", r"protestants?", r"anglican", r"methodist", r"baptist",
            r"pentecostal", r"evangelical", r"(?:seventh[- ]day )?adventists?", r"lutheran", r"presbyterian", r"calvinist", r"mennonite", r"amish", r"coptic",
            r"jumu['’]?ah", r"jumm?ah?", r"salah", r"salat", r"namaz", r"(?:five|daily) prayers", r"(?:greek|russian|coptic|ethiopian|eastern) orthodox",
            r"(?-i:Orthodox) (?:Jew\w*|Christian\w*|church)", r"jews", r"jewish", r"judaism", r"(?-i:Jew)",
            r"hindu(?:s|ism)?", r"sikh(?:s|ism)?", r"buddhis(?:t|ts|m)", r"jainism", r"(?:a|is|as|devout) jain",
            r"baha['’]?i", r"zoroastrian", r"atheis(?:t|ts|m)", r"agnostic", r"mormons?", r"latter[- ]day saints",
            r"jehovah['’]?s witness(?:es)?", r"quakers?", r"rastafari\w*", r"pagan(?:s|ism)?", r"wicca\w*",
            r"shia", r"sunni", r"ahmadi(?:yya)?", r"hasidic", r"haredi", r"born[- ]again", r"imams?", r"rabbis?",
            r"priests?", r"pastor", r"vicar", r"chaplain", r"hijab", r"niqab", r"turban", r"kippah", r"yarmulke",
            r"halal", r"kosher", r"pilgrimage", r"hajj", r"umrah", r"bible (?:study|group|class|college|school|reading)",
            r"quran", r"koran", r"torah", r"religious (?:holiday|festival|observance|reasons|grounds|commitments)",
            r"(?:religiously |an )?observant (?:jew|muslim|hindu|sikh|christian|catholic)\w*", r"(?:friday|sunday|saturday) (?:prayers|service|mass|worship)",
            r"(?:go(?:es|ing)? to|went to|attend(?:s|ed|ing)?|sunday|midnight|after|before) mass",
            r"convert(?:ed|ing)? to (?:islam|christianity|judaism|catholicism|buddhism|hinduism|sikhism)",
            r"antisemit\w+", r"islamophob\w+",
            r"(?:wears|wearing|wore|wear) (?:a |her |his )?(?:headscarf|hijab|turban|kippah|niqab|burqa|veil|patka)",
            r"(?:her|his|their|my) (?:church|chapel|mosque|temple|synagogue|gurdwara|parish|congregation|faith community)",
            r"congregation", r"preacher", r"lay reader", r"deacon",
            rf"{_WHO_IS} (?:\w+ )?(?:devout|observant|religious|orthodox|practising|practicing)\b(?! (?:about|in|with|of)\b)",
            r"(?-i:[Ee]aster) (?:sunday|vigil|service|mass)",
        ],
        [
            r"(?:good|bad) faith", r"faith in", r"(?-i:Church|Temple) (?:Street|St|Road|Rd|Lane|Hill|End|Meads|Bar"
            r"|Inn|station|Walk|Square|Row)", r"temple run", r"(?:not|isn['’]t|wasn['’]t|entirely|quite|totally|completely) kosher", r"mass (?:scale|market|email|produced|production"
            r"|adoption|layoffs|migration|media|transit)",
            r"pray(?:ing)? (?:the|that the) (?:build|tests?|deploy\w*|release|demo|CI)",
        ],
    ),
    "ethnicity": (
        [
            r"ethnic(?:ity|ities|ally)?", rf"(?:{_POSS}|of any|mixed[- ]) race", r"mixed[- ]race",
            r"(?:race|racial) (?:equality|discrimination|disparity|bias|abuse|slurs?|profiling|justice)",
            r"racial\w*", r"racis(?:m|t|ts)", r"racially", r"BAME", r"BME", r"BIPOC",
            r"(?:person|people|women|woman|men|man|colleagues?) of colou?r",
            r"(?-i:Black) (?-i:[a-z]+(?:ers|ists|ors|ians|ents|ees|ives))(?<!borders)(?<!markers)(?<!letters)(?<!covers)(?<!headers)(?<!containers)(?<!stickers)(?<!sneakers)(?<!trainers)(?<!slippers)(?<!speakers)(?<!markers)(?<!olives)(?<!sweaters)(?<!printers)(?<!monitors)(?<!cursors)(?<!colors)(?<!connectors)",
            r"(?-i:Black) (?:woman|women|man|men|people|person|colleague|colleagues|engineers?|British|African"
            r"|Caribbean|American|heritage|community|communities|staff|employees|leaders?|mentee|professionals?"
            r"|network|history|founders?|students?|girl|boy|family|families|candidates?|talent)",
            r"(?:is|am|as a|as an|the only|fellow) (?-i:Black)(?! box| hat| belt| friday)",
            r"(?-i:[Ww]hite) (?:British|Irish|European|Other|privilege|saviour|fragility)",
            r"(?:south|east|southeast|south-east|british|british-) ?asian (?:woman|women|man|men|heritage|background"
            r"|community|colleagues?|family|descent|people)",
            r"(?:is|am|as an|as a|the only) (?:south |east |british )?(?-i:Asian)",
            r"latin[aox]", r"latine", r"hispanic", r"(?:roma|gypsy|traveller) (?:community|communities|heritage"
            r"|background|family)", r"gypsy", r"irish traveller",
            r"indigenous (?:\w+ )?(?:woman|women|man|men|people|person|heritage|background|community|communities"
            r"|colleagues?|australians?|canadians?)", r"aboriginal", r"first nations", r"torres strait islanders?",
            r"m[āa]ori", r"métis", r"inuit",
            r"(?:my|his|her|their) (?:ethnic |racial |cultural |family )?(?:heritage|origins?|descent|roots|ethnicity)",
            r"(?:my|his|her|their) (?-i:[A-Z][\w-]+) (?:heritage|descent|ancestry|roots)",
            r"(?:ethnic|racial|cultural) (?:background|heritage|origins?|identity)",
            r"of (?-i:[A-Z][\w-]+|mixed) (?:descent|heritage|origin)", r"caste",
            r"skin colou?r", r"colou?rism",
            rf"{_WHO_IS} (?-i:Roma|Romani|Gypsy|Traveller|Black|Asian|Latina|Latino|Latinx|Hispanic|Indigenous|Aboriginal|M[āa]ori|S[áa]mi|mixed[- ]race)\b",
            r"(?:as a|as an|being a|being an|the only|a fellow|one of the few) (?-i:(?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+) (?:woman|women|man|men|person|people|girl|boy|mum|mother|father|dad|immigrant|migrant|engineer|nurse|doctor|lawyer|student|employee|professional|leader|manager|founder)",
            r"(?-i:[A-Z][a-z]+)-(?:Australian|American|British|Canadian|Irish|Caribbean|African|Asian|New Zealander)",
            r"where (?:she|he|they|I|you) (?:is|are|am|['’]s|['’]re|['’]m|come|comes|came) (?:really|actually|originally) from",
            r"(?-i:[Ww]hite) (?:partners|colleagues|people|men|women|managers|clients|staff|man|woman|guys|teams?|peers)", r"microaggressions?", r"(?:her|his|their) accent",
        ],
        [
            r"(?-i:Black) (?:box|hat|belt|Friday|list|hole|swan|mirror|screen)", r"(?:black|white)list\w*",
            r"(?:race condition|race conditions|arms race|rat race|race to|race against)", r"root origin",
            r"origin (?:server|story|branch|master|main)", r"point of origin", r"country of origin (?:rules|labels)",
        ],
    ),
    "sexuality": (
        [
            r"gay", r"lesbians?", r"bisexual\w*", rf"(?:{_BE}|as|being|openly) bi\b(?!-)", r"queer", r"LGBT\w*\+?",
            r"homosexual\w*", r"heterosexual\w*", r"asexual\w*", r"pansexual\w*", r"sexual orientation",
            r"sexuality", r"(?:came|coming|come|comes) out (?:as|to (?:her|his|their|the|my) (?:team|manager|family"
            r"|parents|colleagues|boss|mum|dad|mother|father|friends|line manager))", r"out at work",
            r"her (?:wife|girlfriend)", r"his (?:husband|boyfriend)",
            r"same[- ]sex (?:partner|couple|marriage|relationship|wedding|parents)",
            r"(?-i:Pride) (?:month|march|parade|network|event|committee|lanyard)", r"(?:at|to) (?-i:Pride)\b",
            r"homophob\w+", r"biphob\w+",
        ],
        [r"gay[- ]lussac"],
    ),
    "gender-identity": (
        [
            r"transgender", r"trans(?= (?:woman|women|man|men|person|people|colleague|colleagues|mentee|employee|staff"
            r"|rights|community|network|kid|kids|youth|identity))", rf"(?:{_BE}|openly|as|as a) trans\b(?!-)",
            r"non[- ]?binary", r"enby", r"genderqueer", r"gender[- ]?fluid", r"agender", r"intersex",
            r"gender (?:identity|expression|dysphoria|reassignment|affirming|affirmation|transition|recognition"
            r"|clinic)", r"(?:medical|social|gender) transition",
            r"transition(?:ed|ing)? (?:from male|from female|to (?:male|female))",
            r"(?:started|starting|began|begun|begin|during) (?:her|his|their) transition(?! (?:to|into|from|plan))",
            rf"(?:{_POSS}|new|preferred|correct) pronouns", rf"{_NAMES}pronouns", r"pronouns? (?:are|is)",
            r"(?:she/her|he/him|they/them|she/they|he/they|they/she|they/he|she/them|he/them|xe/xem|ze/zir)", r"(?:uses|use|goes by) (?:they|she|he)(?:/| and )(?:them|her|him)",
            r"misgender\w*", r"deadnam\w*", rf"{_WHO_IS} transitioning(?! (?:to|into|from|the|our|their|her|his|its|off|away)\b)", r"transphob\w+", r"top surgery", r"puberty blockers",
        ],
        [],
    ),
    "union": (
        [
            r"(?:trade|labou?r) unions?",
            r"union (?:rep|representative|reps|members?|membership|meeting|official|steward|branch|dues|subs|card"
            r"|ballot|activist|organi[sz]er|organi[sz]ing|case ?worker|recognition|support|negotiator)",
            r"(?:joined|join|joining|member of|in|contacted|called|rang|through|via) (?:the|a|her|his|their) union",
            r"(?:the|her|his|their) union (?:said|has|is|was|advised|will|helped|supported|backed|called)",
            r"unioni[sz](?:ed|ing|ation)",
            r"(?-i:IWGB|UVW|IWW|BFAWU|Napo|UNISON|Unison|GMB|PCS|UCU|NEU|NASUWT|RCN|BMA|RCM|CWU|USDAW|Usdaw|RMT|ASLEF|NUJ|FBU|BECTU|TUC"
            r"|AFL-CIO|Teamsters|SEIU|UAW|IG Metall|ver\.di|CUPE|Unifor|CFDT|CCOO|COSATU|SIPTU|Fórsa)",
            r"strike (?:action|ballot|day|days|pay|fund|committee|vote)",
            r"(?:nurses|teachers|doctors|drivers|workers|staff|rail|postal|junior doctors|lecturers|dockers|miners)['’]? strikes?",
            r"(?-i:Unite|Prospect|Equity|Community|Accord|Nautilus|Unison) (?:rep|reps|representative|member|members|membership|branch|convenor|union|official)",
            r"(?:on|joined|joining|join|go on|went on|going on|be on|national|planned|upcoming|the) strikes?(?!-)(?! (?:a|the"
            r"|price|zone|rate|through))",
            r"striking (?:workers|staff|nurses|doctors|teachers|colleagues|members|drivers)", r"picket(?:ing|ed|s)?",
            r"picket lines?", r"industrial action", r"collective bargaining", r"shop steward", r"work[- ]to[- ]rule",
            r"walk-?outs?", r"ballot(?:ed|ing)? (?:for|on) (?:strike|industrial)",
        ],
        [r"(?:lightning|air|drone|missile|first|three|pre-?emptive) strikes?", r"strike price", r"walk-?out (?:of|from) (?:the|a) (?:meeting|room|cinema)"],
    ),
    "politics": (
        [
            r"political (?:views?|opinions?|beliefs?|party|parties|affiliation|activis[mt]|campaign\w*|leanings?"
            r"|persuasion|candidate|career|asylum|refugee|prisoner|stance|position|allegiance)",
            r"(?:her|his|their|my) politics",
            rf"(?:votes?|voted|voting|voter|voters) (?:for )?(?:the )?(?:{_PARTY}|(?-i:Leave|Remain)\b)",
            rf"(?:member of|joined|canvass\w*(?: for)?|campaign\w* for|leaflet\w*(?: for)?|stand\w* for|stood for"
            rf"|volunteer\w* for|activist (?:for|in)|donat\w* to|supports?|supporter of|councillor for) (?:the )?{_PARTY}",
            rf"{_PARTY} (?:party|member|members|membership|voter|voters|supporter|supporters|candidate|councillor"
            r"|MP|activist|branch|conference|leadership|politician)",
            r"(?:left|right)[- ]wing", r"far[- ](?:left|right)", r"centre[- ](?:left|right)", r"socialis[mt]",
            r"communis[mt]", r"marxis[mt]", r"anarchis[mt]", r"libertarian",
            r"(?:conservative|liberal|progressive|leftist|nationalist) (?:views|values|politics|leanings|beliefs)",
            r"activist", r"political activism", r"(?:stood|standing|stand|ran|running|run) for (?:election|council"
            r"|parliament|office|mayor|congress|the senate)", r"election campaign", r"referendum",
            r"(?:went to|attended|joined|at|organi[sz]\w+|marched in|marching in) (?:a|the) (?:\w+ )?(?:protest|(?-i:march)"
            r"|rally|vigil)", r"(?:protest )?demonstration (?:against|for|outside)", r"protest (?:march|movement|group)", r"(?:street|climate|anti-\w+) protests?",
            r"(?:a|the) (?:local )?councillor", r"trade union activist",
            rf"{_PARTY} (?:group|club|society|campaign|rally|meeting|event|canvass\w*)",
            rf"(?:involved (?:with|in)|active in|works? for|worked for|interning for) (?:the )?{_PARTY}",
            r"(?:independence|Brexit) (?:campaign|referendum|movement|march)",
            r"campaign\w* (?:for|against) (?:independence|Brexit|the referendum)", r"(?:to|for|on) a (?:protest|(?-i:march)|rally|demonstration)",
        ],
        [r"(?:to|attended|joined) (?:a|the) (?:demo|product demo)", r"(?:office|team|company|internal) politics"],
    ),
    "immigration": (
        [
            r"visas?", r"immigrants?", r"(?:im|e)migrated", r"emigrat(?:e|ing|ion)", r"migrants?", r"asylum", r"asylum seekers?", r"refugees?",
            r"(?:her|his|their|my) (?:immigration|asylum|visa|residence|settlement)", r"immigration (?:process|application|journey|paperwork|interview|detention|bail|raid|checks?|history)",
            r"permission to (?:stay|remain|work|enter)", r"Homes for Ukraine", r"Ukraine (?:Family|Sponsorship) Scheme",
            r"deport\w+", r"removal (?:notice|order|centre|center)", r"(?:immigration )?detention (?:centre|center)",
            r"(?:leave|right) to (?:remain|enter)", r"indefinite leave(?: to remain)?", r"ILR",
            r"(?:pre-)?settled status", r"EU Settlement Scheme", r"EUSS", r"right[- ]to[- ]work(?: checks?)?",
            r"residence (?:permit|card)s?", r"work permits?", r"BRP", r"biometric residence", r"green card",
            r"H-?1B", r"(?-i:Blue Card)", r"Tier [1245] (?:visa|sponsor\w*|route)", r"Skilled Worker", r"Global Talent (?:visa|route|endorsement)",
            r"Graduate (?:visa|route)", r"spous(?:al|e) visa", r"dependant visa", r"work authori[sz]ation",
            r"naturali[sz](?:ation|ed|e|ing)", r"citizenship (?:application|test|ceremony|interview)",
            r"(?:applying|apply|applied) for (?:\w+ )?citizenship", r"(?:her|his|their) citizenship",
            r"(?-i:Home Office) (?:decision|interview|letter|application|refus\w+|grant\w*|caseworker)", r"(?:from|by|with) the (?-i:Home Office)", r"UKVI", r"USCIS", r"IRCC", r"BAMF", r"undocumented", r"overstay\w*",
            r"irregular (?:status|migrant)", r"stateless",
            r"(?:visa|work|employer|skilled worker) sponsor(?:ship|ed|s)?",
            r"sponsor(?:ship|ed|s)? (?:for )?(?:her|his|their|a|the) (?:visa|work permit|permit)",
            r"certificate of sponsorship", r"sponsor licence", r"(?:permanent|temporary) residen(?:cy|ce)",
            r"residency (?:application|status|permit|card)", r"immigration (?:status|lawyer|solicitor"
            r"|tribunal|appeal|case|officer|check|hearing)",
            r"passport (?:was |is )?(?:held|with the (?-i:Home Office)|confiscated)",
        ],
        [
            r"(?-i:Visa|VISA)(?= ?(?:and|or|/|,) ?(?:Mastercard|Amex|American Express|Discover))",
            r"(?:Mastercard|Amex|American Express)(?: ?(?:and|or|/|,) ?)(?-i:Visa|VISA)",
            r"(?-i:Visa|VISA) (?:card|cards|debit|credit|Inc|payments?|network|Checkout|Direct|transactions?|API|rails)",
            r"data migration", r"migrating (?:the|a) database",
            r"asylum (?:support|law|team|sector|casework|caseworkers?|system|policy|process|advice)",
            r"immigration (?:law|advice|team|sector|casework|system|policy|course|training|practitioners?)",
        ],
    ),
    "criminal": (
        [
            r"arrest(?:ed|s)?", r"criminal (?:record|records|conviction|convictions|charges?|case|offen[cs]es?"
            r"|history|past|investigation|proceedings|court|damage)", r"(?:a|the) criminal\b(?! (?:justice|law|waste))",
            r"(?:criminal|previous|prior|past|spent|unspent|a|drink[- ]driving|driving|drug) convictions?",
            r"convicted (?:of|for)", r"(?:was|been|were|got) convicted",
            r"(?:police|formal|conditional) caution", r"cautioned by (?:the )?police", r"police cautioned", r"(?:has|had|have|with) a (?:police )?caution",
            r"(?:criminal|jury|court|murder|fraud) trial", r"(?:stood|stand|standing|on) trial", r"(?:received|given|got|accepted) a caution",
            r"(?:her|his|their|my) (?:enhanced )?DBS", r"DBS (?:check |certificate )?(?:came back|flagged|showed|revealed|disclosed|found|was not clear|wasn['’]t clear)", r"CRB check", r"disclosure (?:and barring|check)", r"Garda vetting",
            r"(?:in|at|before|attend(?:s|ed|ing)?|appear(?:s|ed|ing)? in|summoned to|(?:taken|took|take|went|go(?:es|ing)?) "
            r"(?:\w+ )?to) court",
            r"court (?:case|hearing|date|appearance|order|summons|proceedings|appeal)s?",
            r"(?:the )?court (?:ruled|found|fined)",
            r"probation (?:officer|service|order|worker)", r"parole", r"prison", r"jail(?:ed)?", r"gaol",
            r"imprison\w+", r"incarcerat\w+", r"custodial", r"(?:was|been|got|were) sentenced", r"sentenced to",
            r"suspended sentence", r"community (?:service|order)", r"served time", r"(?:ex-)?offenders?",
            r"reoffend\w*", r"(?:on|released on|granted|out on|police) bail",
            r"(?:criminal|driving|sexual|drug|motoring|public order|violent) offen[cs]es?",
            r"charged with (?:assault|theft|fraud|burglary|robbery|possession|drink[- ]driving|drunk[- ]driving"
            r"|dangerous driving|careless driving|harassment|stalking|a crime|an offen[cs]e|a criminal|criminal"
            r"|murder|manslaughter|affray|shoplifting|drug)",
            r"police (?:came|were called|called|arrested|interview\w*|station|caution|record|investigation|report"
            r"|custody|statement|complaint|involvement)",
            r"(?:called|reported (?:it )?to|contacted|spoke to|interviewed by|questioned by|stopped by|arrested by) "
            r"(?:the )?police", r"victim of (?:a )?crime", r"hate crime", r"(?:committed|commit) (?:a )?crime",
            r"restraining order", r"non-molestation order", r"electronic (?:tag|monitoring)",
            r"(?:criminal|defence|defense) (?:lawyer|solicitor|barrister)", r"rehabilitation of offenders",
        ],
        [
            r"cardiac arrest", r"arrested development", r"(?:food|tennis|basketball|squash|netball|badminton|volleyball)"
            r" courts?", r"ball (?:is )?in (?:their|your|her|his|our|my|the other) court",
            r"court of public opinion", r"criminal (?:waste|justice (?:system|sector|reform|degree|charity))",
        ],
    ),
}


# Never about the person, in any category: a topic of professional reading or training ("the NICE
# guidance on chest pain", "training on reasonable adjustments"), and a trigger word that only labels an
# identifier ("her BRP number", "the Home Office reference"), which the identifier rules remove.
NEVER_ANY = [
    r"(?:guidance|guidelines?|protocols?|pathways?|training|courses?|modules?|audits?|policy|policies|research"
    r"|lectures?|teaching|leaflets?|CPD|webinars?|workshops?|textbooks?|e-learning) (?:on|for|about|in) "
    r"(?:the |a |an )?(?:[\w'’]+[- ]){0,3}[\w'’]+",
    r"(?:BRP|Home Office|visa|passport|NHS|DBS|immigration|case|permit|residence permit) "
    r"(?:number|no\.?|ref(?:erence)?|reference number|ID)s?",
    r"(?:BRP|Home Office|visa|passport|NHS|DBS|permit) (?=[A-Z]{0,3}\d)[\w/-]{5,}",
    # A condition or medicine naming a service the mentee runs or plans ("the hypertension case-finding
    # service", "the meds audit"), not anyone's health.
    r"(?:[\w'’]+[- ]){1,3}(?:service|services|pathway|pathways|case-finding|audit|audits|campaign|guidelines|research"
    r"|charity|charities|foundation|institute)",
]
