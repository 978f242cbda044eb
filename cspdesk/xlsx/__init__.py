"""Writing Excel files safely (no formula, no control character, one print layout):
``writer`` for ordinary sheets, ``stream`` for write-only sheets of any size."""
