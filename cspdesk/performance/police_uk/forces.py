"""police.uk's forces: the name each has in the "Falls within" column, and the id its files
are named by (``2023-01/2023-01-nottinghamshire-street.csv``); and choosing one force's
files from a source holding several, as data.police.uk's archive of every force does.

The archive (about 45 forces, every month of three years, -street, -outcomes and
-stop-and-search files) is read for the area tree's force only: its other members are
left in the zip, never opened.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from cspdesk.errors import InputError

# Every force: the ONS force area it serves (None where the ONS lookup of England and Wales
# has none), police.uk's "Falls within" name, and the id police.uk names its files by.
FORCES: tuple[tuple[str | None, str, str], ...] = (
    ("Avon and Somerset", "Avon and Somerset Constabulary", "avon-and-somerset"),
    ("Bedfordshire", "Bedfordshire Police", "bedfordshire"),
    (None, "British Transport Police", "btp"),
    ("Cambridgeshire", "Cambridgeshire Constabulary", "cambridgeshire"),
    ("Cheshire", "Cheshire Constabulary", "cheshire"),
    ("London, City of", "City of London Police", "city-of-london"),
    ("Cleveland", "Cleveland Police", "cleveland"),
    ("Cumbria", "Cumbria Constabulary", "cumbria"),
    ("Derbyshire", "Derbyshire Constabulary", "derbyshire"),
    ("Devon & Cornwall", "Devon & Cornwall Police", "devon-and-cornwall"),
    ("Dorset", "Dorset Police", "dorset"),
    ("Durham", "Durham Constabulary", "durham"),
    ("Dyfed-Powys", "Dyfed-Powys Police", "dyfed-powys"),
    ("Essex", "Essex Police", "essex"),
    ("Gloucestershire", "Gloucestershire Constabulary", "gloucestershire"),
    ("Greater Manchester", "Greater Manchester Police", "greater-manchester"),
    ("Gwent", "Gwent Police", "gwent"),
    ("Hampshire", "Hampshire Constabulary", "hampshire"),
    ("Hertfordshire", "Hertfordshire Constabulary", "hertfordshire"),
    ("Humberside", "Humberside Police", "humberside"),
    ("Kent", "Kent Police", "kent"),
    ("Lancashire", "Lancashire Constabulary", "lancashire"),
    ("Leicestershire", "Leicestershire Police", "leicestershire"),
    ("Lincolnshire", "Lincolnshire Police", "lincolnshire"),
    ("Merseyside", "Merseyside Police", "merseyside"),
    ("Metropolitan Police", "Metropolitan Police Service", "metropolitan"),
    ("Norfolk", "Norfolk Constabulary", "norfolk"),
    ("North Wales", "North Wales Police", "north-wales"),
    ("North Yorkshire", "North Yorkshire Police", "north-yorkshire"),
    ("Northamptonshire", "Northamptonshire Police", "northamptonshire"),
    ("Northumbria", "Northumbria Police", "northumbria"),
    ("Nottinghamshire", "Nottinghamshire Police", "nottinghamshire"),
    (None, "Police Service of Northern Ireland", "northern-ireland"),
    ("South Wales", "South Wales Police", "south-wales"),
    ("South Yorkshire", "South Yorkshire Police", "south-yorkshire"),
    ("Staffordshire", "Staffordshire Police", "staffordshire"),
    ("Suffolk", "Suffolk Constabulary", "suffolk"),
    ("Surrey", "Surrey Police", "surrey"),
    ("Sussex", "Sussex Police", "sussex"),
    ("Thames Valley", "Thames Valley Police", "thames-valley"),
    ("Warwickshire", "Warwickshire Police", "warwickshire"),
    ("West Mercia", "West Mercia Police", "west-mercia"),
    ("West Midlands", "West Midlands Police", "west-midlands"),
    ("West Yorkshire", "West Yorkshire Police", "west-yorkshire"),
    ("Wiltshire", "Wiltshire Police", "wiltshire"),
)
# police.uk's name of each force -> the id in its file names.
FORCE_IDS = {name: force_id for _area, name, force_id in FORCES}
# police.uk's name for each ONS police force area (``cspdesk.setup.ons``).
FORCE_NAMES = {area: name for area, name, _id in FORCES if area is not None}
_NAMES = {force_id: name for name, force_id in FORCE_IDS.items()}
_FILE_NAME = re.compile(r"^\d{4}-\d{2}-([a-z0-9-]+?)-street\.csv$", re.IGNORECASE)
_FORCE_WORDS = re.compile(r"\s+(police service|police|constabulary)$", re.IGNORECASE)


def force_id(force: str) -> str:
    """The id police.uk names a force's files by: 'Nottinghamshire Police' ->
    'nottinghamshire'. A name police.uk does not use is made into one the same way
    (its last word Police or Constabulary left out, '&' as 'and')."""
    for name, known in FORCE_IDS.items():
        if name.casefold() == force.strip().casefold():
            return known
    words = _FORCE_WORDS.sub("", force.strip()).replace("&", " and ").casefold()
    return "-".join(re.findall(r"[a-z0-9]+", words))


def force_of_file(file_name: str) -> str | None:
    """The force id in a police.uk file's name ('2023-01-nottinghamshire-street.csv' ->
    'nottinghamshire'); None for a name not written police.uk's way."""
    found = _FILE_NAME.match(file_name.rsplit("/", 1)[-1])
    return found.group(1).casefold() if found else None


def force_name(force: str) -> str:
    """police.uk's name for a force id ('btp' -> 'British Transport Police'); an id not
    known stays as it is."""
    return _NAMES.get(force, force)


def one_forces_names(names: Sequence[str], force: str, source: Path) -> list[str]:
    """Of the street files named ``names`` in ``source`` (a zip or a folder), those of
    ``force``, when they are named after several forces; all of them when not. InputError
    naming the forces found when none is the force's."""
    found = {name: force_of_file(name) for name in names}
    forces = {f for f in found.values() if f is not None}
    if len(forces) < 2:
        return list(names)
    wanted = force_id(force)
    if wanted not in forces:
        held = sorted(force_name(f) for f in forces)
        raise InputError(f"{source.name} holds no police.uk street-level files for {force}, "
                         f"the area tree's force: it holds those of {len(held)} other forces "
                         f"({', '.join(held)}).")
    return [name for name, f in found.items() if f in (wanted, None)]
