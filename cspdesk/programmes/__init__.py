"""Programmes: funded projects such as the Home Office Safer Streets fund, with their
actions, dated updates, spend per quarter, RAG status and the monitoring return. On screen:
``ui/programmes`` (the tab is titled "Safer Streets")."""
