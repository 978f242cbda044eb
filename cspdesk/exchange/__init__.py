"""Exchange: the partner workbook (``layout`` is its contract; ``export`` with ``about``,
``reader``, ``checks`` with ``refusals``, ``importer``, ``review``) and, in ``mapping``, old
spreadsheets read through a column mapping. On screen: ``ui/exchange`` (the File menu's
dialogs)."""
