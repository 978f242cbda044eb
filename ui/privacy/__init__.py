"""The personal data screens: the audit log and a record's history, a person's data and
erasure, retention."""
