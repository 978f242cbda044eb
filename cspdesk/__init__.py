"""cspdesk: the Community Safety Partnership Support Officer's desk.

The core package: data, rules, import/export and the command line. It never imports Qt;
the Qt application lives in the separate ``ui`` package.
"""

__version__ = "0.1.0"
APP_NAME = "cspdesk"
