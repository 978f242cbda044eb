"""The Priorities tab (``priorities_tab``): the register's list, a priority's form, links,
history and carry-forward. The rules are in ``cspdesk/priorities``."""
