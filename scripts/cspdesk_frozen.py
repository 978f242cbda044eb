"""Entry script for the PyInstaller build (build.spec): the same CLI as the `cspdesk` command."""

from cspdesk.cli.main import main

main(obj={}, prog_name="cspdesk")
