"""police_uk."""
