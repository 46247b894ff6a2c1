"""Dates as news writes them -> ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD).

Absolute expressions are read as they are; relative ones ("Tuesday", "two days later",
"last month") only against an anchor: the article's date or an earlier absolute date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "an": 1,
}

_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MON = rf"({_MONTH_NAMES})\.?"
_YEAR = r"((?:19|20)\d\d)"
_MDY = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}\b", re.I)
_MY = re.compile(rf"\b{_MON},?\s+(?:of\s+)?{_YEAR}\b", re.I)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_Y = re.compile(rf"\b{_YEAR}\b")
_MD = re.compile(rf"\b{_MON}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}\b", re.I)
_LATER = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|a|an|\d+)\s+"
    r"(day|week|month|year)s?\s+(later|after|earlier|before|ago)\b",
    re.I,
)


_DAY_RELATIVE = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b"
)


def _iso(y: int, m: int | None = None, d: int | None = None) -> str | None:
    try:
        if d:
            return date(y, m or 1, d).isoformat()
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}" if m else f"{y:04d}"


def parse_absolute(text: str) -> str | None:
    """The most specific absolute date in `text`, or None."""
    if m := _ISO.search(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _MDY.search(text):
        return _iso(int(m[3]), _mon(m[1]), int(m[2]))
    if m := _DMY.search(text):
        return _iso(int(m[3]), _mon(m[2]), int(m[1]))
    if m := _MY.search(text):
        return _iso(int(m[2]), _mon(m[1]))
    if m := _Y.search(text):
        return _iso(int(m[1]))
    return None


def _mon(name: str) -> int:
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def _to_date(iso: str) -> date:
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def resolve(
    text: str, *, anchor: str | None = None, previous: str | None = None, year: int | None = None
) -> str | None:
    """ISO prefix for a date expression; relative ones need `anchor` (report date) or
    `previous` (an earlier absolute date in the text, for "two days later"). With no report
    date, `year` (the latest year the article gives in full) completes "Jan. 7"."""
    if found := parse_absolute(text):
        return found
    low = text.lower()
    if (m := _LATER.search(low)) and (base := previous or anchor):
        return _shift(base, m[1], m[2], m[3], precise=len(base) == 10)
    if not anchor:
        # "26 July" with no report date: the year of the article's latest full date, if any
        return _month_day(low, f"{year:04d}") if year else None
    if len(anchor) < 10 and _DAY_RELATIVE.search(low):
        return None  # "Tuesday" needs the report's day, not just its month
    ref = _to_date(anchor)
    return _relative_to(low, ref) or _month_day(low, anchor)


def _shift(base: str, num: str, unit: str, direction: str, *, precise: bool) -> str | None:
    n = int(num) if num.isdigit() else NUMBERS[num.lower()]
    sign = 1 if direction.lower() in ("later", "after") else -1
    ref = _to_date(base)
    if unit.lower() == "year":
        return _iso(ref.year + sign * n)
    if unit.lower() == "month":
        months = ref.year * 12 + ref.month - 1 + sign * n
        return _iso(months // 12, months % 12 + 1)
    if not precise:
        return None
    days = n * (7 if unit.lower() == "week" else 1)
    return (ref + timedelta(days=sign * days)).isoformat()


def _relative_to(low: str, ref: date) -> str | None:
    for i, day in enumerate(WEEKDAYS):
        if re.search(rf"\b{day}\b", low):
            back = (ref.weekday() - i) % 7
            if "next" in low:
                return (ref + timedelta(days=(i - ref.weekday()) % 7 or 7)).isoformat()
            return (ref - timedelta(days=back)).isoformat()
    if re.search(r"\byesterday\b", low):
        return (ref - timedelta(days=1)).isoformat()
    if re.search(r"\btoday\b", low):
        return ref.isoformat()
    if re.search(r"\blast month\b", low):
        return _iso(ref.year - (ref.month == 1), (ref.month - 2) % 12 + 1)
    if re.search(r"\bthis month\b", low):
        return _iso(ref.year, ref.month)
    if re.search(r"\blast year\b", low):
        m = re.search(_MON, low)
        return _iso(ref.year - 1, _mon(m[1]) if m else None)
    if re.search(r"\bthis year\b", low):
        return _iso(ref.year)
    return None


def _month_day(low: str, anchor: str) -> str | None:
    """'26 July' or 'in April' with no year: the anchor's year, if not after the anchor."""
    ref = _to_date(anchor)
    if m := _DM.search(low):
        mon, day = _mon(m[2]), int(m[1])
    elif m := _MD.search(low):
        mon, day = _mon(m[1]), int(m[2])
    elif m := re.search(rf"\b(?:in|since|during|by|last)\s+{_MON}\b", low):
        mon, day = _mon(m[1]), None
    else:
        return None
    year = ref.year - (1 if (mon, day or 1) > (ref.month, ref.day) and len(anchor) == 10 else 0)
    return _iso(year, mon, day)


def _named_month(group: str) -> str:
    return rf"(?P<{group}>{_MONTH_NAMES})\.?"


# "Saturday, August 7", "Aug. 7, 2021", "7 August": a day, with its weekday or year if given
_WEEKDAY = rf"\b(?P<wd>{'|'.join(WEEKDAYS)}),?\s+(?:the\s+)?"
_MONTH_DAY = (
    rf"(?:\b{_named_month('m1')}\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_named_month('m2')})\b"
    rf"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"
)
_DAY = re.compile(rf"(?:{_WEEKDAY})?{_MONTH_DAY}", re.I)
# the weekday required: finding it is several times faster than a match that may start
# with one
_WEEKDAY_DAY = re.compile(_WEEKDAY + _MONTH_DAY, re.I)
# a day set as a deadline or a plan is not one the report looks back on
_AHEAD = re.compile(
    r"\b(?:by|until|till|before|ahead\s+of|deadline\s+of|due|scheduled\s+for|"
    r"(?:will|to)\s+be\s+held\s+on|from\s+now\s+until)\s+(?:the\s+end\s+of\s+)?$",
    re.I,
)

# an embedded post's signature, "— Name (@handle) January 8, 2020": posted as it happened
_EMBED = re.compile(rf"\(@\w{{1,30}}\)\s*((?:{_MON})\s+\d{{1,2}},\s+{_YEAR})", re.I)


def weekday_year(month: int, day: int, weekday: int, *, today: date) -> int | None:
    """The latest year, not after `today`, in which the day falls on the weekday: news
    that writes "Friday, August 8" and no year is recent, and a weekday and a day fix
    the year within every 5 to 11 years."""
    for year in range(today.year, today.year - 28, -1):
        try:
            day_of = date(year, month, day)
        except ValueError:
            continue  # 29 February
        if day_of <= today and day_of.weekday() == weekday:
            return year
    return None


def estimate_report_date(lines: list[str], *, today: date) -> str | None:
    """When an article prints no publication date: the latest day its story names with
    its weekday ("on Saturday, August 7"). Reporters name the weekday only of days in
    the week of the report; a day written with its year alone ("5 January 2020") may
    be long past, and photo captions are often of archive pictures, so neither is used.
    A day with no year takes the latest year, not after `today`, that its weekday fixes.
    The date of an embedded post counts too."""
    text = "\n".join(line for line in lines if not _is_caption(line))
    found = []
    for m in _WEEKDAY_DAY.finditer(text):
        if _AHEAD.search(text[max(0, m.start() - 24) : m.start()]):
            continue
        month, day, weekday = _mon(m["m1"] or m["m2"]), int(m["d1"] or m["d2"]), m["wd"]
        year = int(m["y"]) if m["y"] else None
        year = year or weekday_year(month, day, WEEKDAYS.index(weekday.lower()), today=today)
        if year and (iso := _iso(year, month, day)):
            found.append(iso)
    found += [d for m in _EMBED.finditer(text) if (d := parse_absolute(m[1])) and len(d) == 10]
    return max((d for d in found if d <= today.isoformat()), default=None)


_PUB_LINE = re.compile(
    rf"^(?:(?:published|updated|posted|date)\s*:?\s*(?:on\s+)?)?"
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    rf"(?:{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}|\d{{1,2}}\s+{_MON},?\s+{_YEAR}|"
    rf"(?:19|20)\d\d-\d\d-\d\d)"
    rf"(?:\s*[|,\-–]\s*\d{{1,2}}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+\w{{2,4}})?)?\s*$",
    re.I,
)


# A wire dateline opening the first paragraph: "BAGHDAD, March 12, 2023 (Reuters) — ...".
_DATELINE = re.compile(
    rf"^[A-Z][A-Z .'’-]{{1,40}}(?:,\s*[A-Z][a-z]+)?(?:\s*\([^)]{{1,30}}\))?,\s*"
    rf"((?i:{_MON}\s+\d{{1,2}},?\s+{_YEAR})|(?i:\d{{1,2}}\s+{_MON},?\s+{_YEAR}))"
    rf"(?:\s*\([^)]{{1,30}}\))?\s*[—–-]"
)


_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?/")
# "By NAME", not a deadline ("By December 31, 2021, no foreign forces should remain")
_BYLINE = re.compile(rf"^(?:by|from)\s+(?!{_MON}\s|\d)\S", re.I)
# a photo's caption, by its words or by a closing credit "(Name Surname/Agency)"
_CAPTION = re.compile(
    r"\b(photo|photograph|pictured|picture|image|credit)\b|\((?:AP|AFP|Reuters)"
    r"|\([A-Z][^()/]{1,40}/[A-Z][^()/]{1,30}\)\s*$",
    re.I,
)
_CAPTION_DATE = re.compile(rf",\s*{_MON}\s+\d{{1,2}},\s+{_YEAR}\.?\s*$", re.I)
_ARCHIVE = re.compile(r"\b(file|archive|in this \d{4}|in this (?:photo|picture|image))\b", re.I)


def find_publication_date(lines: list[str]) -> str | None:
    """When the article was published, from the best evidence the text keeps: a date line
    or byline ("By NAME | December 27, 2018 | 12:45am", "By AP 28/1/2019"), a wire
    dateline ("BAGHDAD, March 12, 2023 —"), a dated link (/2021/08/07/), else the date of
    a photo caption that is not an archive photo."""
    head, tail = lines[:12], lines[-6:]
    for line in head + tail:
        stripped = line.strip()
        if stripped and _PUB_LINE.match(stripped):
            return parse_absolute(stripped)
        if _BYLINE.match(stripped) and len(stripped) < 160:
            found = _numeric(stripped) or parse_absolute(_strip_names(stripped))
            if found and len(found) >= 7:
                return found
    for line in head:
        if m := _DATELINE.match(line.strip()):
            return parse_absolute(m.group(1))
    for line in lines:  # a story's own dated address, not where its media were uploaded
        m = _URL_DATE.search(line)
        if m and "/uploads" not in line[: m.start() + 1]:
            return _iso(int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    for line in head:
        if _CAPTION.search(line) and not _ARCHIVE.search(line):
            found = parse_absolute(line)
            if found and len(found) == 10 and not _later_day_in_story(found, lines):
                return found
    return None


def _is_caption(line: str) -> bool:
    """A photo caption: its words or credit, or AP's form "<what is shown>, <date>." """
    return bool(_CAPTION.search(line) or _CAPTION_DATE.search(line))


def _later_day_in_story(found: str, lines: list[str]) -> bool:
    """Whether the story (captions aside) prints a full day after `found`: a caption
    dated before the story's own days shows an archive picture."""
    return any(
        (d := parse_absolute(m.group(0))) and len(d) == 10 and d > found
        for line in lines
        if not _is_caption(line)
        for m in _DAY.finditer(line)
        if m["y"]
    )


def _strip_names(line: str) -> str:
    """A byline's date without the digits of names or times around it."""
    return re.sub(r"\b\d{1,2}[:.]\d\d\b", " ", line)


def _numeric(text: str) -> str | None:
    """'28/1/2019' (day first, as most of the world writes it) or '1/28/2019' (month
    first, when the first number cannot be a month)."""
    m = _NUMERIC.search(text)
    if not m:
        return None
    a, b, y = int(m[1]), int(m[2]), int(m[3])
    day, month = (a, b) if a > 12 or b <= 12 else (b, a)
    return _iso(y, month, day)
