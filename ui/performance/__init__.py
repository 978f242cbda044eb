"""The Performance tab: pages, models and dialogs."""
