"""What's This? (Help > What's This?, Shift+F1, then a click): what a control or a column
means, in the officer's words (the partnership's glossary), written once here.

A table's column is explained by its heading, both in its header and in its cells
(``column_explanation``, read by the table models); a control by the term it stands for
(``explain``), or, for every control of a window, by the label beside it
(``explain_controls``, run with the accessible names).
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

_PERIODS = (
    "The period counted, against the same months one year earlier. Financial year: 1 April "
    "to 31 March, written 2023/24. Financial year to date (FYTD): from 1 April to the "
    "latest month. Rolling 12 months (R12): the 12 months to the latest month. Month: one "
    "month.")
_MARKS = (
    "Attendance marks: present, present online, apologies (sent before the meeting), absent "
    "(no apologies), substitute (someone came in a member's place), in attendance (came, not "
    "a member). Keys: P, O, A, X, S.")

EXPLAINED: dict[str, str] = {
    "period": _PERIODS,
    "financial year": "Financial year: 1 April to 31 March, written 2023/24.",
    "fytd": _PERIODS,
    "test": (
        "The test of significance: whether a change against the same period last year is "
        "more than chance alone would give, at 5%. Binomial: the exact conditional test, "
        "never too eager. Poisson: the analyst's z-test, for comparison with older reports."),
    "significance": (
        "Whether the change against the same period last year is more than chance alone "
        "would give (the test chosen above, at 5%). A change that is not significant is shown "
        "in grey and worded so; where a count is under 10 the test has little power."),
    "change": (
        "The change against the same period last year (the same months one year earlier, "
        "the comparison every performance figure is made against), in numbers and in %."),
    "year before": "The same period last year: the same months one year earlier.",
    "measure": (
        "What is counted. All crime: every police-recorded crime; it excludes ASB "
        "(anti-social behaviour), which is an incident, not a crime. Or one crime type."),
    "level": (
        "The area's level: the force (the police force area), the county (the county "
        "council's area, without a unitary city), a CSP (Community Safety Partnership), a "
        "district or borough council, or a city."),
    "data quality": (
        "A month whose count is doubtful: far below the months either side (under a third "
        "of their median, as when police.uk's supply was incomplete), or missing between "
        "the first and last months with counts. A figure built on it may be wrong."),
    "why it is flagged": (
        "Why the month's count is doubtful: far below the months either side, or missing."),
    "lsoa": (
        "LSOA: Lower Layer Super Output Area, a small census area (about 1,500 people); "
        "police.uk places each record in one, named by its local authority and a code "
        "(\"Bassetlaw 012C\")."),
    "hotspots": (
        "Hotspots: places where incidents concentrate. The LSOAs with the most records in "
        "the period, from the police.uk street-level files."),
    "monthly figures": (
        "Each month's count for every area: typed counts are shaded yellow, counts imported "
        "from police.uk are plain, sums of the areas below are grey and in italics; a "
        "data-quality flag shows in red. Hover a cell to see where its count came from."),
    "import police.uk files": (
        "Read police.uk street-level files (a month's zip, or the folder or national "
        "archive): police.uk is the only source of imported counts."),
    "quorum": (
        "Quorum: the minimum attendance for a meeting's decisions to stand, set in the "
        "group's terms of reference."),
    "attendance": _MARKS,
    "mark": _MARKS,
    "subs": "Substitutes: someone came in a member's place.",
    "substitute": "Substitute: someone came in a member's place.",
    "apologies": "Apologies: sent before the meeting.",
    "absent": "Absent: no apologies (a member not marked at a held meeting counts as absent).",
    "in attendance": "In attendance: came, not a member.",
    "expected": "Expected: the members of the group on the day of each held meeting.",
    "attendance %": (
        "The share of expected attendances where the member came (present, online or by a "
        "substitute), to one decimal place."),
    "tier": (
        "The group's tier: strategic (the JSG, Joint Strategic Group, which sets the "
        "priorities), delivery (the PDG, Partnership Delivery Group) or operational (working "
        "groups below the PDG, e.g. a domestic abuse forum, an ASB case panel)."),
    "responsible authority": (
        "Responsible authorities: the bodies the law makes members: district council(s), "
        "county council, chief officer of police, fire and rescue authority, integrated care "
        "board."),
    "meeting status": (
        "Where the meeting stands: scheduled, held, postponed or cancelled. Only a held "
        "meeting counts in attendance."),
    "action arising status": "Where the action stands: open, done or dropped.",
    "status": (
        "Where the action stands: not started, in progress, complete or cancelled. With the "
        "dates and spend it decides the RAG status."),
    "priority status": (
        "Where the priority stands in the register: proposed, agreed (at the meeting named) "
        "or retired."),
    "rag": (
        "RAG: red, amber, green status of an action. Red when overdue or over budget; amber "
        "when due within 30 days with work left, or its spend is behind profile; green "
        "otherwise. Worked out as at the day chosen; set by hand it needs a reason. The cell "
        "says the colour in words, and its tip says why."),
    "as at": (
        "The day the RAG status, spend to date and forecasts are worked out for; at first "
        "the day of the programme's latest progress update, so open actions are judged on "
        "what was known then."),
    "budget": "Budget: the money allotted to the action from the programme's award.",
    "spent": "Spent: the spend recorded for the action, quarter by quarter, to the day chosen.",
    "spend": "Spend: the money recorded as spent, quarter by quarter.",
    "forecast": (
        "Forecast: the spend recorded in the year's quarters plus what is left of the budget "
        "of every unfinished action planned to end in that year (once its spend-by date has "
        "passed, only what was spent)."),
    "limit": (
        "Limit: the most the funder allows to be spent in that financial year; money cannot "
        "move between years."),
    "spend by": "Spend by: the last day that financial year's money can be spent.",
    "over (+) / under (-)": "Over (+) or under (-): the forecast against the year's limit.",
    "intervention": (
        "Intervention: one funded measure: CCTV, lighting, gating, target hardening, "
        "wardens, education, a night of action."),
    "theme or heading": (
        "The bid's theme (a Safer Streets programme) or the plan's heading (an action plan) "
        "the action comes under."),
    "output": "Output: what the action delivers, counted (4 CCTV cameras replaced).",
    "due": "Due: the action's planned end.",
    "days left": "Days left: from the day chosen to the programme's end date.",
    "left to spend": "Left to spend: the award less the spend to date.",
    "award": "Award: the grant the funder awarded for the programme.",
    "police and crime plan": (
        "P&C Plan: the Police and Crime Commissioner's Police and Crime Plan. Whether this "
        "priority is in it, and under which heading."),
    "why a priority": (
        "What put it on the register: the strategic assessment (the yearly analysis of "
        "crime, disorder, substance misuse and reoffending), a statutory duty (such as the "
        "Serious Violence Duty), or local concern."),
    "measures that track it": (
        "The performance measures whose monthly figures show how this priority is going."),
    "agreed at": "The meeting that agreed the priority (usually the JSG).",
}


def _key(term: str) -> str:
    return term.replace("&", "").strip(" :…*").strip().lower()


def explanation(term: str) -> str:
    """What ``term`` (a heading, a label's text) means; "" when it needs no explaining."""
    return EXPLAINED.get(_key(term), "")


def explain(widget: QWidget, term: str) -> None:
    """Give ``widget`` the explanation of ``term`` for What's This?."""
    text = explanation(term)
    if not text:
        raise KeyError(f"no explanation of '{term}'")
    widget.setWhatsThis(text)


def explain_controls(root: QWidget) -> None:
    """Every label under ``root`` whose words are explained, and the control it labels
    (its buddy or its form field), explain themselves, unless told otherwise already."""
    pairs = [(label, label.buddy()) for label in root.findChildren(QLabel)]
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = form.labelForField(item.widget()) if item and item.widget() else None
            if isinstance(label, QLabel):
                pairs.append((label, item.widget()))
    for label, control in pairs:
        text = control.whatsThis() if control is not None and control.whatsThis() else \
            explanation(label.text())
        for widget in (label, control):
            if text and widget is not None and not widget.whatsThis():
                widget.setWhatsThis(text)
