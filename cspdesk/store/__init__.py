"""The store: the one place a cspdesk database is opened, upgraded, copied and checked.

Layers, bottom first: ``connection`` (one SQLite connection, its errors), ``migrations``
(the schema's forward-only steps), ``backup`` (online copies, each integrity-checked),
``database`` (create, open, check: the only module the rest of cspdesk opens a file through),
``backups`` (the schedule: daily, before an import, thinned), ``restore`` (what a backup
holds; putting one back), ``settings``.
"""
