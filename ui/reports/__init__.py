"""The papers on screen: the committee report dialog, meeting papers, charts drawn for
papers, and printing any paper (the core's document model) with Qt's print support."""
