"""cspdesk: the Community Safety Partnership Support Officer's desk.

The core package: data, rules, import/export and the command line. It never imports Qt;
the Qt application lives in the separate ``ui`` package.
"""

import os

__version__ = "0.1.0"
APP_NAME = "cspdesk"

# openpyxl parses workbooks with lxml whenever lxml is installed (python-docx brings it in),
# and lxml leaves a DTD's entities unexpanded where defusedxml refuses the file. Keep openpyxl
# on the standard library's parser guarded by defusedxml, which cspdesk's workbook reader
# relies on (cspdesk/exchange/reader.py). Set before openpyxl is first imported.
os.environ["OPENPYXL_LXML"] = "False"
