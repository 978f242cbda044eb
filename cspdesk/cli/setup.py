"""``cspdesk new`` (an empty database, or a partnership set up from the ONS lookup) and
``cspdesk forces`` (the lookup's forces, or one force's districts and CSPs)."""

from __future__ import annotations

from pathlib import Path

import click

from cspdesk.cli.options import DB_PATH
from cspdesk.errors import InputError
from cspdesk.setup.ons import districts_of, districts_of_csp, force_name, forces
from cspdesk.setup.partnership import PartnershipChoice, new_partnership_database
from cspdesk.store import migrations
from cspdesk.store.database import create_database


@click.command()
@click.argument("path", type=DB_PATH)
@click.option("--force", "force", help="The police force (\"Nottinghamshire Police\"); "
              "with --csp or --district, sets the partnership up.")
@click.option("--csp", help="The partnership as the ONS lookup names it (\"South "
              "Nottinghamshire\"): its districts.")
@click.option("--district", "districts", multiple=True,
              help="A district of the partnership (repeat for each).")
@click.option("--name", help="The partnership's name (default: its districts' names).")
@click.option("--county", help="The county's name (default: the force area's).")
@click.option("--rename", "renames", multiple=True, metavar="OLD=NEW",
              help="A district's name since 2019, as police.uk LSOA names have it.")
def new(path: Path, force: str | None, csp: str | None, districts: tuple[str, ...],
        name: str | None, county: str | None, renames: tuple[str, ...]) -> None:
    """Create a cspdesk database at PATH: empty, or with --force and --csp or --district
    a partnership's area tree, responsible authorities and standard measures."""
    choice = _choice(force, csp, districts, name, county, renames)
    if choice is not None:
        summary = new_partnership_database(path, choice)
        click.echo(f"Created {path}. {summary.sentence()}")
    else:
        create_database(path).close()
        click.echo(f"Created an empty cspdesk database at {path} (schema version "
                   f"{migrations.latest_version()}).")


def _choice(force: str | None, csp: str | None, districts: tuple[str, ...], name: str | None,
            county: str | None, renames: tuple[str, ...]) -> PartnershipChoice | None:
    if force is None:
        if csp or districts:
            raise InputError("Say which police force with --force (see: cspdesk forces).")
        return None
    chosen = list(districts)
    if csp:
        chosen += [d.name for d in districts_of_csp(force, csp)]
        name = name or f"{csp.strip().removesuffix(' CSP')} CSP"
    if not chosen:
        raise InputError(f"Say which districts with --csp or --district (see: cspdesk forces "
                         f"\"{force}\").")
    pairs = {}
    for text in renames:
        old, sep, newer = text.partition("=")
        if not sep or not old.strip() or not newer.strip():
            raise InputError(f"--rename takes OLD=NEW (\"Aylesbury Vale=Buckinghamshire\"), "
                             f"not '{text}'.")
        pairs[old.strip()] = newer.strip()
    return PartnershipChoice(force, chosen, name, county, pairs)


@click.command(name="forces")
@click.argument("force", required=False)
def forces_command(force: str | None) -> None:
    """List the forces of England and Wales, or FORCE's districts with their CSPs (ONS
    lookup, December 2019)."""
    if force is None:
        for each in forces():
            click.echo(each)
        return
    found = districts_of(force)
    click.echo(f"{force_name(found[0].force_area)}: district (CSP)")
    for district in found:
        click.echo(f"{district.name} ({district.csp_name})")
