"""The Priorities tab: the register's list, the priority's form, links, history, dialogs."""
