"""priorities."""
