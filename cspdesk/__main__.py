from cspdesk.cli.main import main

main(obj={}, prog_name="cspdesk")
