"""The Meetings tab (``meetings_tab``): meetings and registers, statistics, actions and the
partnership's structure, with their dialogs and models. The rules are in ``cspdesk/meetings``."""
