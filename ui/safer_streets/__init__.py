"""The pages and dialogs of the Safer Streets tab: actions, their history and the dashboard."""
