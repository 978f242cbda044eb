"""programmes."""
