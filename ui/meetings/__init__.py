"""The Meetings tab: pages, dialogs and models."""
