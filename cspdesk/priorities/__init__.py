"""Priorities: the yearly priority register, carried forward with its lineage and history,
linked to measures and actions, and exported in the committee report's layout. On screen:
``ui/priorities``."""
