"""The Qt application of cspdesk. Imports the ``cspdesk`` core; the core never imports this."""

import cspdesk  # noqa: E402,F401 - first, so sqlite-utils is imported without pandas (lean_imports)
