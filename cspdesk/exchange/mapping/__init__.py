"""Old spreadsheets (attendance lists, action trackers) read through a column mapping the
officer confirms: sheets, columns, targets, values, lookups, rows."""
