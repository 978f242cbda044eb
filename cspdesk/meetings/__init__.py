"""Meetings: the partnership's structure (organisations, people, groups, memberships, chairs),
its meetings and series, the register taken at each and the quorum, attendance over time,
and the calendar and spreadsheets made from them. On screen: ``ui/meetings``."""
