"""sqlite-utils without pandas and numpy: the start-up path stays light.

sqlite-utils 4.x imports pandas and numpy at its own import (``sqlite_utils/db.py``:
``pd = importlib.import_module("pandas")`` and the same for numpy, each in ``try/except
ImportError``) for one purpose only: adding their scalar types (``numpy.int64``,
``pandas.Timestamp``...) to ``COLUMN_TYPE_MAPPING``, the column type sqlite-utils gives a
table it creates from Python values. That was 0.4 s of every start of cspdesk, and of every
command. cspdesk creates its tables with SQL (``store/migrations.py``), but to keep
sqlite-utils behaving exactly as documented the mapping completes itself: a value of a
numpy or pandas type can only exist once that library is imported, so the types are added at
the first look-up that misses them.

Sound because sqlite-utils (4.2.1) uses ``pd`` and ``np`` for nothing else: no other line
of the package names them (``rows_from_file``, ``insert_all`` and the rest never do), which
``tests/test_startup_imports.py`` checks against the installed sqlite-utils, with the types
still given once numpy and pandas are loaded. The cleaner fix belongs upstream (sqlite-utils
importing them only when a value of theirs is first typed); until then this module.

``import_sqlite_utils`` runs from ``Database.table`` (``cspdesk/store/connection.py``), the
one place cspdesk imports sqlite-utils, which cspdesk's own code does not call (tests and
ad-hoc scripts do). A module hidden is hidden from every thread, so it hides them only
while no other thread runs; otherwise sqlite-utils is imported as it is, pandas and all.

sqlite-utils also imports ``dateutil.parser`` (0.015 s) for its date recipes, which cspdesk
never calls: the parser is given to it to be loaded at its first use (Python's
``LazyLoader``). pandas, which uses it too, loads it then; pandas is imported under its own
import lock, so two threads never load the parser at once (``LazyLoader`` is not safe for
that before Python 3.12).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from typing import Any

_HEAVY = ("pandas", "numpy")
_ON_FIRST_USE = ("dateutil.parser",)


def import_sqlite_utils() -> None:
    """Import sqlite-utils with pandas and numpy hidden, unless they are loaded already."""
    if "sqlite_utils.db" in sys.modules:
        return
    for name in _ON_FIRST_USE:
        load_on_first_use(name)
    hidden = [name for name in _HEAVY if name not in sys.modules
              and threading.active_count() == 1]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # import_module raises ImportError
    try:
        import sqlite_utils.db as db
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    if hidden:
        db.COLUMN_TYPE_MAPPING = ColumnTypesOnFirstUse(db.COLUMN_TYPE_MAPPING)


def load_on_first_use(name: str) -> None:
    """Put module ``name`` in place to be loaded when one of its names is first used, unless
    it is loaded already (or cannot be found: its importer then says so as usual)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)


class ColumnTypesOnFirstUse(dict):  # type: ignore[type-arg]
    """sqlite-utils' ``COLUMN_TYPE_MAPPING``, given numpy's and pandas' types (the same
    entries sqlite_utils/db.py adds) the first time a type is missing and they are loaded."""

    def __missing__(self, key: Any) -> str:
        if self._add_loaded_types():
            return self[key]  # type: ignore[no-any-return]
        raise KeyError(key)

    def get(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self._add_loaded_types()
        return super().get(key, default)

    def _add_loaded_types(self) -> bool:
        added = False
        np = sys.modules.get("numpy")
        if np is not None and hasattr(np, "int64") and np.int64 not in self:
            names = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")
            self.update({getattr(np, n): "INTEGER" for n in names if hasattr(np, n)})
            self.update({getattr(np, n): "REAL" for n in ("float16", "float32", "float64")
                         if hasattr(np, n)})
            added = True
        pd = sys.modules.get("pandas")
        if pd is not None and hasattr(pd, "Timestamp") and pd.Timestamp not in self:
            self[pd.Timestamp] = "TEXT"
            added = True
        return added
