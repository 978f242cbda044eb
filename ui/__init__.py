"""The Qt application of cspdesk. Imports the ``cspdesk`` core; the core never imports this."""

import cspdesk  # noqa: E402,F401 - first: the core sets up its libraries (cspdesk/__init__.py)
