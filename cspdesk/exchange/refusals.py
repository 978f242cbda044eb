"""SQLite's refusals turned into plain sentences: a refused row of the partner workbook
said as the column at fault and what is wrong with it, and a column's name as words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

_NAMES = {"completed_on": "completion date", "rag_override": "RAG override",
          "rag_override_reason": "reason for the RAG override", "date": "date"}


def label(column: str) -> str:
    """A column as words: 'end_date' -> 'end date', 'person_id' -> 'person'."""
    if column in _NAMES:
        return _NAMES[column]
    return column.removesuffix("_pence").removesuffix("_id").replace("_", " ")


def refusal(message: str, row: Mapping[str, Any], thing: str = "record") -> tuple[str, str]:
    """SQLite's message for a refused row as (the column at fault or '', a plain sentence);
    ``thing`` names a record of the table in words ('organisation')."""
    kind, _, detail = message.partition(" constraint failed: ")
    if kind == "NOT NULL":
        column = detail.rpartition(".")[2]
        return column, f"the {label(column)} must be filled in."
    if kind == "UNIQUE":
        columns = [c.rpartition(".")[2] for c in detail.split(", ")]
        if len(columns) == 1:
            value = row.get(columns[0])
            return columns[0], (f"another {thing} already has the {label(columns[0])} "
                                f"'{value}'.")
        words = " and ".join(label(c) for c in columns)
        return columns[-1], f"another {thing} already has the same {words}."
    if kind == "CHECK":
        return _check_refusal(" ".join(detail.split()), row)
    stored = re.match(r"cannot store (\w+) value in (\w+) column \w+\.(\w+)", message)
    if stored:
        return stored.group(3), (f"the {label(stored.group(3))} must be "
                                 f"{'a number' if stored.group(2) != 'TEXT' else 'text'}.")
    return "", f"the database refused this row ({message})."


def _check_refusal(rule: str, row: Mapping[str, Any]) -> tuple[str, str]:
    """A CHECK rule of the schema as a sentence; ``rule`` with its spaces collapsed."""
    conditions = rule.split(" OR ")
    while len(conditions) > 1 and re.fullmatch(r"\w+ IS NULL", conditions[0]):
        conditions.pop(0)
    rest = " OR ".join(conditions)
    for pattern, sentence in _CHECKS:
        match = re.fullmatch(pattern, rest)
        if match:
            return sentence(match, row)
    return "", f"the database refused this row (the rule {rule} is not met)."


def _allowed(m: re.Match, row: Mapping[str, Any]) -> tuple[str, str]:
    column, values = m.group(1), re.findall(r"'([^']*)'", m.group(2))
    return column, (f"'{row.get(column)}' is not an allowed {label(column)}; use one of: "
                    f"{', '.join(values)}.")


def _written_like(m: re.Match, row: Mapping[str, Any]) -> tuple[str, str]:
    column, pattern = m.group(1), m.group(2)
    if "/" in pattern:
        example = "a financial year such as 2023/24"
    elif ":" in pattern:
        example = "a time such as 18:30"
    elif pattern.count("[") == 6:
        example = "a month such as 2023-04"
    else:
        example = "a date such as 11/04/2023"
    return column, f"'{row.get(column)}' is not written as {example}."


_CHECKS: list[tuple[str, Callable[[re.Match, Mapping[str, Any]], tuple[str, str]]]] = [
    (r"(\w+) IN \((.*)\)", _allowed),
    (r"(\w+) >= 0", lambda m, r: (m.group(1), f"the {label(m.group(1))} cannot be negative.")),
    (r"(\w+) >= (\w+)", lambda m, r: (m.group(1), f"the {label(m.group(1))} is before the "
                                                  f"{label(m.group(2))}.")),
    (r"(\w+) > (\w+)", lambda m, r: (m.group(1), f"the {label(m.group(1))} is not after the "
                                                 f"{label(m.group(2))}.")),
    (r"trim\((\w+)\) <> ''", lambda m, r: (m.group(1), f"the {label(m.group(1))} is empty.")),
    (r"(\w+) GLOB ('.*')", _written_like),
    (r"json_valid\((\w+)\)", lambda m, r: (m.group(1), f"the {label(m.group(1))} is not "
                                                       "valid JSON.")),
    (r"(\w+) <> '([^']*)' OR (\w+) IS NOT NULL",
     lambda m, r: (m.group(3), f"with the {label(m.group(1))} '{m.group(2)}', the "
                               f"{label(m.group(3))} must be filled in.")),
    (r"(\w+) <> (\w+)", lambda m, r: (m.group(1), f"the {label(m.group(1))} cannot be the "
                                                  f"same as the {label(m.group(2))}.")),
    (r"trim\(coalesce\((\w+), ''\)\) <> ''",
     lambda m, r: (m.group(1), f"the {label(m.group(1))} must be filled in.")),
]
