"""How the papers word dates and counts where a paper's heading reads better in full."""

from __future__ import annotations

import datetime as dt

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def long_date(value: str | dt.date | None, weekday: bool = False) -> str:
    """A date as a paper's heading writes it: '26 June 2023', or 'Tuesday 18 April 2023'
    with ``weekday``; empty for no date. Tables and lists keep dd/mm/yyyy."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    text = f"{day.day} {day:%B %Y}"
    return f"{day:%A} {text}" if weekday else text


def number_word(n: int) -> str:
    """Small counts in words, as prose writes them: 3 -> 'three'; 11 and up as figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


def paragraphs_of(text: str | None) -> list[str]:
    """Text typed in a box as its paragraphs: split at blank lines, each line kept."""
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")
            if part.strip()]
