from cspdesk.cli import main

main(obj={}, prog_name="cspdesk")
