"""What in the window knows no subject: the tab base, table models and views, choosers,
forms, empty states and the one chart style. Subjects import these; these import no subject."""
