"""police.uk street-level files: ``reader`` finds and counts them, ``importer`` writes the
counts for the tree's force and districts in one transaction."""
