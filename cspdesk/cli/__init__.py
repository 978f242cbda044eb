"""The ``cspdesk`` command: ``main`` is the group, ``options`` what every command shares, and a
module per subject holds its commands. An interface like ``ui/``: it calls the subjects, never
the reverse."""
