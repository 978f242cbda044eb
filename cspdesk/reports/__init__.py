"""The papers the officer writes, drafted from the data: the committee report, meeting agendas
and minutes, and the printed pages of the register, comparison, priority register and action
tracker.

Each paper is built as a plain document model (``document``: headings, paragraphs, lists,
tables, images) by a builder that reads the database, and written by small writers: Word
(``docx_writer``) here, the printed page in ``ui/reports``. A later writer (HTML, ODT) reads
the same model.
"""
