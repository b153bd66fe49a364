"""Confidentiality guard: finds details in a draft that could identify a client or a real person.

What it looks for: phone numbers (UK, Irish, US/Canadian, Australian and international formats,
spaced or not, spelled a digit at a time or said in words), email addresses (also written out: "j
dot smith at example dot com"), social media handles named as such ("her insta is @jade.x", or
without the "@": "my snap is lil_bee22"), a title with a surname or initial ("Mrs Okafor", "Dr.
P", "Mr O'D"), a name after "my client"/"my patient"/"my pt" (also in lower case) or after
"called", "named", "her name is", a full name next to a relative or a date of birth or said to be
someone in a role ("Femke de Vries-Bakker is the mum") or seen in the writer's work ("a session
with Tomasz Nowak", "discharged Aoife Byrne"), a first name with an age and a place ("Jade, 15,
from the Meadowbank estate"), a named school, ward or estate near a child's age (also "she's 9",
"in Year 4"), case, reference, NHS, hospital record, Medicare and National Insurance numbers,
dates of birth (also in words), street addresses, postcodes and number plates.

It is a prompt, not a verdict: the author sees what looked identifying and either edits it out or
confirms the post contains nothing identifying (which sends it to moderators for a look). So it
errs towards asking, but leaves alone what ordinary supportive prose is full of: times ("at 9:30"),
durations and years ("11 years", "2019-2021"), dates of events ("qualified on 3 March 2015"),
caseload numbers, the helplines the site itself recommends (settings.HAVEN_CRISIS_RESOURCES) and
other services' freephone numbers, team and meeting names ("the Patient Safety team"), names the
writer says are made up, and the writer's own sign-off.

Speed: it runs on every draft, so the whole text is searched only a few times, with str.find or a
pattern that starts with a literal, for the places worth a look (digits, "@", titles, client
words...); the patterns proper run only there. The text is read unmasked (moderation/unmask.py):
a phone number in full-width digits or split by zero-width spaces is a phone number.
"""

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from moderation.unmask import unmask

PHONE = "a phone number"
EMAIL = "an email address"
SOCIAL_HANDLE = "a social media handle"
NAMED_CLIENT = "a named client or patient"
NAMED_PERSON = "a person's name"
TITLED_NAME = "a title with a name or initial"
FULL_NAME = "a person's full name"
NAME_WITH_AGE = "a first name with an age"
NAME_AGE_PLACE = "a first name with an age and a place"
PLACE_WITH_CHILD = "a named school, ward or estate with a child's age"
DATE_OF_BIRTH = "a date of birth"
OLD_DATE = "a full date that could be a date of birth"
STREET_ADDRESS = "a street address"
POSTCODE = "a postcode"
ZIP_CODE = "a US ZIP code with state"
NHS_NUMBER = "an NHS number"
RECORD_NUMBER = "a hospital or record number"
REFERENCE_NUMBER = "a case or reference number"
NI_NUMBER = "a National Insurance number"
VEHICLE = "a vehicle registration"
UNIQUE_JOB = "a job only one person has at a named workplace"
# Kinds that name a person: a pseudonym or the writer's own sign-off takes these back.
NAME_KINDS = {NAMED_CLIENT, NAMED_PERSON, TITLED_NAME, FULL_NAME, NAME_WITH_AGE, NAME_AGE_PLACE}


# --- Vocabulary -------------------------------------------------------------------------------


def _words(block: str) -> list[str]:
    return block.split()


# Capitalised words that are not names even where a name would stand ("My client I saw...").
NOT_NAMES = frozenset(
    _words("""
i he she they we you it me him her them us my your his their our its this that these those the a
an and but or so nor yet if then than when while what who whom whose which where why how because
after before once since until as at by for from in into of off on onto out over to up upon with
without about again also just only even still really very today tonight yesterday tomorrow now
last next recently anyway said told asked has had was were is are be been will would could should
can may might must did does do not no yes ok okay oh hi hello hey thanks thank dear sorry please
everyone everybody someone somebody anyone nobody all both each every some any many most few
monday tuesday wednesday thursday friday saturday sunday january february march july september
october november december christmas easter god mum dad mam mom nan gran grandad grandma mother
father sister brother son daughter wife husband partner baby nurse doctor sir madam chapter ward
room bed bay year level tier section page step week day night part session module unit floor flat
band grade stage phase number table figure appendix season episode series volume line route bus
platform gate door exit junction zone area block wing class group team cohort form question point
item note case file asian british black white english scottish welsh irish african caribbean
indian pakistani bangladeshi chinese polish romanian muslim christian jewish hindu sikh catholic
autistic royal i'll i'm i've i'd he's she's it's that's they're we're you're there's let's he'd
she'd they'd we'd who's what's
zoom teams whatsapp facebook instagram tiktok snapchat google skype social clinical senior junior
charge staff worker paramedic psychologist therapist counsellor practitioner manager
""")
)

# Words that make a capitalised phrase after "patient"/"client" a team or meeting, not a person.
ORGANISATION_WORDS = frozenset(
    _words("""
safety advice liaison service services experience involvement board team group panel forum council
committee conference protection voice network partnership unit record records portal charter care
centred centered engagement feedback satisfaction survey relations participation pathway flow
transport information leaflet handbook agreement plan plans lead leads manager officer support
office representative rep champion champions assessment review reviews meeting meetings hub line
helpline advocacy week day days awareness rights access journey outcome outcomes measures
questionnaire health directed led centre center welfare trust association charity foundation
society union act law standards policy procedure training course reported rated notes list
""")
)

# Common lower-case words: after "my client" one of these is the sentence going on, not a name.
COMMON_WORDS = frozenset(
    _words("""
a about above after again against all also always am an and any anyone anything anyway are aren't
around as asked at away back bad be because been before being below best better between both but
by came can cannot can't come comes coming could couldn't did didn't do does doesn't doing done
don't down during each either else even ever every everyone finally first for found from get gets
getting got had hadn't has hasn't have haven't having he her here hers herself him himself his how
however i if in into is isn't it its itself just kept knew know last later left let like little
lives living lost made make makes many may me might more most much must my myself never new next
no nobody none nor not nothing now of off often oh ok okay old on once one only or other our out
over own rang really right said same saw say says see seemed seems sent she should shouldn't since
so some someone something sometimes still such take than that the their them then there these they
this those though through to today told tomorrow tonight too took tried under until up upon us
used very wants was wasn't we went were weren't what when where whether which while who whom whose
why will with without won't would wouldn't wrote yesterday yet you your ate became began blew
thing things stuff everything
broke brought built bought caught chose cut drew drank drove fell felt fought flew forgot froze
gave grew hung heard hid hit held hurt laid led lent lay lit meant met paid put quit read rode
rose ran sold set shook shot showed shut sang sank sat slept spoke spent stood stole stuck struck
swore took taught tore thought threw understood woke wore won almost already instead maybe perhaps
quite rather soon twice actually apparently basically clearly definitely honestly literally
obviously probably suddenly group groups base list work load notes records record file files
contact contacts facing centred centered hours session sessions caseload caseloads portal
population feedback survey satisfaction care safety experience information info data
confidentiality relationship relationships room rooms review reviews meeting meetings team teams
services service involvement advice liaison transport journey pathway plan plans letter letters
referral referrals assessment assessments number numbers details detail name names family families
mum dad mother father son daughter wife husband partner sister brother friend friends carer carers
story stories history nurse doctor gp appointment appointments loan loans who's that's there's
here's again etc
tell ask call ring text email send give help meet see visit thank wept crept swept fled bled
sought spat sprang sprung portfolio mix outcomes needs demographic demographics facing focused
""")
)

# Verbs that follow a subject: "my client jodie has..." reads as a name even when it ends in s.
SUBJECT_VERBS = frozenset(
    _words("""
is was has had said says told tells asked asks came comes went goes does did will would could can
can't couldn't won't wouldn't isn't wasn't hasn't hadn't doesn't didn't rang phoned texted called
""")
)

# After "Leon Prewitt's ...": the full name belongs to a person someone is caring for.
RELATIONS = frozenset(
    _words("""
mum mother mam mom dad father nan nana gran granny grandma grandad grandpa grandmother grandfather
family parents partner wife husband son daughter sister brother carer carers foster kids children
baby girlfriend boyfriend fiance fiancé fiancee fiancée aunt auntie uncle cousin stepdad stepmum
address number phone mobile email house flat home school teacher solicitor gp case file
""")
)

# Titled names that are books, films or public figures, not anyone's client.
FAMOUS_TITLED = frozenset(
    """
mrs dalloway|mrs doubtfire|mrs brown|mrs robinson|mrs hinch|mrs mills|mr bean|mr men|mr right|
mr darcy|mr rogers|mr motivator|mr blobby|mr tumble|mr hyde|mr benn|mr t|mr ripley|mr incredible|
mr potato|mr freeze|dr who|dr seuss|dr jekyll|dr phil|dr foster|dr strange|dr zhivago|dr dolittle|
dr google|dr pepper|dr oz|dr ruth|dr martens|dr marten|dr doc|dr no|dr evil|dr house|dr quinn|
dr frankenstein|dr watson|miss marple|miss havisham|miss honey|miss trunchbull|miss piggy|ms marvel|
dr maté|dr mate|dr gabor|dr bessel|dr kolk|dr neff|dr siegel|dr linehan|dr yalom|dr frankl|dr porges|
dr gottlieb|dr kabat-zinn|dr winnicott|dr bowlby|dr eger|dr brené brown|dr kristin neff|
dr dan siegel|dr marsha linehan|dr irvin yalom|dr viktor frankl|dr judith herman|dr peter levine|
dr stephen porges|dr bruce perry|dr edith eger|dr julie smith|dr russ harris|dr steven hayes|
dr jon kabat-zinn|madam chair|madam speaker|madam president|madam secretary|dr melfi|dr crane|
dr lecter|dr strangelove|dr dre|dr fauci|dr spock|dr octopus|dr manhattan|
dr lori gottlieb|dr martin luther|dr aaron beck|dr albert ellis|dr carl rogers
""".replace("\n", "").split("|")
)

# Where to look. Searching the whole text is the cost, so each group is one pass: capitalised
# words in one regular expression (titles, schools and wards, street names), lower-case ones with
# str.find, which is many times faster than a regular expression over the same text.
TITLE_WORDS = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Madam"}
PLACE_WORDS = {"Primary", "Secondary", "Academy", "School", "College", "Infants", "Juniors", "Nursery",
               "Grammar", "Ward", "Unit", "Estate"}  # fmt: skip
CAPITALISED_ANCHORS = re.compile(
    r"(?:M(?:rs?|s|iss|x|adam)|Dr|Prof|Primary|Secondary|Academy|School|College|Infants|Juniors|Nursery|"
    r"Grammar|Ward|Unit|Estate|Street|Road|Avenue|Lane|Close|Crescent|Drive|Terrace|Gardens|Grove|Way|"
    r"Place|Court|Square|Walk|Mews|Row)\b"
)
LOWER_CASE_TITLES = (" mr", " dr")
CLIENT_ANCHORS = ("client", "patient", "pt", "service", "resident", "pupil", "student")
CALLED_ANCHORS = ("called ", "named ", "name is ", "name's ", "name was ")
# "j dot smith at example dot com", "j.smith (at) example.org", "j.smith at example.com"
SPELLED_EMAIL_ANCHORS = (" dot ", "(at)", "[at]", "(dot)", "[dot]", "(a)", "[a]")
WEB_DOMAIN = re.compile(r"\.(?:com|org|net|co\.uk|ie)\b")  # a pattern with a literal start: fast
PSEUDONYM_ANCHORS = ("real name", "pseudonym", "made up", "made-up", "changed", "call her", "call him",
                     "call them", "calling her", "calling him", "known as", "not her name",
                     "not his name", "not their name", "invented", "fictional")  # fmt: skip

# Helplines that are well known enough to recommend here (besides settings.HAVEN_CRISIS_RESOURCES):
# a member posting them is signposting, not identifying anyone. Numbers with a freephone or
# organisation-only prefix (0800, 1800, 1-800, 13 xx xx...) are services and never a person's.
WELL_KNOWN_HELPLINES = (
    "988", "911", "999", "112", "111", "000", "116 123", "116 111", "116 117", "741741", "85258",
    "838255", "686868", "50808", "1737", "14416", "13 11 14", "13 92 76", "0800 1111",
    "0800 58 58 58", "0800 068 4141", "0808 2000 247", "0808 800 5000", "0300 123 3393",
    "0300 304 7000", "0300 0303 300", "1800 247 247", "1800 80 48 48", "1300 22 4636",
    "1800 55 1800", "1300 659 467", "1300 78 99 78", "1-800-273-8255", "1-800-662-4357",
    "1-800-799-7233", "1-866-488-7386", "1-800-668-6868", "1-833-456-4566", "+91 98204 66726",
    "+91 99996 66555", "+91 91529 87821", "0477 13 11 14",
)  # fmt: skip
# Prefixes, in national form, that only services have: UK/NZ freephone and 03/084/087 numbers;
# Irish, Australian and Indian 1800/1300/1850/1890/1860; North American toll-free area codes.
SERVICE_PREFIXES = ("0800", "0808", "0500", "0508", "1800", "1300", "1850", "1890", "1860")
UK_SERVICE_PREFIXES = ("0300", "0303", "0330", "0333", "0343", "0344", "0345", "0370", "0371", "0843",
                       "0844", "0845", "0870", "0871", "0872")  # fmt: skip
TOLL_FREE_AREA_CODES = ("800", "888", "877", "866", "855", "844", "833")

UK_POSTCODE_AREAS = frozenset(
    _words("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS
LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR
SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE
""")
)

# --- Patterns (each runs only in a small window around a cheap anchor) --------------------------

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
STREET_TYPES = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|court|ct|crescent|place|pl|way|"
    r"boulevard|blvd|terrace|gardens|grove|square|sq|parkway|highway|hwy|walk|mews|row)"
)
# Street types that are ordinary words too ("a 10 minute drive", "2 very close friends"): after
# lower-case words, only the unambiguous ones make an address.
PLAIN_STREET_TYPES = {"street", "st", "road", "rd", "avenue", "ave", "lane", "ln", "crescent", "close",
                      "terrace", "gardens", "grove", "boulevard", "blvd", "mews"}  # fmt: skip
NAME_WORD = r"[^\W\d_][\w'’-]*"
CAPITALISED_WORD = r"[A-Z][\w'’-]*"

FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?P<y1>(?:19|20)?\d{{2}})|(?P<y2>(?:19|20)\d{{2}})-\d{{2}}-\d{{2}}|"
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\.?,?\s+(?P<y3>(?:19|20)\d{{2}})|"
    rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y4>(?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}\b", re.IGNORECASE)
MONTH_BEFORE = re.compile(rf"{MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+$", re.IGNORECASE)
BIRTH_CONTEXT = re.compile(r"\b(?:born|birth|d\.?o\.?b\b\.?|birthday)", re.IGNORECASE)
# A date of birth said as one, also with a short year or in words ("dob 3rd feb 09", "born on the
# fourth of March twenty eleven"): matched right after "born", "DOB" or "date of birth".
BIRTH_WORDS = ("born", "dob", "d.o.b", "date of birth")
ORDINAL_WORDS = (
    r"(?:(?:twenty|thirty)[\s-]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|"
    r"twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
YEAR_WORDS = (
    rf"(?:nineteen|twenty)[\s-]+(?:o|oh)[\s-]+{UNITS}|(?:nineteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|"
    rf"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    rf"ninety)(?:[\s-]+{UNITS})?)|two thousand(?:\s+and)?(?:[\s-]+(?:{UNITS}|ten|eleven|twelve|thirteen|fourteen|"
    rf"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-]+{UNITS})?))?"
)
DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{ORDINAL_WORDS})"
YEAR = rf"(?:['’]?\d{{2}}|(?:19|20)\d{{2}}|{YEAR_WORDS})"
BIRTH_DATE = re.compile(
    rf"(?:born|dob|d\.o\.b\.?|date of birth)(?:\s+(?:is|was|on|in)\b|\s*:)*\s*(?:the\s+)?"
    rf"(?P<date>{DAY}\s+(?:of\s+)?{MONTHS}\.?,?\s+{YEAR}|{MONTHS}\.?\s+(?:the\s+)?{DAY},?\s+{YEAR})(?![\w/])",
    re.IGNORECASE,
)
# A date that follows one of these is an event in someone's working life, not a birth.
EVENT_BEFORE = re.compile(
    r"\b(?:qualified|started|starting|start|since|joined|graduated|began|begun|finished|moved|"
    r"retired|registered|trained|training|shift|rota|meeting|appointment|session|deadline|"
    r"incident|admitted|discharged|referred|referral|hearing|court|inquest|conference|review|"
    r"panel|interview|exam|course|workshop|until|till|from|between|dated|letter|published|"
    r"married|anniversary|leave|holiday|effective|due|died|passed|lost|funeral|wedding|accident|"
    r"attempt|overdose|diagnosed|diagnosis)\b[^.!?\n]{0,25}$|\bon\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A full date from the last few years is almost always an event ("on 3 March 2024 I went to a
# workshop"); an older one, or one written next to "born"/"DOB", is treated as a date of birth.
RECENT_YEARS = 6
NAME_BEFORE_DATE = re.compile(
    rf"(?<![\w'’-])(?P<name>{CAPITALISED_WORD}(?:[ ]{CAPITALISED_WORD})+),?\s*\(?"
    r"(?:(?i:dob|d\.o\.b\.?|born)[:\s]*)?$"
)

# Phone-like digit runs: an optional +country code and (area code), then digit groups separated by
# one space, dot or hyphen, a slash ("030/5550134", "617/555-0163") or a line break where a phone
# wrapped the line. What is a phone is decided in _is_phone_number.
NUMBER = re.compile(
    r"(?<![\w@#£$€/:.+-])(?:\+\s?\d{1,3}[ .-]?)?(?:\(\+?\d{1,5}\)[ .-]?)?\d+(?:(?:[ .-]|-?\n|[ \t]?/[ \t]?)\d+){0,7}"
)
# Before a slash, an area code: a national one ("030/", "0171/") or a North American one ("617/").
AREA_CODE = re.compile(r"\s*(?:0\d{1,4}|[2-9]\d{2})\s*")
REFERENCE = re.compile(
    r"\b(?P<context>nhs|mrn|chi|urn|crn|hospital|hosp|record|case|ref(?:erence)?|file|patient|client|id|medicare|"
    r"medicaid|philhealth|ssn|pps|ppsn|inmate|prisoner|booking)\b"
    r"(?:\s+(?:no|num|number|ref|reference|id|doc)\b\.?|\s*#)?(?:\s+(?:is|was))?\s*[:#.]?\s*"
    r"(?P<ref>(?:[a-z]{1,4}[/-]?)?\d(?:[\d/-]|\s(?=\d))*\d(?:[/-][a-z\d]+)*)(?![\w/])",
    re.IGNORECASE,
)
DIGITS = re.compile(r"\d+")
# After a small number, a word that makes it a count or a duration, not part of anything identifying.
INERT = re.compile(
    r" (?:years?(?![- ]old)|yrs?(?![- ]old)|months?|weeks?|days?|hours?|hrs?|mins?|minutes?|seconds?|"
    r"nights?|shifts?|times?|people|clients|patients|sessions?|families|referrals?|beds?|staff|nurses|"
    r"miles?|km|percent|per|am|pm|of|to|and|or|in|at|on|more|out|mg|ml)\b"
)
REFERENCE_WORDS = ("nhs", "mrn", "chi", "urn", "crn", "hospital", "hosp", "record", "case", "ref", "file",
                   "patient", "client", "id", "medicare", "medicaid", "philhealth", "ssn", "pps", "inmate",
                   "prisoner", "booking")  # fmt: skip
# A number right after one of these is a service's, whatever its format ("MANI's helpline is ...").
HELPLINE_WORDS = ("helpline", "hotline", "lifeline", "crisis line", "text line", "support line", "freephone",
                  "samaritans")  # fmt: skip
RECORD_WORDS = ("mrn", "chi", "urn", "hospital", "hosp", "record")
CODE = re.compile(r"\b[A-Z]{1,4}[/-]\d{2,}(?:[/-][A-Z\d]*\d[A-Z\d]*)+\b")
NI = re.compile(r"\b(?:[A-CEGHJ-PR-TW-Z]{2}|QQ)\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")  # QQ: the example one
# A National Insurance number said to be one, in any case and with any letters ("ni number qq123456c").
NI_SAID = re.compile(
    r"(?i:\bni|\bnino|national insurance)(?i:\s+(?:no|number|num))?\.?(?i:\s+(?:is|was))?\s*:?\s*"
    r"(?P<ni>(?i:[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]))\b"
)
NI_ANCHORS = ("ni ", "nino", "national insurance")
# A British number plate ("YX19 KLM"): in capitals, or after a word for a vehicle ("the van ... mf68 ztu").
PLATE = re.compile(r"(?<![\w])[A-Za-z]{2}\d{2} ?[A-Za-z]{3}(?![\w])")
VEHICLE_BEFORE = re.compile(
    r"\b(?:reg|registration|plate|car|van|vehicle|motorbike|bike|lorry|taxi)\b", re.IGNORECASE
)
# Any country's plate said to be one ("plate 7HQR221", "Kennzeichen B-KL 4471", "reg KX-4471-B"):
# letters and digits, both, in one to three groups.
PLATE_WORDS = ("plate", "reg ", "reg:", "registration", "kennzeichen", "immatriculation", "rego")
SAID_PLATE = re.compile(
    r"(?i:plate|reg|registration|kennzeichen|immatriculation|rego)(?i:\s+(?:number|no|is|was|of))*\s*:?\s*"
    r"(?P<plate>(?=[A-Z\d -]*\d)(?=[A-Z\d -]*[A-Z])[A-Z\d]{1,8}(?:[- ][A-Z\d]{1,5}){0,2})(?![\w-])"
)
# An Irish plate: year, county, number ("191-D-23456", "12-LH-4471").
IRISH_PLATE = re.compile(r"(?<![\w-])\d{2,3}-[A-Z]{1,2}-\d{1,6}(?![\w-])")
# An Eircode in lower case ("t12 x5ry"): its last four characters mix letters and digits.
EIRCODE = re.compile(
    r"(?<![\w])(?:[ac-fhknprtv-y]\d{2}|d6w) ?(?=[a-z]{0,3}\d)(?=\d{0,3}[a-z])[\dac-fhknprtv-y]{4}(?![\w])"
)
UK_POSTCODE = re.compile(r"(?<![\w-])(?P<out>[A-Za-z]{1,2}\d[A-Za-z\d]?)\s?(?P<in>\d[A-Za-z]{2})(?![\w-])")
OTHER_POSTCODE = re.compile(
    r"\b(?:(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?(?=[0-9A-Z]{0,3}[A-Z])[0-9AC-FHKNPRTV-Y]{4}"  # Irish Eircode
    r"|[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d"  # Canadian
    r"|(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4})\b"  # Australian state and postcode
)
ZIP_STATE = re.compile(
    r"\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    r"NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC),?\s+\d{5}(?:-\d{4})?\b"
)
STREET = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?P<words>(?:{NAME_WORD}\s+){{1,3}}?)(?P<type>(?i:{STREET_TYPES}))\b\.?"
)
# Just before a house number: where someone lives ("lives at 14 ...", "address is 3 ...").
AT_HOME = re.compile(
    r"\b(?:lives?|living|lived|staying|stays|moved|address(?:\s+is)?|house\s+is|flat\s+is)\s+(?:at|on|to|in)?\s*"
    r"(?:number\s+|no\.?\s+)?$",
    re.IGNORECASE,
)
PLACE = rf"(?:(?:who\s+)?(?:lives|living|lived)\s+)?(?:from|in|on|of|at|near|off)\s+(?:the\s+)?{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD}){{0,2}}(?:\s+(?:estate|area))?"
NAME_THEN_AGE = re.compile(
    rf"(?P<name>{CAPITALISED_WORD}(?:\s{CAPITALISED_WORD})?)(?P<sep>\s*,\s*|\s*\(\s*|\s+)(?:aged?\s+)?"
    rf"(?P<age>\d{{1,2}})(?![\d:.,/-]\d)(?P<after>\s*\)|\s*,|\s*(?:yo|y/o|(?:years?|yrs?)\s+old)\b,?|)"
    rf"(?P<place>\s*{PLACE})?"
)
AGE_THEN_NAME = re.compile(
    rf"\b(?P<age>\d{{1,2}})[- ]?(?:year|yr)s?[- ]?old\s+(?:(?:girl|boy|lad|lass|son|daughter|client|"
    rf"patient|kid|child|teenager)\s+)?(?:(?:called|named)\s+)?(?P<name>{CAPITALISED_WORD})(?P<place>\s+{PLACE})?"
)
SELF_INTRODUCTION = re.compile(r"(?:\bI'?m|\bI am|\bme|name'?s|name is|call me)[,:]?\s*$", re.IGNORECASE)
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen"
)
# one of these is in every CHILD_AGE match
AGE_WORDS = ("year", "yr", "age", "yo", "y/o", "he's", "he’s", "he is", "grade")
# "9 year old", "aged 9", "9yo", "a year 4 pupil", "she's 9" (not "she's 9 weeks gone", "she's one
# of"), a school year ("in Year 4", "in grade 3", "a 3rd grader"; not "in year 2 of my training").
CHILD_AGE = re.compile(
    rf"\b(?:(?P<a>\d{{1,2}}|{NUMBER_WORDS})[- ]?(?:year|yr)s?[- ]?old|(?:aged|age)\s+(?P<b>\d{{1,2}})|"
    rf"(?P<c>\d{{1,2}})\s?(?:yo|y/o)|year\s+(?P<d>\d{{1,2}})\s+(?:pupil|student|girl|boy|child|kid)|"
    rf"(?:he|she)(?:'s|’s|\s+is)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|barely\s+)?"
    rf"(?P<e>\d{{1,2}}|{NUMBER_WORDS.removeprefix('one|')})(?![\w'’%:/.,-]?\d|\s*(?:weeks?|months?|days?|hours?|"
    rf"minutes?|mins?|%|percent|stone|st|kg|lbs?|pounds|ft|feet|foot|cm|inches|o'clock|am|pm|th|out of|of|times)\b)|"
    rf"in\s+(?:year|yr|grade)\s+(?P<f>\d{{1,2}})(?!\s+of\b)|(?P<g>\d{{1,2}})(?:st|nd|rd|th)\s+grade)\b",
    re.IGNORECASE,
)
NAMED_PLACE = re.compile(
    rf"(?P<place>(?:(?:St\.?|Saint)\s+)?(?:{CAPITALISED_WORD}\s+){{1,3}}"
    r"(?:Primary|Secondary|Academy|School|College|Infants|Juniors|Nursery|Grammar|Ward|Unit|Estate|estate)"
    r"|Ward\s+\d{1,2}[A-Z]?)\b"
)
GENERIC_PLACE_WORDS = frozenset(
    _words("""
the a an at in on from to for of and my her his their our your this that same new old children's
childrens child paediatric pediatric adolescent adolescents acute general medical surgical
psychiatric mental health special local primary secondary high boarding private state catholic
church independent village baby neonatal maternity isolation assessment inpatient day night tier
intensive care secure eating disorder disorders mother mothers sixth form further education
grammar comprehensive residential short stay respite emergency council school college nursery
infant infants junior juniors unit ward estate housing big small main whole entire older younger
royal summer sunday forest very
""")
)
HOME_STREET = re.compile(
    r"\b(?i:lives|living|lived|live|moved|moving|staying|stays|stay|address(?:\s+is)?|house|flat|home)\s+"
    r"(?:(?i:on|in|at|to|is|near|off)\s+)?(?:the\s+)?"
    rf"(?P<street>(?:{CAPITALISED_WORD}\s+){{1,3}}(?:Street|Road|Avenue|Lane|Close|Crescent|Drive|"
    r"Terrace|Gardens|Grove|Way|Place|Court|Square|Walk|Mews|Row))\b"
)

HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
SOCIAL_SITES = (
    "instagram insta ig twitter tiktok snapchat snap facebook fb threads youtube linkedin telegram discord "
    "reddit tumblr bluesky bsky mastodon kik twitch pinterest sc tweet tweets tweeting tweeted roblox xbox psn steam"
)
SOCIAL_MEDIA = re.compile(rf"\b(?:{'|'.join(SOCIAL_SITES.split())})\b", re.IGNORECASE)
# A handle named as one without its "@" ("her insta is jade.x99", "snap: lilbee22"): only a name
# with a digit, a dot or an underscore in it, so that "my insta is private" stays a sentence.
NAMED_HANDLE = re.compile(
    rf"(?i:{'|'.join(SOCIAL_SITES.split())})(?i:\s+(?:handle|name|username|user|id|account))?"
    r"(?i:\s+is|\s*:|\s+-|,)\s+"
    r"(?P<handle>(?=[\w.]*[A-Za-z])(?=[\w.]*[\d_.])[A-Za-z0-9_][A-Za-z0-9_.]{1,28}[A-Za-z0-9_])(?![\w@])"
)
SOCIAL_PROFILE = re.compile(
    r"\b(?:facebook|instagram|tiktok|twitter|x|linkedin|snapchat)\.com/(?!groups|pages|share|watch|help)"
    r"[\w@-]+(?:\.[\w-]+)*",
    re.IGNORECASE,
)
REDDIT_USER = re.compile(r"(?<![\w/])u/[A-Za-z0-9_-]{3,20}")
CASH_TAG = re.compile(r"(?<![\w$])\$[A-Za-z][A-Za-z0-9_]{2,19}\b")
CASH_APPS = ("cash app", "cashapp", "cashtag", "cash tag", "venmo")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DOT = r"(?:\.|\s+dot\s+|\s*[\[(]dot[\])]\s*)"
SPELLED_EMAIL = re.compile(
    rf"(?<![\w.@])(?P<local>[\w+-]+(?:{DOT}[\w+-]+){{0,4}})(?:\s+at\s+|\s*[\[(]at?[\])]\s*)"
    rf"[\w-]+(?:{DOT}[\w-]+){{0,3}}{DOT}(?:com|org|net|co|uk|ie|au|nz|ca|gov|nhs|edu|ac|io|me|info|in|ng|za|us)\b",
    re.IGNORECASE,
)

INITIAL_WITH_APOSTROPHE = re.compile(r"[A-Z]['’][A-Z]")
TITLED = re.compile(
    rf"\b(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Madam|mr|mrs|dr)(?:\.\s*|\s+)"
    rf"(?P<name>[A-Z](?![\w'’])\.?|{NAME_WORD}(?:\s+{CAPITALISED_WORD})?)"
)
# "my (young) client Sarah", "a patient called Tom Baker", "my client jodie": matched from the
# noun, with the determiner checked in the few words before it; a name is on the noun's line
# ("TW: suicide of a client\n\nOne of my clients..." names nobody).
CLIENT_THEN_NAME = re.compile(
    r"(?P<noun>client|patient|pt|service[ -]user|resident|pupil|student)s?"
    r"(?:,[ \t]*|[ \t]+|[ \t]*\([ \t]*)(?:(?P<called>called|named|whose name is|known as)\s+)?"
    rf"(?P<title>(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+)?(?P<first>{NAME_WORD})(?:[ \t]+(?P<second>{NAME_WORD}))?",
    re.IGNORECASE,
)
DETERMINERS = {"my", "our", "a", "the", "this", "that", "one", "his", "her", "their", "another"}
CALLED_NAME = re.compile(
    rf"(?i:called|named|name\s+is|name's|name\s+was)\s+(?P<name>{CAPITALISED_WORD}(?:\s+{CAPITALISED_WORD})?)"
)
PEOPLE = frozenset(
    _words("""
girl boy lad lass woman man lady bloke guy kid child teenager teen baby toddler mum mother dad father
person someone family carer year-old yo client patient resident pupil student
""")
)
RELATION = re.compile(r"(?i:" + "|".join(sorted(RELATIONS, key=len, reverse=True)) + r")\b")
FULL_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?P<name>{CAPITALISED_WORD}[ ]{CAPITALISED_WORD})$")

# A full name said to be someone in a role ("Femke de Vries-Bakker is the mum", "Joost van der
# Merwe, the dad, came in", "the case manager who answers is Lorraine Kowalczyk"): a real person
# the members of a local forum could know. Particles may stand between the names.
ROLE_WORDS = (
    "mum", "mother", "mam", "mom", "dad", "father", "stepdad", "stepmum", "grandad", "grandma", "nan", "carer",
    "foster carer", "interpreter", "social worker", "case manager", "caseworker", "case worker",
    "outreach nurse", "key worker", "support worker", "probation officer", "teacher", "headteacher",
    "head teacher", "duty senior", "manager", "consultant", "psychiatrist", "solicitor", "midwife", "priest",
    "chaplain", "boyfriend", "girlfriend", "partner", "husband", "wife", "neighbour", "landlord",
)  # fmt: skip
PARTICLES = (
    r"(?:van|von|de|der|den|du|da|di|la|le|bin|binti|al|el|ter|ten|del|della|dos|das|mac|ní|ni|nic|ó|o)"
)
FULL_NAME_WORDS = rf"[A-Z][\w'’-]+(?: {PARTICLES}){{0,3}} [A-Z][\w'’-]+"
ROLES = "|".join(sorted(ROLE_WORDS, key=len, reverse=True))
NAME_IN_A_ROLE = re.compile(
    rf"(?<![\w'’-])(?P<name>{FULL_NAME_WORDS})(?:,? (?:is|was) (?:the|his|her|their|our|my) (?:\w+ )?(?:{ROLES})\b|"
    rf", (?:the|his|her|their) (?:\w+ )?(?:{ROLES}),)"
    rf"|\b(?:the|his|her|their|our|my) (?:\w+ )?(?:{ROLES})\b[^.!?\n]{{0,40}}? (?:is|was) (?P<after>{FULL_NAME_WORDS})"
)

# A full name as someone the writer sees in their work: "a hard session with Tomasz Nowak",
# "discharged Aoife Byrne on Friday". Only clinical contact: "saw", "visited" and "a call with" are
# as often a singer, a park or a programme.
CONTACT_WORDS = (
    "session with", "appointment with", "assessment with", "review with", "consultation with", "home visit",
    "assessed ", "assessing ", "admitted ", "discharged ", "discharging ",
)  # fmt: skip
NAME_IN_CONTACT = re.compile(
    r"\b(?i:(?:session|appointment|assessment|review|consultation) with|home visit (?:with|to)|assessed|assessing|"
    rf"admitted|discharged|discharging) (?P<name>{FULL_NAME_WORDS})(?![\w'’-])(?<!['’]s)"
)
NOT_A_PERSON_AFTER = re.compile(
    rf"\b(?i:{STREET_TYPES}|park|hospital|clinic|centre|center|health|house|trust|surgery)$"
)

# A job only one person has at a named workplace ("the only male midwife at St Brigid's", "our one
# paediatric dietitian at Whangārei Hospital"): whoever knows the place knows the person.
JOB_WORDS = (
    "nurse", "midwife", "doctor", "gp", "consultant", "registrar", "surgeon", "anaesthetist", "chaplain", "priest",
    "imam", "rabbi", "interpreter", "translator", "dietitian", "dietician", "therapist", "psychologist",
    "psychiatrist", "social worker", "paramedic", "pharmacist", "physio", "physiotherapist", "ot", "teacher",
    "senco", "counsellor", "counselor", "health visitor", "radiographer", "sonographer", "podiatrist", "dentist",
    "optometrist", "porter", "receptionist", "secretary", "matron", "hca", "healthcare assistant", "support worker",
    "youth worker", "caseworker", "case worker", "probation officer", "police officer", "officer", "lawyer",
    "solicitor", "coroner", "pathologist", "doula", "phlebotomist", "practitioner", "clinician", "volunteer",
    "coordinator", "specialist", "worker", "medic", "manager", "lead", "psychotherapist", "advocate",
)  # fmt: skip
UNIQUE_JOB_AT_A_PLACE = re.compile(
    rf"(?i:\b(?:the|our|their|my|his|her) (?:only|one|sole)|\bthe single)(?: [\w'’-]+){{0,3}}? "
    rf"(?i:{'|'.join(sorted(JOB_WORDS, key=len, reverse=True))})s? (?i:at|on|for) (?:the )?"
    rf"{CAPITALISED_WORD}(?: (?:{CAPITALISED_WORD}|of|on|upon))*"
)
UNIQUE_ANCHORS = (" only ", " one ", " sole ", " single ")
# A full name given as someone's account ("fb: Margaret Doherty", "her insta is Chloe Barrett").
NAMED_PROFILE = re.compile(
    rf"(?i:{'|'.join(SOCIAL_SITES.split())})(?i:\s+(?:handle|name|username|user|account|page))?"
    rf"(?i:\s+is|\s*:|\s+-|,)\s+(?P<name>{CAPITALISED_WORD} {CAPITALISED_WORD})"
)

# A full name with a particle between the first name and the surname ("Giulia di Stefano", "Yusuf
# al-Hakim", "Saoirse Ní Fhlatharta"): a shape everyday words seldom take. Not a place ("Rio de
# Janeiro", "Tour de France") or a public figure ("Guillermo del Toro").
SPACED_PARTICLES = (
    "van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "dos", "das", "le", "la", "bin", "binti",
    "ibn", "ter", "ten", "ní", "nic", "mac", "ó", "ua",
)  # fmt: skip
JOINED_PARTICLES = ("al", "el", "ul", "ben", "abu", "bin")  # "al-Hakim"
PARTICLE_NAME = re.compile(
    rf"(?<![\w'’-])(?P<first>[A-Z][\w'’]+) (?:(?:(?i:{'|'.join(SPACED_PARTICLES)}) ){{1,3}}[A-Z][\w'’-]+|"
    rf"(?i:{'|'.join(JOINED_PARTICLES)})-[A-Z][\w'’-]+)"
)
PARTICLE_ANCHORS = tuple(f" {word} " for word in SPACED_PARTICLES) + tuple(
    f" {word}-" for word in JOINED_PARTICLES
)
# First words of places, events and titles that take a particle.
NOT_FIRST_NAMES = frozenset(
    _words("""
rio costa puerto porto santiago san santa tour isla isle pas cabo bois notre mont monte port cape fort villa
casa château chateau hotel hôtel rue via plaza playa buenos los las lago lac côte cote champs place palais
musée museo grand gran ponte porta ciudad sierra isola val vila quinta cap baie saint st sainte terra tierra
cala marina real club estadio stade parc parque park bay lake mount ile île avenida calle carrer camino
eid portage cagayan
""")
)
# Surnames with a particle that belong to public figures and characters.
FAMOUS_SURNAMES = frozenset(
    _words("""
vinci gogh beethoven niro toro gaulle kolk leyen beauvoir dyke halen rey gama medici bergerac sade
montaigne tocqueville goethe gea bruyne ligt jong sousa jesus assad qaeda sisi
""")
)
# A name in capitals as records write it: surname first ("BRENNAN, Aoife"), or after a label
# ("PATIENT: GARETH PRITCHARD-JONES", "Name: MAREK NOWAKOWSKI").
SURNAME_FIRST = re.compile(r"(?<![\w'’-])(?P<name>[A-Z][A-Z'’-]{3,}, [A-Z][a-z][\w'’-]*)")  # not "ICU, Leeds"
LABELLED_CAPS_NAME = re.compile(
    r"(?<![\w'’-])(?i:patient|name|client|pt|resident|service user|child|attn|for)\s*:\s*"
    r"(?P<name>[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){1,2})(?![\w'’-])"
)
CAPITALS_RUN = re.compile(r"[A-Z]{3}")
# Services, teams and bodies that members write in capitals ("CAMHS, Leeds"): not surnames.
ACRONYMS = frozenset(
    _words("""
camhs amhp iapt cmht picu nicu scbu hdu icu itu ooh dsl senco send ehcp mash lado cpn rmn rgn anp acp slt
mdt dols mha eip crht htt nihr bma rcn unison nhse ccg icb pcn emis rio epr cqc nmc hcpc gmc sssc niscc
bacp ukcp bps nhs hse nhsggc eap ptsd cptsd cbt dbt emdr act sts
""")
)

PSEUDONYM = re.compile(
    rf"(?i:call(?:ing)?\s+(?:him|her|them)|known\s+(?:here\s+)?as)\s+['\"‘“]?(?P<called>{NAME_WORD})"
    rf"|(?P<marked>{CAPITALISED_WORD})['\"’”]?\s*\((?i:not\s+(?:his|her|their|the|a|my)\s+real\s+name|"
    r"name\s+changed|made[- ]up(?:\s+name)?|pseudonym|not\s+(?:a\s+)?real\s+name)"
    rf"|(?P<stated>{CAPITALISED_WORD})\s+(?i:is\s+not|isn't|is)\s+(?i:not\s+)?(?i:his|her|their)\s+real\s+name"
)
ALL_NAMES_CHANGED = re.compile(
    r"\b(?:names?|details)\s+(?:have\s+been\s+|has\s+been\s+|are\s+|were\s+|all\s+)?"
    r"(?:changed|altered|made[- ]up|invented|fictional)|not\s+(?:their|the)\s+real\s+names|pseudonyms\b",
    re.IGNORECASE,
)
SIGN_OFF = re.compile(
    r"(?:^|[\n.!?])[ \t]*(?:(?:many\s+)?thanks(?:\s+(?:all|everyone|again|for\s+\w+(?:\s+\w+){0,3}))?|"
    r"thank\s+you(?:\s+all)?|cheers|best(?:\s+wishes)?|(?:kind\s+|warm\s+|warmest\s+)?regards|warmly|"
    r"(?:sending\s+|much\s+|with\s+)?love(?:\s+to\s+all)?|(?:sending\s+)?hugs|take\s+care|all\s+the\s+best|"
    r"speak\s+soon|stay\s+safe|x+|in\s+solidarity)[ \t]*[!.]*[ \t]*(?:,|\n|[-—–~])\s*(?:[-—–~]\s*)?"
    r"(?P<name>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s)?[^\s,!?]+(?:[ \t][^\s,!?]+){0,2}?)[\s.!x]*$"
    r"|\n\s*[-—–~]+\s*(?P<dashed>[^\n]{1,40}?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str

    def __str__(self):
        return f"{self.kind} (“{self.text}”)"


def find_identifying_details(text: str, *, today: date | None = None) -> list[Finding]:
    """Details in TEXT that look like they could identify someone; empty when none.

    Each Finding names the kind of detail in plain words and carries the exact text found, in the
    order they appear. TODAY (default: today) dates the "is this date recent" check for births.
    """
    today = today or date.today()
    text = unmask(text)
    lowered = text.lower()
    titles, places, streets = [], [], []
    for match in CAPITALISED_ANCHORS.finditer(text):  # no \b in the pattern: it would be 10x slower
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "_"):
            continue
        word = match.group(0)
        (titles if word in TITLE_WORDS else places if word in PLACE_WORDS else streets).append(match.start())
    spaced = " " + lowered
    for title in LOWER_CASE_TITLES:  # "mr jones", "dr k", but not "drive" or "mrsa"
        for p in _occurrences(spaced, title):
            if lowered[p + 2 : p + 3] in (" ", ".") or lowered[p + 2 : p + 4] in ("s ", "s."):
                titles.append(p)
    found: list[tuple[int, int, str]] = []
    _find_numbers(text, lowered, today, found)
    if "@" in text:
        _find_email_addresses(text, found)
    spelled = [match.start() for match in WEB_DOMAIN.finditer(lowered)]
    spelled += [
        p
        for anchor in SPELLED_EMAIL_ANCHORS
        if anchor[0] == " " or anchor[0] in text
        for p in _occurrences(lowered, anchor)
    ]
    if spelled:
        _find_spelled_email_addresses(text, spelled, found)
    # a handle named as one without its "@" or a full name given as an account, a date said to be
    # a birth, an NI number or a plate said to be one
    _find_after_words(text, lowered, SOCIAL_SITES.split(), SAID_ON_SOCIAL_MEDIA, found)
    _find_after_words(text, lowered, BIRTH_WORDS, ((BIRTH_DATE, "date", DATE_OF_BIRTH, None),), found)
    _find_after_words(text, lowered, NI_ANCHORS, ((NI_SAID, "ni", NI_NUMBER, None),), found)
    _find_after_words(text, lowered, PLATE_WORDS, ((SAID_PLATE, "plate", VEHICLE, None),), found)
    _find_titled_names(text, titles, found)
    _find_named_clients(text, [p for anchor in CLIENT_ANCHORS for p in _occurrences(lowered, anchor)], found)
    _find_called_names(text, [p for anchor in CALLED_ANCHORS for p in _occurrences(lowered, anchor)], found)
    _find_full_names(text, found)
    _find_names_in_a_role(text, lowered, found)
    _find_names_in_contact(text, lowered, found)
    _find_unique_jobs(text, lowered, found)
    _find_names_with_a_particle(text, lowered, found)
    if CAPITALS_RUN.search(text):
        _find_names_in_capitals(text, found)
    _find_places_with_a_child(text, lowered, places + list(_occurrences(text, " estate")), found)
    _find_home_streets(text, streets, found)
    if "u/" in text:
        _find_reddit_users(text, found)
    if "$" in text and any(word in lowered for word in CASH_APPS):
        _find_cash_tags(text, found)
    return _keep_what_identifies(text, lowered, found)


# --- Finders ------------------------------------------------------------------------------------


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    position = haystack.find(needle)
    while position != -1:
        yield position
        position = haystack.find(needle, position + 1)


def _windows(positions: list[int], before: int, after: int, length: int) -> list[tuple[int, int]]:
    """Merge the stretches [position - BEFORE, position + AFTER] into as few windows as possible."""
    windows: list[list[int]] = []
    for position in sorted(positions):
        start, end = max(0, position - before), min(length, position + after)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _digit_runs(text: str) -> list[tuple[int, int]]:
    """Where each run of digits starts and ends, found with str.find (fast) unless there are many."""
    positions: list[int] = []
    for digit in "0123456789":
        positions.extend(_occurrences(text, digit))
        if len(positions) > 2000:  # a table of figures
            return [match.span() for match in DIGITS.finditer(text)]
    runs: list[list[int]] = []
    for position in sorted(positions):
        if runs and runs[-1][1] == position:
            runs[-1][1] = position + 1
        else:
            runs.append([position, position + 1])
    return [(start, end) for start, end in runs]


def _find_numbers(text: str, lowered: str, today: date, found: list) -> None:
    """Phone, reference and record numbers, dates of birth, addresses, postcodes and ages: all of
    them hold a digit, so each run of digits is looked at, with the pattern its surroundings call
    for matched right there rather than searched for."""
    length = len(text)
    runs = _digit_runs(text)
    number_until = date_until = 0  # a number or date already matched covers the runs inside it
    for index, (start, end) in enumerate(runs):
        digits = end - start
        if (
            digits <= 3
            and text[start - 1 : start] == " "
            and text[start - 2 : start - 1].islower()
            and INERT.match(text, end)
        ):
            continue  # "for 11 years", "saw 25 clients": the commonest case, settled cheaply
        before = text[max(0, start - 3) : start]
        after = text[end : end + 12]
        if start >= number_until and _has_four_digits(text, runs, index):
            number_until = _find_number_at(text, lowered, start, end, found)
        # Cheap looks at the next and previous characters decide which patterns are worth a try.
        if start >= date_until and (
            (after[:1] in ("/", ".", "-") and after[1:2].isdigit())
            or (after[:1] in (" ", "s", "n", "r", "t") and MONTH_AFTER.match(text, end))
            or (
                digits == 4
                and text[start - 2 : start - 1] in (",", *"0123456789")
                and MONTH_BEFORE.search(text, max(0, start - 16), start)
            )
        ):
            for match in FULL_DATE.finditer(text, max(0, start - 16), min(length, end + 24)):
                date_until = max(date_until, match.end())
                kind = _date_kind(text, match, today)
                if kind:
                    _add(found, match.start(), match.end(), kind)
                    named = NAME_BEFORE_DATE.search(text, max(0, match.start() - 50), match.start())
                    if named and _is_full_name(named.group("name")):
                        _add(found, named.start("name"), named.end("name"), FULL_NAME)
        if before[-1:].isalpha():  # "M14 5RT", "D02 X285", "K1A 0B1"
            for offset in (1, 2):
                match = UK_POSTCODE.match(text, max(0, start - offset))
                if match and _is_uk_postcode(match.group("out"), match.group("in")):
                    _add(found, match.start(), match.end(), POSTCODE)
                match = OTHER_POSTCODE.match(text, max(0, start - offset)) or EIRCODE.match(
                    text, max(0, start - offset)
                )
                if match:
                    _add(found, match.start(), match.end(), POSTCODE)
            plate = PLATE.match(text, max(0, start - 2)) if digits == 2 else None
            if plate and (plate.group(0).isupper() or VEHICLE_BEFORE.search(text, max(0, start - 60), start)):
                _add(found, plate.start(), plate.end(), VEHICLE)
        elif before[-1:] == " " and before[-3:-1].isupper():  # "CA 90210", "NSW 2000", "QQ 12..."
            window = (max(0, start - 5), min(length, end + 16))
            for pattern, kind in ((ZIP_STATE, ZIP_CODE), (OTHER_POSTCODE, POSTCODE), (NI, NI_NUMBER)):
                for match in pattern.finditer(text, *window):
                    _add(found, match.start(), match.end(), kind)
        if digits <= 5 and (after[:1].isalpha() or after[:3].lstrip(" ,")[:1].isalpha()):
            match = STREET.match(text, start)
            at_home = bool(AT_HOME.search(text, max(0, start - 30), start))
            if match and _is_street(match.group("words").split(), match.group("type"), at_home):
                _add(found, match.start(), match.end(), STREET_ADDRESS)
        if after[:1] == "-" and after[1:2].isupper() and (match := IRISH_PLATE.match(text, start)):
            _add(found, match.start(), match.end(), VEHICLE)
        if digits <= 2:
            _find_age_at(text, lowered, start, end, found)


def _has_four_digits(text: str, runs: list[tuple[int, int]], index: int) -> bool:
    """Whether the number starting at runs[INDEX] has the four digits that any phone, case or
    record number has: "0800 58 58 58" does, "2-3 months" does not."""
    start, end = runs[index]
    count, index = end - start, index + 1
    while count < 4 and index < len(runs):
        next_start, next_end = runs[index]
        if next_start - end > 2 or text[end:next_start].strip(" .-/()+"):
            break
        count, end, index = count + next_end - next_start, next_end, index + 1
    return count >= 4


def _find_number_at(text: str, lowered: str, start: int, end: int, found: list) -> int:
    """A phone, case, NHS or record number starting at the digits START:END; returns where the
    number ends (or START when there is none)."""
    context = lowered[max(0, start - 26) : start]
    if any(word in context for word in REFERENCE_WORDS):
        for match in REFERENCE.finditer(text, max(0, start - 26), min(len(text), end + 40)):
            reference = match.group("ref")
            groups = re.findall(r"\d+", reference)
            if not match.start("ref") <= start < match.end("ref"):
                continue
            if _previous_word(text, match.start()) in ("job", "vacancy", "post", "advert"):
                return match.end("ref")  # a job's reference identifies no one
            if (
                sum(map(len, groups)) >= 4
                and not all(_is_year(group) for group in groups)
                and not FULL_DATE.fullmatch(reference)
            ):
                word = match.group("context").lower()
                kind = (
                    NHS_NUMBER
                    if word == "nhs"
                    else RECORD_NUMBER
                    if word in RECORD_WORDS
                    else REFERENCE_NUMBER
                )
                _add(found, match.start("ref"), match.end("ref"), kind)
                return match.end("ref")
    if text[start - 1 : start] in ("/", "-") and text[start - 2 : start - 1].isalpha():
        match = CODE.search(text, max(0, start - 6), min(len(text), end + 24))
        if match and sum(c.isdigit() for c in match.group(0)) >= 4:
            _add(found, match.start(), match.end(), REFERENCE_NUMBER)
            return match.end()
    begin = start
    if text[start - 1 : start] in ("(", "+"):
        begin = start - 1
    elif text[start - 2 : start] == "+ ":
        begin = start - 2
    match = NUMBER.match(text, begin)
    if not match:
        return start
    if _is_phone_number(match.group(0)) and not any(word in context for word in HELPLINE_WORDS):
        _add(found, match.start(), match.end(), PHONE)
    return match.end()


def _find_age_at(text: str, lowered: str, start: int, end: int, found: list) -> None:
    """ "Jade, 15, from the Meadowbank estate", "Kayleigh (14)", "a 15-year-old called Jade"."""
    before = text[max(0, start - 6) : start].rstrip()
    after = lowered[end : end + 12]
    if (
        before.endswith((",", "("))
        or before.lower().endswith(("aged", " age"))
        or after.startswith((" from ", " in ", " on ", " of ", " at ", " near ", " who ", " lives "))
    ):
        for match in NAME_THEN_AGE.finditer(text, max(0, start - 40), min(len(text), end + 60)):
            if match.start("age") == start:
                _add_name_with_age(text, match, found)
    if after.startswith(("-year", " year", "-yr", " yr", "yo", " yo", "y/o")):
        match = AGE_THEN_NAME.match(text, start)
        if match and _looks_like_name(match.group("name")):
            kind = NAME_AGE_PLACE if match.group("place") else NAME_WITH_AGE
            _add(found, match.start(), match.end(), kind)


def _find_email_addresses(text: str, found: list) -> None:
    """Email addresses, and social media handles named as such ("her insta is @jade.x"); a bare
    "@name" is a mention of another member here."""
    for start, end in _windows(list(_occurrences(text, "@")), 64, 64, len(text)):
        for match in EMAIL_ADDRESS.finditer(text, start, end):
            if "@" in match.group(0) and not _is_service_domain(match.group(0).rsplit("@", 1)[1]):
                _add(found, match.start(), match.end(), EMAIL)
        for match in HANDLE.finditer(text, start, end):
            if SOCIAL_MEDIA.search(text, max(0, match.start() - 40), min(len(text), match.end() + 20)):
                _add(found, match.start(), match.end(), SOCIAL_HANDLE)


def _find_spelled_email_addresses(text: str, positions: list[int], found: list) -> None:
    """Email addresses written out, and links to someone's social media profile."""
    for start, end in _windows(positions, 60, 40, len(text)):
        for match in SPELLED_EMAIL.finditer(text, start, end):
            if match.group("local").lower() not in COMMON_WORDS:
                _add(found, match.start(), match.end(), EMAIL)
        for match in SOCIAL_PROFILE.finditer(text, start, end):
            _add(found, match.start(), match.end(), SOCIAL_HANDLE)


def _find_after_words(text: str, lowered: str, words: Iterable[str], finds: tuple, found: list) -> None:
    """Each of FINDS, (pattern, group, kind, keep), matched where one of WORDS starts a word ("my
    snapchat is lilbee22", "dob 3rd feb 09", "ni number qq123456c", but not "reborn" or "mini"):
    its GROUP is a detail of KIND (if KEEP, given the GROUP's text, says so)."""
    for position in (p for word in words for p in _occurrences(lowered, word)):
        if position and text[position - 1].isalnum():
            continue
        for pattern, group, kind, keep in finds:
            if (match := pattern.match(text, position)) and (keep is None or keep(match.group(group))):
                _add(found, match.start(group), match.end(group), kind)


def _find_titled_names(text: str, positions: list[int], found: list) -> None:
    for position in positions:  # "Mr and Mrs Okoye": each title is tried where it stands
        match = TITLED.match(text, position)
        if not match:
            continue
        title = match.group("title")
        words = match.group("name").split()
        first = _without_possessive(words[0]).rstrip(".")
        named = f"{title.lower()} {first.lower()}"
        if named in FAMOUS_TITLED or f"{named} {' '.join(words[1:2]).lower()}" in FAMOUS_TITLED:
            continue
        if len(first) == 1 or INITIAL_WITH_APOSTROPHE.fullmatch(first):  # "Dr. P", "Mrs O.", "Mr O'D"
            if not first.isupper() or first in ("I", "A"):
                continue
        elif first[0].isupper():
            if not _looks_like_name(first):
                continue
        elif title.lower() not in ("mr", "mrs") or not first.isalpha() or first in COMMON_WORDS:
            continue
        previous = _previous_word(text, match.start())
        if title == "Miss" and (previous in COMMON_WORDS or previous == "i"):
            continue  # "I really Miss Sarah"
        if title.lower() == "dr" and previous in ("the", "a", "my", "your", "his", "her"):
            continue  # "saw the Dr. She said..."
        name = words[0]
        if len(words) == 2 and _looks_like_name(_without_possessive(words[1])):
            name = f"{words[0]} {words[1]}"
        end_of_name = text.index(name.split()[-1], match.start("name")) + len(name.split()[-1])
        end_of_name -= len(name.split()[-1]) - len(_without_possessive(name.split()[-1]))
        _add(found, match.start(), end_of_name, TITLED_NAME)


def _find_named_clients(text: str, positions: list[int], found: list) -> None:
    for position in positions:
        if position and text[position - 1].isalnum():
            continue  # "outpatient"
        before = text[max(0, position - 40) : position]
        words = before.split()[-3:]
        determiner = next((w for w in reversed(words) if w.lower() in DETERMINERS), None)
        if determiner is None:
            continue
        match = CLIENT_THEN_NAME.match(text, position)
        if match:
            start = max(0, position - 40) + before.rindex(determiner)
            _add_named_client(text, match, determiner.lower(), start, found)


def _add_named_client(text: str, match: re.Match, determiner: str, start: int, found: list) -> None:
    noun, called = match.group("noun"), match.group("called")
    first, second = match.group("first"), match.group("second")
    if noun[0].isupper() and not called:
        return  # "the Patient Safety team", "a Service User Involvement group"
    after_first = text[match.end("first") : match.end("first") + 1]
    following = _next_word(text, match.end("first"))
    if first[0].isupper():
        if not _looks_like_name(first) or (following.lower() in ORGANISATION_WORDS | {"and", "&"}):
            return  # "the patient Advice and Liaison Service"
    elif match.group("title"):
        if not _looks_like_lower_case_name(first, ""):
            return
    else:
        lower_case_allowed = called or (
            determiner in ("my", "our")
            and noun.lower() in ("client", "patient", "pt", "service user", "service-user")
            and text[match.end("noun") : match.end("noun") + 1] != "s"  # "my clients teach me"
        )
        if not lower_case_allowed or not _looks_like_lower_case_name(first, following, after_first):
            return
        second = None
    end = match.start("first") + len(_without_possessive(first))
    if second and first == _without_possessive(first) and _looks_like_name(second):
        end = match.start("second") + len(_without_possessive(second))
    _add(found, start, end, NAMED_CLIENT)


def _find_called_names(text: str, positions: list[int], found: list) -> None:
    """ "a girl called Jade", "a 15-year-old named Tom Baker"."""
    for position in positions:
        match = CALLED_NAME.match(text, position)
        before = text[max(0, position - 30) : position].split()
        if not match or not before:
            continue
        owner = before[-1].lower().strip(",")
        if text[position : position + 5].lower() in (
            "name ",
            "name'",
        ):  # "her name is Jade", not "my name is"
            if owner not in ("his", "her", "their") and not owner.endswith(("'s", "’s")):
                continue
        elif owner not in PEOPLE:
            continue
        words = match.group("name").split()
        if _looks_like_name(words[0]):
            keep = words[0]
            if len(words) == 2 and _looks_like_name(words[1]):
                keep = match.group("name")
            start = text.rindex(before[-1], 0, position)
            kind = (
                NAMED_CLIENT
                if owner.strip("'’s") in ("client", "patient", "resident", "pupil", "student")
                else NAMED_PERSON
            )
            _add(found, start, match.start("name") + len(_without_possessive(keep)), kind)


def _find_full_names(text: str, found: list) -> None:
    """ "Leon Prewitt's mum": a first name and surname with a relative or an address."""
    positions = list(_occurrences(text, "'s ")) + list(_occurrences(text, "’s "))
    for position in positions:
        word_start = text.rfind(" ", max(0, position - 30), position) + 1
        if not text[word_start : word_start + 1].isupper() or not RELATION.match(text, position + 3):
            continue  # "it's", "she's", "Tom's book"
        match = FULL_NAME_BEFORE.search(text, max(0, position - 50), position)
        if match and _is_full_name(match.group("name")):
            _add(found, match.start("name"), match.end("name"), FULL_NAME)


def _find_names_in_a_role(text: str, lowered: str, found: list) -> None:
    """ "Femke de Vries-Bakker is the mum", "the case manager who answers is Lorraine Kowalczyk"."""
    positions = [p for role in ROLE_WORDS for p in _occurrences(lowered, " " + role)]
    for start, end in _windows(positions, 90, 70, len(text)):
        for match in NAME_IN_A_ROLE.finditer(text, start, end):
            group = "name" if match.group("name") else "after"
            if _is_private_full_name(match.group(group)):
                _add(found, match.start(group), match.end(group), FULL_NAME)


def _find_names_in_contact(text: str, lowered: str, found: list) -> None:
    """ "a hard session with Tomasz Nowak", "discharged Aoife Byrne" (NAME_IN_CONTACT)."""
    positions = [p for word in CONTACT_WORDS for p in _occurrences(lowered, word)]
    for start, end in _windows(positions, 0, 60, len(text)):
        for match in NAME_IN_CONTACT.finditer(text, start, end):
            name = match.group("name")
            if _is_private_full_name(name) and not NOT_A_PERSON_AFTER.search(name):
                _add(found, match.start("name"), match.end("name"), FULL_NAME)


def _is_private_full_name(name: str) -> bool:
    """A full name (particles aside) that is not a public figure's ("Bessel van der Kolk")."""
    words = [word for word in name.split() if not re.fullmatch(PARTICLES, word)]
    famous = any(f"dr {word.lower()}" in FAMOUS_TITLED for word in words)
    return _is_full_name(" ".join(words)) and not famous


def _find_unique_jobs(text: str, lowered: str, found: list) -> None:
    """ "the only male midwife at St Brigid's", "our one paediatric dietitian at Whangārei Hospital"."""
    positions = [p for anchor in UNIQUE_ANCHORS for p in _occurrences(lowered, anchor)]
    for start, end in _windows(positions, 10, 90, len(text)):
        for match in UNIQUE_JOB_AT_A_PLACE.finditer(text, start, end):
            place = match.group(0).rsplit(" ", 1)[-1]
            if _looks_like_name(place) or place.isupper():
                _add(found, match.start(), match.end(), UNIQUE_JOB)


def _find_names_with_a_particle(text: str, lowered: str, found: list) -> None:
    """ "Giulia di Stefano", "Yusuf al-Hakim", "Saoirse Ní Fhlatharta"."""
    positions = [p for anchor in PARTICLE_ANCHORS for p in _occurrences(lowered, anchor)]
    for start, end in _windows(positions, 30, 50, len(text)):
        for match in PARTICLE_NAME.finditer(text, start, end):
            first, surname = match.group("first"), match.group(0).rsplit(" ", 1)[-1].rsplit("-", 1)[-1]
            if (
                _looks_like_name(first)
                and first.lower() not in NOT_FIRST_NAMES
                and _without_possessive(surname).lower() not in FAMOUS_SURNAMES
            ):
                _add(
                    found, match.start(), match.start() + len(_without_possessive(match.group(0))), FULL_NAME
                )


def _find_names_in_capitals(text: str, found: list) -> None:
    """ "BRENNAN, Aoife", "PATIENT: GARETH PRITCHARD-JONES": not shouting ("SORRY, Mark") or
    acronyms ("NHS")."""
    # only around a comma between capitals, or a colon before them (a pattern searched over the
    # whole text cost 2 ms at 5,000 words)
    windows = [
        (SURNAME_FIRST, max(0, p - 40), p + 40)
        for p in _occurrences(text, ", ")
        if text[p - 1 : p].isupper() and text[p + 2 : p + 3].isupper()
    ]
    windows += [
        (LABELLED_CAPS_NAME, max(0, p - 20), p + 80)
        for p in _occurrences(text, ":")
        if text[p + 1 : p + 4].strip()[:1].isupper()
    ]
    for pattern, start, end in windows:
        for match in pattern.finditer(text, start, min(len(text), end)):
            words = re.split(r"[\s,'’-]+", match.group("name"))
            if all(_is_name_in_capitals(word) for word in words if word):
                _add(found, match.start("name"), match.end("name"), FULL_NAME)


def _is_name_in_capitals(word: str) -> bool:
    lowered = word.lower()
    return (
        len(word) >= 2
        and any(vowel in lowered for vowel in "aeiouy")
        and lowered not in NOT_NAMES
        and lowered not in COMMON_WORDS
        and lowered not in ORGANISATION_WORDS
        and lowered not in ACRONYMS
    )


def _find_places_with_a_child(text: str, lowered: str, positions: list[int], found: list) -> None:
    """A named school, ward or estate is only identifying next to a child: "a 9-year-old on
    Rainbow Ward", "the 11 year old from St Aidan's Primary"."""
    near_an_age = [p for p in positions if any(w in lowered[max(0, p - 160) : p + 160] for w in AGE_WORDS)]
    for start, end in _windows(near_an_age, 60, 12, len(text)):
        for match in NAMED_PLACE.finditer(text, start, end):
            place = match.group("place")
            words = [w.lower().rstrip(".") for w in place.split()]
            if words[0] in ("st", "saint"):
                words = words[1:]
            if all(word in GENERIC_PLACE_WORDS or word.isdigit() for word in words[:-1]) and not (
                words[0] == "ward" and len(words) == 2
            ):
                continue
            if _child_age_near(text, match.start(), match.end()):
                _add(found, match.start(), match.end(), PLACE_WITH_CHILD)


def _find_reddit_users(text: str, found: list) -> None:
    for match in REDDIT_USER.finditer(text):
        _add(found, match.start(), match.end(), SOCIAL_HANDLE)


def _find_cash_tags(text: str, found: list) -> None:
    """A payment app's name for someone ("the tag is $JrodMoney22"), near the app's name."""
    for match in CASH_TAG.finditer(text):
        nearby = text[max(0, match.start() - 80) : match.end() + 40].lower()
        if any(word in nearby for word in CASH_APPS):
            _add(found, match.start(), match.end(), SOCIAL_HANDLE)


def _find_home_streets(text: str, positions: list[int], found: list) -> None:
    """ "lives on Larkspur Close": a street named as where someone lives, without a house number."""
    for start, end in _windows(positions, 70, 12, len(text)):
        for match in HOME_STREET.finditer(text, start, end):
            _add(found, match.start("street"), match.end("street"), STREET_ADDRESS)


# --- Checks -------------------------------------------------------------------------------------


def _add(found: list, start: int, end: int, kind: str) -> None:
    found.append((start, end, kind))


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1900 <= int(value) <= 2099


def _date_kind(text: str, match: re.Match, today: date) -> str | None:
    """A date next to "born"/"DOB" is a date of birth; an older one could be, unless it follows a
    word for an event ("qualified on", "since"); a recent one is an event."""
    year = int(next(group for group in match.group("y1", "y2", "y3", "y4") if group))
    year += 1900 if year < 100 and year > today.year % 100 else 2000 if year < 100 else 0
    if year > today.year:
        return None
    if BIRTH_CONTEXT.search(text, max(0, match.start() - 40), min(len(text), match.end() + 20)):
        return DATE_OF_BIRTH
    if year > today.year - RECENT_YEARS or EVENT_BEFORE.search(
        text, max(0, match.start() - 50), match.start()
    ):
        return None
    return OLD_DATE


def _is_phone_number(value: str) -> bool:
    groups = re.findall(r"\d+", value)
    digits = "".join(groups)
    if not 7 <= len(digits) <= 15:
        return False
    if all(_is_year(group) for group in groups) or (_is_year(groups[0]) and "-" in value):
        return False  # "2019-2021", "2020 2021 2022", "2024-0091"
    if len(groups) == 2 and all(len(g) == 4 and int(g[:2]) < 24 and int(g[2:]) < 60 for g in groups):
        return False  # "0900-1700"
    if FULL_DATE.fullmatch(value):
        return False
    if "/" in value:  # an area code before it, the number after: "030/5550134", "617/555-0163"
        area, _, number = value.partition("/")
        if "/" in number or not AREA_CODE.fullmatch(area) or sum(map(str.isdigit, number)) < 6:
            return False
    value = value.replace("(0)", "")  # "+33 (0)6 ...": the trunk zero, dialled at home only
    groups = re.findall(r"\d+", value)
    international = value.startswith("+")
    rest = groups[1:] if international or value.startswith("(") else groups
    if len(groups) > 6 or any(len(group) < 2 for group in rest[1:]) or max(map(len, groups)) < 3:
        return False  # "3 4 5 6 7 8 9" is a list, not a phone number
    return not _is_service_number(digits, international)


def _national_forms(digits: str, international: bool) -> set[str]:
    forms = {digits}
    for code in ("44", "353", "61", "64", "91", "234", "27"):
        if international and digits.startswith(code):
            forms.add("0" + digits[len(code) :])
            if code == "91":
                forms.add(digits[2:])
    if digits.startswith("1") and len(digits) == 11:
        forms.add(digits[1:])
    return forms


def _is_service_number(digits: str, international: bool) -> bool:
    """A helpline the site recommends, a well-known one, or a number only a service can have."""
    forms = _national_forms(digits, international)
    if forms & _helpline_digits():
        return True
    for number in forms:
        if number.startswith(SERVICE_PREFIXES):
            return True
        if len(number) == 11 and number.startswith(UK_SERVICE_PREFIXES):
            return True
        if len(number) == 10 and number.startswith(TOLL_FREE_AREA_CODES):
            return True
        if len(number) == 11 and number.startswith("1") and number[1:4] in TOLL_FREE_AREA_CODES:
            return True
    return False


def _helpline_digits() -> frozenset[str]:
    from django.conf import settings  # read on each call, so a deployment's own list applies

    resources = getattr(settings, "HAVEN_CRISIS_RESOURCES", [])
    return _helpline_digits_for(tuple((r.get("phone") or "", r.get("detail") or "") for r in resources))


@functools.cache
def _helpline_digits_for(resources: tuple[tuple[str, str], ...]) -> frozenset[str]:
    numbers = set()
    for field in (*(text for resource in resources for text in resource), *WELL_KNOWN_HELPLINES):
        for number in re.findall(r"\+?\d[\d ().-]*\d|\d", field):
            numbers |= _national_forms(re.sub(r"\D", "", number), number.startswith("+"))
    return frozenset(numbers)


def _is_service_domain(domain: str) -> bool:
    from django.conf import settings

    domain = domain.lower()
    for resource in getattr(settings, "HAVEN_CRISIS_RESOURCES", []):
        host = re.sub(r"^https?://(?:www\.)?", "", resource.get("url", "") or "").split("/")[0].lower()
        if host and (domain == host or domain.endswith("." + host)):
            return True
    return False


def _is_uk_postcode(outward: str, inward: str) -> bool:
    code = outward + inward
    if not (code.isupper() or code.islower()) or code.isdigit():
        return False
    area = re.match(r"[A-Za-z]+", outward).group(0).upper()
    letters = inward[1:].lower()
    return (
        area in UK_POSTCODE_AREAS
        and not any(letter in "cikmov" for letter in letters)
        and letters not in ("st", "nd", "rd", "th")
    )


def _is_street(words: list[str], street_type: str, at_home: bool = False) -> bool:
    """Whether WORDS and STREET_TYPE after a house number name a street; AT_HOME: the number follows
    "lives at" or the like, where any street type does ("she lives at 14 tanner's row")."""
    if any(_is_unit(word) for word in words):
        return False
    if all(word[0].isupper() for word in words):  # "12 Rose Crescent"
        return True
    return (at_home or street_type.lower() in PLAIN_STREET_TYPES) and not any(
        word.lower() in COMMON_WORDS for word in words
    )


def _is_unit(word: str) -> bool:
    return word.lower().rstrip("s") in {
        "minute", "min", "hour", "hr", "mile", "km", "second", "sec", "metre", "meter", "yard",
        "block", "step", "stop", "day", "week", "month", "year", "time", "foot", "feet", "mph",
    }  # fmt: skip


def _child_age_near(text: str, start: int, end: int) -> bool:
    for match in CHILD_AGE.finditer(text, max(0, start - 150), min(len(text), end + 150)):
        value = next(group for group in match.group("a", "b", "c", "d", "e", "f", "g") if group)
        number = int(value) if value.isdigit() else NUMBER_WORDS.split("|").index(value.lower()) + 1
        if number <= 18:
            return True
    return False


def _add_name_with_age(text: str, match: re.Match, found: list) -> None:
    name, place = match.group("name"), match.group("place")
    separator, after = match.group("sep").strip(), match.group("after").strip()
    listed = separator in (",", "(") and (after in (")", ",") or after[:1].isalpha())
    if not (listed or place):
        return
    if not all(_looks_like_name(word) for word in name.split()):
        return
    if SELF_INTRODUCTION.search(text, max(0, match.start() - 20), match.start()):
        return  # "I'm Sarah, 34, from Leeds": the writer, not a client
    if place:
        place_words = place.split()
        if place_words[-1][0].isupper() and not _looks_like_name(place_words[-1].rstrip(".,")):
            return
        _add(found, match.start(), match.end(), NAME_AGE_PLACE)
    else:
        _add(found, match.start(), match.end("age"), NAME_WITH_AGE)


def _looks_like_name(word: str) -> bool:
    word = _without_possessive(word.strip(".,"))
    return (
        len(word) > 1
        and word[0].isupper()
        and not word.isupper()
        and word.lower() not in NOT_NAMES
        and word.lower() not in ORGANISATION_WORDS
    )


def _without_possessive(word: str) -> str:
    return word[:-2] if word.endswith(("'s", "’s")) else word


def _looks_like_lower_case_name(word: str, following: str, after: str = "") -> bool:
    """After "my client", a lower-case word is a name only if it isn't a common word and reads as
    the subject of what follows ("my client jodie has...", "my client jodie, who...")."""
    if len(word) < 3 or not word.replace("-", "").replace("'", "").isalpha() or word in COMMON_WORDS:
        return False
    if following.lower() in SUBJECT_VERBS or after in (",", ".", ";", "!", "?", ")"):
        return True
    return not word.endswith(("ed", "ing", "ly", "n't", "'d", "s"))


def _is_full_name(name: str) -> bool:
    words = name.replace("-", " ").split()
    return len(words) >= 2 and all(
        _looks_like_name(word) and word.lower() not in COMMON_WORDS for word in words
    )


# What _find_after_words looks for after a social site's name: a handle without its "@", or a
# full name given as the account.
SAID_ON_SOCIAL_MEDIA = (
    (NAMED_HANDLE, "handle", SOCIAL_HANDLE, None),
    (NAMED_PROFILE, "name", FULL_NAME, _is_full_name),
)


def _previous_word(text: str, position: int) -> str:
    words = text[max(0, position - 20) : position].split()
    return words[-1].lower() if words else ""


def _next_word(text: str, position: int) -> str:
    words = text[position : position + 30].split()
    return words[0].strip(".,;:!?") if words else ""


# --- What to report -----------------------------------------------------------------------------


def _keep_what_identifies(text: str, lowered: str, found: list) -> list[Finding]:
    """Drop names the writer made up or signed with, and findings inside larger ones; one Finding
    per distinct text, in the order they appear."""
    pseudonyms, all_names_made_up, sign_off = set(), False, len(text) + 1
    if any(kind in NAME_KINDS for _, _, kind in found):
        pseudonyms, all_names_made_up = _pseudonyms(text, lowered)
        sign_off = _sign_off_start(text)
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda item: (item[0], -item[1])):
        if kind in NAME_KINDS:
            words = set(re.findall(r"[^\W\d_][\w'’-]*", text[start:end]))
            if all_names_made_up or words & pseudonyms or start >= sign_off:
                continue
        if kept and start >= kept[-1][0] and end <= kept[-1][1]:
            continue  # inside the previous finding: "my patient Mr. Hargreaves" holds "Mr. Hargreaves"
        kept.append((start, end, kind))
    findings: dict[str, Finding] = {}
    for start, end, kind in kept:
        value = text[start:end].strip()
        findings.setdefault(value, Finding(kind, value))
    return list(findings.values())


def _pseudonyms(text: str, lowered: str) -> tuple[set[str], bool]:
    if not any(anchor in lowered for anchor in PSEUDONYM_ANCHORS):
        return set(), False
    names = set()
    for match in PSEUDONYM.finditer(text):
        names.update(name for name in match.group("called", "marked", "stated") if name)
    return names, bool(ALL_NAMES_CHANGED.search(text))


def _sign_off_start(text: str) -> int:
    """Where the writer's own sign-off starts ("Thanks all,\\nJen"), or past the end if none."""
    tail_start = max(0, len(text) - 120)
    match = SIGN_OFF.search(text, tail_start)
    if not match:
        return len(text) + 1
    group = "name" if match.group("name") is not None else "dashed"
    return match.start(group)
