"""The Programmes subject on screen: the tab titled "Safer Streets" (programmes_tab), its
dashboard and actions pages, dialogs and table models."""
