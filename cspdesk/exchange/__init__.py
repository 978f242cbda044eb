"""Exchange: the partner workbook (``layout`` is its contract; ``export``, ``reader``,
``checks``, ``importer``, ``review``) and, in ``mapping``, old spreadsheets read through a
column mapping. On screen: ``ui/exchange`` (the File menu's dialogs)."""
