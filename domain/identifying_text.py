"""Free-text screening: what in a short answer looks like it identifies a person.

`find_identifying(text)` returns one Finding per fragment that looks like a phone number, an e-mail
address, a Social Security number, a street address, an exact date, a license plate or a person's
name. It is a safety net for the "other, specify" answers and names staff type, not a guarantee:
it misses what it cannot recognise, and it errs towards asking for a rewording.

Where a maintained library fits, it decides:
- phone numbers: `phonenumbers` (Google's libphonenumber) with US as the default region. Its
  VALID leniency finds full numbers ("253 555 0142", "(253) 555-0142", "+1 ..."); a seven-digit
  local number ("555-0142") is taken from its POSSIBLE matches only when written with a dash or
  dot, so that counts and amounts ("4471234", "1 2 3") are not numbers to call;
- street addresses: `usaddress` (a CRF model shipped in the package) labels the words; a house
  number followed by a street name *and* a street type or direction ("1420 S Yakima Ave") or a
  PO Box is an address. A number and a bare name ("901 Broadway") is not, nor "3 nights at Motel 6".

Names: `gender-guesser` ships Jörg Michael's list of first names from many countries (Spanish,
Vietnamese, Arabic, Indian and modern US names among them), read once per process (0.2 s). It is no
longer updated, but a name list does not go stale quickly; the maintained names-dataset is far
larger than this check needs, and the 1990 US Census lists in `names` miss most names given since.
Many names are also ordinary words ("May", "Will", "Bill", "Grace", "Hope", "Faith", "Mark", "Job"):
those listed in `domain.name_words` count as a name only right after a relationship word ("her son
Will") or followed by a surname ("Mark Johnson"). Other names count when capitalised ("Maria") or,
in any case, after a relationship word ("sister maria"). Capitalised words ending in a place word
("Hope House", "Mary's Place", "Catherine Booth House") or after "St."/"Saint"/"Fort"... are places,
not people.

Exact dates ("03/14/2026", "3/14", "March 14", "14 March", "2026-03-14") are found with patterns:
a month alone or with a year ("May", "May 2026", "12/2025") is not an exact date, and neither is a
common fraction ("1/2", "3/4"). License plates: three letters and three or four digits ("ABC 1234",
"ABC-123", "BXR4471"), a digit, three letters and three digits ("7ABC123"), or anything after
"plate"/"tag". HUD's CoC codes ("WA-501") have two letters and are not plates; program acronyms
before an amount ("SSI 1200", "EBT 300") are not either.
"""
import functools
import re
from dataclasses import dataclass
from typing import Any

import phonenumbers
import usaddress

from domain.name_words import NAME_WORDS

PHONE = "a phone number"
EMAIL = "an email address"
SSN = "a Social Security number"
ADDRESS = "a street address"
DATE = "an exact date"
PLATE = "a license plate"
NAME = "a person's name"
# When two findings overlap, the more specific one is kept (an e-mail address over the name in it).
PRIORITY = (EMAIL, SSN, PHONE, DATE, ADDRESS, PLATE, NAME)


@dataclass(frozen=True)
class Finding:
    category: str
    start: int
    end: int
    fragment: str


def find_identifying(text: str) -> list[Finding]:
    """Every fragment of `text` that looks identifying, in reading order, without overlaps."""
    if not text:
        return []
    digits = _with_digit_lookalikes(text)  # "253555O142" read as the number it is
    found = [*_emails(text), *_ssns(digits), *_phones(digits), *_dates(digits), *_addresses(text),
             *_plates(text), *_names(text)]
    found = [Finding(f.category, f.start, f.end, text[f.start:f.end]) for f in found]
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (PRIORITY.index(f.category), f.start)):
        if not any(finding.start < k.end and k.start < finding.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


def _finding(category: str, text: str, start: int, end: int) -> Finding:
    return Finding(category, start, end, text[start:end])


def _matches(category: str, pattern: re.Pattern[str], text: str, group: int | str = 0) -> list[Finding]:
    return [_finding(category, text, m.start(group), m.end(group)) for m in pattern.finditer(text)]


# -- Contact details and numbers ------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SSN = re.compile(r"(?<![\d-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d-])")  # 123-45-6789, 123 45 6789, 123456789
# Nine digits, or the last four, right after a word saying it is an SSN.
_SSN_CUE = re.compile(r"\b(?:ssn|ss#|soc(?:ial)?\.?\s*sec(?:urity)?(?:\s*(?:number|no\.?|#))?)"
                      r"[\s:#]*(?:(?:ending|ends|last\s*4)(?:\s*(?:in|of|with))?[\s:]*)?"
                      r"(\d{9}|\d{3}[- ]?\d{2}[- ]?\d{4}|\d{4})(?!\d)", re.IGNORECASE)
_LOCAL_PHONE = re.compile(r"\d{3}[-.]\d{4}")


# Letters typed for digits inside a run of digits: O or o for 0, I, l or | for 1. The run must hold six real digits
# and touch no other letter, so words ("Officer", "Ollie") and codes like "WA-501" stay as they are.
_LOOKALIKE_RUN = re.compile(r"(?<![^\W\d_])[\dOoIl|][\dOoIl|().\s-]*[\dOoIl|](?![^\W\d_])")
_LOOKALIKES = str.maketrans("OoIl|", "00111")


def _with_digit_lookalikes(text: str) -> str:
    """`text` of the same length, with look-alike letters inside long runs of digits read as digits."""
    def digits(m: re.Match[str]) -> str:
        run = m.group()
        return run.translate(_LOOKALIKES) if sum(c.isdigit() for c in run) >= 6 else run
    return _LOOKALIKE_RUN.sub(digits, text)


def _emails(text: str) -> list[Finding]:
    return _matches(EMAIL, _EMAIL, text)


def _ssns(text: str) -> list[Finding]:
    return _matches(SSN, _SSN, text) + _matches(SSN, _SSN_CUE, text, group=1)


def _phones(text: str) -> list[Finding]:
    found = []
    if sum(c.isdigit() for c in text) >= 10:  # a full US number has ten digits
        found += [_finding(PHONE, text, m.start, m.end)
                  for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.VALID)]
    if _LOCAL_PHONE.search(text):
        found += [_finding(PHONE, text, m.start, m.end)
                  for m in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE)
                  if _LOCAL_PHONE.fullmatch(m.raw_string)]
    return found


# -- Dates ----------------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_M = r"(?:0?[1-9]|1[0-2])"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_DATES = [re.compile(p, re.IGNORECASE) for p in (
    rf"\b{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?(?![\d/])",           # March 14, Mar. 14th, March 14, 2026
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?(?![a-z])",  # 14 March, 14th of March 2026
    rf"(?<![\d/-])\d{{4}}-{_M}-{_D}(?![\d/-])",                   # 2026-03-14
    rf"(?<![\d/.-]){_M}([/.-]){_D}\1(?:\d{{4}}|\d{{2}})(?![\d/.-])",  # 03/14/2026, 3-14-26, 3.14.2026
    rf"(?<![\d/.-]){_D}([/.-]){_M}\1(?:\d{{4}}|\d{{2}})(?![\d/.-])",  # 14.03.1991, 14/03/1991, 14-03-91
    r"(?<!\d)(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)",  # 19910314
    r"(?<!\d)(?:(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])|(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
    r"(?:19|20)\d\d(?!\d)",                                       # 14031991, 03141991
)]
_MONTH_DAY = re.compile(rf"(?<![\d/.$-])({_M})/({_D})(?![\d/.-])")  # 3/14
_FRACTION_DENOMINATORS = {2, 3, 4, 8}


def _dates(text: str) -> list[Finding]:
    found = [f for pattern in _DATES for f in _matches(DATE, pattern, text)]
    for m in _MONTH_DAY.finditer(text):
        top, bottom = int(m.group(1)), int(m.group(2))
        if not (bottom in _FRACTION_DENOMINATORS and top < bottom):  # "1/2 of the rent" is a fraction
            found.append(_finding(DATE, text, m.start(), m.end()))
    return found


# -- Street addresses -----------------------------------------------------------------------------

_STREET_PARTS = {"StreetNamePreDirectional", "StreetNamePreModifier", "StreetNamePreType", "StreetName",
                 "StreetNamePostType", "StreetNamePostDirectional", "StreetNamePostModifier",
                 "OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier"}
_STREET_MARKERS = {"StreetNamePreDirectional", "StreetNamePreType", "StreetNamePostType",
                   "StreetNamePostDirectional"}
# usaddress reads "4 kids on Main St" as one street name; a street name has no such small words.
_NOT_IN_STREET_NAMES = {"on", "at", "to", "in", "with", "for", "of", "and", "near", "from", "by", "the"}
_STREET_WORDS = ("st|street|ave|av|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|ter|terrace"
                 "|hwy|highway|pkwy|parkway|cir|circle|loop|trl|trail|sq|square|pike|n|s|e|w|ne|nw|se|sw"
                 "|north|south|east|west")
# usaddress is the slowest check (0.1 ms a call): it reads a house number and the words after it, and
# only when a street type or direction comes within four words of the number.
_HOUSE_NUMBER = re.compile(r"(?<![\w$,.])\d+[a-z]?(?:,?[ \t]+[\w#.'-]+){1,8}", re.IGNORECASE)
_STREET_WORD = re.compile(rf"^\S+(?:\s+\S+){{0,3}}?\s+(?:{_STREET_WORDS})\b", re.IGNORECASE)
_PO_BOX = re.compile(r"\b(?:p\.?\s?o\.?\s?box|post\s+office\s+box)\s*#?\s*\d+\b", re.IGNORECASE)


def _addresses(text: str) -> list[Finding]:
    found = _matches(ADDRESS, _PO_BOX, text)
    for start in (m.start() for m in re.finditer(r"\d+", text)):
        if found and start < found[-1].end:
            continue
        window = _HOUSE_NUMBER.match(text, start)
        if window and _STREET_WORD.match(window.group()):
            found += _street_addresses(text, start, window.group())
    return found


Token = tuple[int, str, str]  # (start in the text, word, usaddress's label)


def _street_addresses(text: str, offset: int, window: str) -> list[Finding]:
    tokens: list[Token] = []
    cursor = 0
    for word, label in usaddress.parse(window):
        start = window.find(word, cursor)
        cursor = start + len(word)
        tokens.append((offset + start, word.rstrip(".,;)"), label))
    found = []
    for i, (start, _, label) in enumerate(tokens):
        if label == "AddressNumber":
            run = _run(tokens, i + 1, _STREET_PARTS)
            labels = {t[2] for t in run}
            names = [t[1].lower() for t in run if t[2] == "StreetName"]
            if names and labels & _STREET_MARKERS and not _NOT_IN_STREET_NAMES.intersection(names):
                found.append(_finding(ADDRESS, text, start, run[-1][0] + len(run[-1][1])))
    return found


def _run(tokens: list[Token], i: int, labels: set[str]) -> list[Token]:
    run = []
    while i < len(tokens) and tokens[i][2] in labels:
        run.append(tokens[i])
        i += 1
    return run


# -- License plates -------------------------------------------------------------------------------

# Program and housing words typed before or after a number ("SSI 1200", "APT 123", "500 EBT").
_NOT_PLATES = {"SSI", "SSA", "SSN", "SSD", "EBT", "WIC", "HUD", "APT", "STE", "BOX", "LOT", "RTE", "HWY", "RRH",
               "PSH", "ESG", "DOB", "DOC", "DSHS", "TANF", "HEN", "ABD", "CPS", "DVS", "ADA", "VAC", "UNIT",
               "RM", "PO", "FY", "CES", "ORCA", "BED", "USD"}
_PLATE_GLUED = re.compile(r"\b(?:[A-Z]{3}\d{3,4}|\d[A-Z]{3}\d{3}|\d{3}[A-Z]{3})\b", re.IGNORECASE)
_PLATE_SPACED = re.compile(r"\b(?:(?P<l1>[A-Z]{3})[ -]\d{3,4}|\d{3}[ -](?P<l2>[A-Z]{3}))\b")
_PLATE_CUE = re.compile(r"\b(?:plates?|tags?|license|lic)\b\.?(?:\s+(?:plate|number|no\.?|#))?[\s:#]*"
                        r"(?P<plate>(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{1,4}[ -]?[A-Z0-9]{2,4})\b",
                        re.IGNORECASE)


def _plates(text: str) -> list[Finding]:
    found = [f for f in _matches(PLATE, _PLATE_GLUED, text) if f.fragment.upper()[:3] not in _NOT_PLATES
             and f.fragment.upper()[-3:] not in _NOT_PLATES]
    found += [_finding(PLATE, text, m.start(), m.end()) for m in _PLATE_SPACED.finditer(text)
              if (m.group("l1") or m.group("l2")) not in _NOT_PLATES]
    found += _matches(PLATE, _PLATE_CUE, text, group="plate")
    return found


# -- Names of people ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
# A relationship word or "with": the next word is a person ("her sister maria", "w/ Jose").
_PERSON_CUES = {"sister", "sis", "brother", "bro", "mom", "mother", "mum", "mama", "dad", "father", "papa",
                "aunt", "auntie", "tia", "uncle", "tio", "cousin", "grandma", "grandmother", "grandpa",
                "grandfather", "granny", "friend", "boyfriend", "girlfriend", "bf", "gf", "husband", "wife",
                "partner", "fiance", "fiancé", "fiancee", "fiancée", "ex", "son", "daughter", "niece", "nephew",
                "stepmom", "stepdad", "stepmother", "stepfather", "roommate", "neighbor", "neighbour",
                "named", "called", "aka", "with", "w"}
# A title: the next capitalised word is a name, whatever it is ("Ms. Lopez", "Officer Lopez").
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "officer", "ofc", "detective", "det", "sergeant", "sgt", "deputy",
           "trooper", "sheriff", "judge", "pastor", "rev", "reverend", "prof", "professor", "coach", "lt", "capt"}
# "the Nguyens": a family named by its surname in the plural. Plural names of places are not families.
_PLURAL_PLACES = {"philippines", "bahamas", "netherlands", "rockies", "cascades", "olympics", "americas",
                  "carolinas", "dakotas", "keys", "alps", "andes", "appalachians", "islands", "states", "lakes",
                  "hills", "falls", "springs", "woods", "pines", "oaks", "meadows", "sisters", "brothers",
                  # and plural nouns a note may capitalise: "stays with the Kids"
                  "kids", "children", "parents", "grandparents", "twins", "boys", "girls", "friends", "relatives",
                  "neighbors", "neighbours", "courts", "police", "holidays", "weekends", "benefits", "funds"}
_PLACE_WORDS = {"house", "home", "homes", "place", "center", "centre", "shelter", "shelters", "church", "hall",
                "village", "manor", "apartments", "apts", "commons", "court", "mission", "hospital", "clinic",
                "ministries", "ministry", "services", "service", "foundation", "park", "lodge", "inn", "motel",
                "hotel", "residence", "residences", "school", "college", "university", "county", "city", "army",
                "society", "network", "alliance", "coalition", "heights", "gardens", "terrace", "plaza",
                "tower", "towers", "street", "avenue", "road", "campus", "program", "project", "haven", "corps",
                "club", "union", "league", "agency", "office", "department", "fund", "benefits", "assistance",
                "insurance", "health", "healthcare", "care", "plan", "bank", "pantry", "kitchen"}
# Street types gender-guesser also lists as names ("Ave", "Way").
# Months and days as abbreviated in notes ("rent for jan"): some are first names too.
_ABBREVIATIONS = set("jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun"
                     .split())
_NOT_NAMES = _PLACE_WORDS | set(_STREET_WORDS.split("|")) | _ABBREVIATIONS
# Small words inside a place's name ("St. Vincent de Paul", "Sisters of Providence").
_PLACE_JOINERS = {"de", "del", "la", "of", "the", "von", "van", "da", "and"}
_PLACE_PREFIXES = {"st", "saint", "san", "santa", "fort", "ft", "mount", "mt", "lake", "port", "camp", "new"}


@functools.cache
def _detector() -> Any:  # gender_guesser publishes no types
    import gender_guesser.detector  # reads its 4 MB list once, on the first screening
    return gender_guesser.detector.Detector(case_sensitive=False)


def _is_first_name(word: str) -> bool:
    gender: str = _detector().get_gender(word)  # "female", "mostly_male", "andy"... or "unknown"
    return gender != "unknown"


Words = list[tuple[int, int, str]]  # (start, end, word) of each word of a text


def _names(text: str) -> list[Finding]:
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    letters = [w for _, _, w in words]
    shouting = text.upper() == text
    # In text typed without capitals, their absence says nothing either: an unambiguous name counts as it is.
    no_capitals = text.lower() == text
    long_words = [w for w in letters if len(w) >= 4]
    title_case = len(letters) >= 3 and bool(long_words) and all(w[0].isupper() for w in long_words)
    # In Title Case Text, or all capitals, a capital says nothing: only unambiguous names count there.
    capitals_mean_names = not shouting and not title_case
    found = []
    for i, (start, end, word) in enumerate(words):
        base = _POSSESSIVE.sub("", word)
        before = words[i - 1][2].lower() if i else ""
        capitalised = base[:1].isupper() and (shouting or not base[1:].isupper())
        if before in _TITLES and capitalised and _adjacent(text, words, i - 1, after_dot=True):
            found.append(_name(text, words, i))
            continue
        if before == "the" and capitals_mean_names and _family_by_surname(text, words, i):
            found.append(_finding(NAME, text, start, end))
            continue
        if len(base) < 3 or base.lower() in _NOT_NAMES or not _is_first_name(base) or _in_place_name(text, words, i):
            continue
        ambiguous = base.lower() in NAME_WORDS
        after_cue = before in _PERSON_CUES and _adjacent(text, words, i - 1)
        if ambiguous:
            named = capitalised and (after_cue or (capitals_mean_names and _surname_follows(text, words, i)))
        else:
            named = after_cue or capitalised or no_capitals
        if named:
            found.append(_name(text, words, i))
    return found


def _family_by_surname(text: str, words: Words, i: int) -> bool:
    """ "the Nguyens", "the Smiths": a capitalised plural after "the" that no capitalised or joining word continues
    (so not "the Sisters of Providence" or "the Salvation Army")."""
    word = words[i][2]
    if not (len(word) >= 4 and word[0].isupper() and word[1:].islower() and word.endswith("s")
            and not word.endswith("ss") and word.lower() not in _PLURAL_PLACES):
        return False
    stem = word[:-1].lower()
    if stem in _NOT_NAMES or word.lower() in _NOT_NAMES:
        return False
    return not (i + 1 < len(words) and _adjacent(text, words, i) and _in_run(words[i + 1][2]))


def _adjacent(text: str, words: Words, i: int, after_dot: bool = False) -> bool:
    """Whether word i and the next are separated by spaces only, or an abbreviation's dot ("Ms. Lopez")."""
    gap = text[words[i][1]:words[i + 1][0]]
    return not (gap[1:] if after_dot and gap.startswith(".") else gap).strip(" /")


def _surname_follows(text: str, words: Words, i: int) -> bool:
    if i + 1 >= len(words) or not _adjacent(text, words, i):
        return False
    following = words[i + 1][2]
    return following[:1].isupper() and not following.isupper() and following.lower() not in NAME_WORDS


def _in_place_name(text: str, words: Words, i: int) -> bool:
    """Part of a run of capitalised words that ends in a place word, or follows "St."/"Fort"..."""
    first = i
    while first and _in_run(words[first - 1][2]) and _adjacent(text, words, first - 1, after_dot=True):
        first -= 1
    if any(words[j][2].lower() in _PLACE_PREFIXES for j in range(max(first - 1, 0), i)):
        return True
    last = i
    while last + 1 < len(words) and _in_run(words[last + 1][2]) and _adjacent(text, words, last):
        last += 1
    return any(words[j][2].lower() in _PLACE_WORDS for j in range(i + 1, last + 1))


def _in_run(word: str) -> bool:
    return word[:1].isupper() or word in _PLACE_JOINERS


def _name(text: str, words: Words, i: int) -> Finding:
    """The name, with the capitalised surname after it ("Maria Lopez"), without a possessive "'s"."""
    last = i + 1 if (i + 1 < len(words) and _adjacent(text, words, i) and words[i + 1][2][:1].isupper()
                     and words[i + 1][2].lower() not in _PLACE_WORDS) else i
    start, end, word = words[last]
    return _finding(NAME, text, words[i][0], start + len(_POSSESSIVE.sub("", word)))
