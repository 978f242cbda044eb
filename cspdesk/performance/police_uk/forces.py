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

# police.uk's "Falls within" name of each force -> the id in its file names.
FORCE_IDS = {
    "Avon and Somerset Constabulary": "avon-and-somerset",
    "Bedfordshire Police": "bedfordshire", "British Transport Police": "btp",
    "Cambridgeshire Constabulary": "cambridgeshire", "Cheshire Constabulary": "cheshire",
    "City of London Police": "city-of-london", "Cleveland Police": "cleveland",
    "Cumbria Constabulary": "cumbria", "Derbyshire Constabulary": "derbyshire",
    "Devon & Cornwall Police": "devon-and-cornwall", "Dorset Police": "dorset",
    "Durham Constabulary": "durham", "Dyfed-Powys Police": "dyfed-powys",
    "Essex Police": "essex", "Gloucestershire Constabulary": "gloucestershire",
    "Greater Manchester Police": "greater-manchester", "Gwent Police": "gwent",
    "Hampshire Constabulary": "hampshire", "Hertfordshire Constabulary": "hertfordshire",
    "Humberside Police": "humberside", "Kent Police": "kent",
    "Lancashire Constabulary": "lancashire", "Leicestershire Police": "leicestershire",
    "Lincolnshire Police": "lincolnshire", "Merseyside Police": "merseyside",
    "Metropolitan Police Service": "metropolitan", "Norfolk Constabulary": "norfolk",
    "North Wales Police": "north-wales", "North Yorkshire Police": "north-yorkshire",
    "Northamptonshire Police": "northamptonshire", "Northumbria Police": "northumbria",
    "Nottinghamshire Police": "nottinghamshire",
    "Police Service of Northern Ireland": "northern-ireland",
    "South Wales Police": "south-wales", "South Yorkshire Police": "south-yorkshire",
    "Staffordshire Police": "staffordshire", "Suffolk Constabulary": "suffolk",
    "Surrey Police": "surrey", "Sussex Police": "sussex",
    "Thames Valley Police": "thames-valley", "Warwickshire Police": "warwickshire",
    "West Mercia Police": "west-mercia", "West Midlands Police": "west-midlands",
    "West Yorkshire Police": "west-yorkshire", "Wiltshire Police": "wiltshire",
}
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
