"""The File menu's exchange dialogs: export and import the partner workbook, and map the
columns of an old spreadsheet. The rules are in ``cspdesk/exchange``."""
