"""The Qt application of cspdesk. Imports the ``cspdesk`` core; the core never imports this."""
