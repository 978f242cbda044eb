"""The first run: the welcome screen and setting a partnership up."""
