"""Forms of the Safer Streets tab: programmes, actions, progress updates, spend and RAG."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from cspdesk.dates import financial_quarter_of, quarters_between
from cspdesk.errors import InputError
from cspdesk.money import format_pounds, pounds_text
from cspdesk.programmes.actions import add_update, save_action, set_rag_override
from cspdesk.programmes.programmes import (
    INTERVENTIONS,
    STATUSES,
    ActionRow,
    Programme,
    district_choices,
    headings,
    organisation_choices,
    priority_choices,
    save_programme,
)
from cspdesk.programmes.spend import (
    NeedsConfirmation,
    confirmation_text,
    list_spend,
    save_spend,
    spend_in_quarter,
    spend_warnings,
)
from cspdesk.store.connection import Database
from ui.widgets.forms import Field, FormDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("Programmes", text)


def _capitalised(values: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(v[:1].upper() + v[1:], v) for v in values]


def _placeholder(dialog: FormDialog, name: str, text: str) -> None:
    widget = dialog.widgets[name]
    if isinstance(widget, QPlainTextEdit | QLineEdit):
        widget.setPlaceholderText(text)


# Programmes ------------------------------------------------------------------------------


def programme_dialog(db: Database, parent: QWidget, programme: Programme | None = None
                     ) -> FormDialog:
    """Add a programme (funded, or an action plan without money) or edit one."""
    values: dict[str, Any] = {"kind": "funded"}
    if programme is not None:
        values = {**vars(programme), "award": pounds_text(programme.award_pence),
                  "match_funding": pounds_text(programme.match_funding_pence),
                  "themes": "\n".join(programme.themes),
                  "year_limits": "\n".join(y.describe() for y in programme.year_limits)}
    fields = [
        Field("name", _tr("Name"), required=True, placeholder=_tr("e.g. Safer Streets 5")),
        Field("kind", _tr("Kind"), "choice", [(_tr("Funded programme"), "funded"),
                                              (_tr("Action plan (no money)"), "action plan")]),
        Field("funder", _tr("Funder"), placeholder=_tr("e.g. Home Office")),
        Field("round", _tr("Round")),
        Field("award", _tr("Award (£)"), placeholder="750,000"),
        Field("match_funding", _tr("Match funding (£)")),
        Field("start_date", _tr("Starts"), "date"),
        Field("end_date", _tr("Ends"), "date"),
        Field("year_limits", _tr("Limit by financial year"), "multiline"),
        Field("themes", _tr("Themes (one a line)"), "multiline"),
        Field("areas", _tr("Areas"), "checks", _area_choices(db, programme)),
        Field("notes", _tr("Notes"), "multiline"),
    ]

    def save(v: dict[str, Any]) -> int:
        return save_programme(db, v, programme.id if programme else None)

    title = _tr("Edit programme") if programme else _tr("Add a programme or action plan")
    dialog = FormDialog(title, fields, values, save, parent, intro=_tr(
        "Money cannot move between financial years: give each year's limit on a line of its "
        "own, with the date it must be spent by."))
    _placeholder(dialog, "year_limits", "2022/23: £500,000 by 31/03/2023\n"
                                        "2023/24: £250,000 by 30/09/2023")
    return dialog


def _area_choices(db: Database, programme: Programme | None) -> list[tuple[str, Any]]:
    names = [name for name, _id in district_choices(db)]
    names += [a for a in (programme.areas if programme else []) if a not in names]
    return [(name, name) for name in names]


# Actions -----------------------------------------------------------------------------------


def action_dialog(db: Database, parent: QWidget, programme: Programme,
                  action: ActionRow | None = None) -> FormDialog:
    """Add an action to a programme or edit one; a funded programme's actions have a theme
    and a budget, an action plan's a heading."""
    values: dict[str, Any] = {"status": "not started"}
    if action is not None:
        values = {**vars(action), "budget": pounds_text(action.budget_pence)}

    def save(v: dict[str, Any]) -> int:
        if not v.get("output_count") and not (v.get("output_unit") or "").strip():
            v["output_count"] = None
        v["programme_id"] = programme.id
        return save_action(db, v, action.id if action else None)

    title = _tr("Edit action") if action else _tr("Add an action")
    return FormDialog(title, _action_fields(db, programme, action), values, save, parent,
                      intro=programme.name)


def _action_fields(db: Database, programme: Programme, action: ActionRow | None
                   ) -> list[Field]:
    funded = programme.kind == "funded"
    if funded:
        group = Field("theme", _tr("Theme"), "choice", [("", None)] + [
            (t, t) for t in programme.themes], editable_choice=True)
    else:
        group = Field("heading", _tr("Heading"), "choice", [("", None)] + [
            (h, h) for h in headings(db, programme.id)], editable_choice=True)
    district = [action.district_id] if action and action.district_id else []
    fields = [
        Field("title", _tr("Action"), required=True), group,
        Field("intervention", _tr("Intervention"), "choice",
              [(_tr("Not set"), None), *_capitalised(INTERVENTIONS)]),
        Field("location", _tr("Location")),
        Field("district_id", _tr("District"), "choice",
              [(_tr("Joint (no one district)"), None), *district_choices(db, district)]),
        Field("owner_organisation_id", _tr("Owner organisation"), "choice",
              [(_tr("Not set"), None), *organisation_choices(db)]),
        Field("owner_officer", _tr("Owner officer")),
        Field("priority_id", _tr("Priority"), "choice",
              [(_tr("Not linked to a priority"), None), *priority_choices(db)]),
        Field("status", _tr("Status"), "choice", _capitalised(STATUSES)),
        Field("planned_start", _tr("Planned start"), "date"),
        Field("planned_end", _tr("Planned end"), "date"),
        Field("completed_on", _tr("Completed on"), "date"),
        Field("budget", _tr("Budget (£)")),
        Field("output_count", _tr("Output (number)"), "int", extra={"maximum": 1_000_000}),
        Field("output_unit", _tr("Output unit"), placeholder=_tr("e.g. CCTV cameras replaced")),
        Field("evidence", _tr("Evidence (links, one a line)"), "multiline"),
    ]
    return fields if funded else [f for f in fields if f.name != "budget"]


def update_dialog(db: Database, parent: QWidget, action: ActionRow) -> FormDialog:
    """Add a dated progress update; earlier updates are kept as they were."""
    fields = [
        Field("date", _tr("Date"), "date", required=True, optional_date=False),
        Field("text", _tr("Progress"), "multiline", required=True),
        Field("author", _tr("By")),
    ]
    dialog = FormDialog(_tr("Progress update"), fields, {"date": dt.date.today()},
                        lambda v: add_update(db, action.id, v), parent,
                        intro=_tr("{title}. Updates are kept as a dated history; this one is "
                                  "added to it.").format(title=action.title))
    return dialog


def rag_dialog(db: Database, parent: QWidget, action: ActionRow) -> FormDialog:
    """Set the action's RAG colour by hand (a reason is required) or go back to the rules."""
    fields = [
        Field("rag_override", _tr("RAG"), "choice",
              [(_tr("Worked out by the rules"), None), (_tr("Red"), "red"),
               (_tr("Amber"), "amber"), (_tr("Green"), "green")]),
        Field("rag_override_reason", _tr("Reason"), "multiline"),
    ]
    values = {"rag_override": action.rag_override,
              "rag_override_reason": action.rag_override_reason}
    def save(v: dict[str, Any]) -> int:
        set_rag_override(db, action.id, v["rag_override"], v["rag_override_reason"])
        return action.id

    intro = _tr("The rules give {colour}: {reason}.").format(
        colour=action.rag.worked_out, reason=action.rag.worked_reason)
    return FormDialog(_tr("Set RAG by hand"), fields, values, save, parent, intro=intro)


# Spend -------------------------------------------------------------------------------------


class SpendDialog(FormDialog):
    """Record an action's spend in a quarter. A spend that takes the programme above its
    award or a year above its limit is warned about at the field and saved only when the
    user presses Save again (the button then says so). Once shown, the warning follows the
    amount and quarter as they change: it always speaks of the spend the form holds."""

    def __init__(self, db: Database, parent: QWidget, programme: Programme,
                 action: ActionRow, as_at: dt.date | None = None) -> None:
        quarters = _quarter_choices(programme, db, action.id)
        current = financial_quarter_of(as_at or dt.date.today())
        default = current if current in quarters else quarters[-1]
        fields = [Field("quarter", _tr("Quarter"), "choice", [(q, q) for q in quarters]),
                  Field("amount", _tr("Spent in the quarter (£)"), placeholder="0.00")]
        values = {"quarter": default,
                  "amount": pounds_text(spend_in_quarter(db, action.id, default)) or ""}
        super().__init__(_tr("Record spend"), fields, values, self._save_spend, parent,
                         intro=_spend_intro(db, action))
        self.db, self.action = db, action
        self._warned: dict[str, Any] | None = None
        quarter, amount = self.widgets["quarter"], self.widgets["amount"]
        assert isinstance(quarter, QComboBox) and isinstance(amount, QLineEdit)
        quarter.currentIndexChanged.connect(self._quarter_changed)
        amount.textChanged.connect(self._follow_warning)
        box = self.findChild(QDialogButtonBox)
        self.save_button = box.button(QDialogButtonBox.StandardButton.Save)

    def _quarter_changed(self) -> None:
        amount = self.widgets["amount"]
        assert isinstance(amount, QLineEdit)
        spent = spend_in_quarter(self.db, self.action.id, self.values()["quarter"])
        amount.setText(pounds_text(spent))
        self._follow_warning()

    def _follow_warning(self) -> None:
        """A warning on screen is worked out again for the spend as the form now holds it,
        or goes when there is nothing left to warn about (a refusal waits for Save)."""
        if self._warned is None:
            return
        values = self.values()
        try:
            warnings = spend_warnings(self.db, self.action.id, values)
        except InputError:
            warnings = []
        if not warnings:
            self._reset_warning()
            self.errors["amount"].hide()
            return
        self._warned = values
        self.errors["amount"].setText(confirmation_text(warnings))
        self.adjustSize()

    def _reset_warning(self) -> None:
        self._warned = None
        self.save_button.setText(_tr("Save"))

    def _save_spend(self, values: dict[str, Any]) -> int:
        try:
            save_spend(self.db, self.action.id, values, confirmed=values == self._warned)
        except NeedsConfirmation:
            self._warned = values
            self.save_button.setText(_tr("Save anyway"))
            raise
        except InputError:
            self._reset_warning()
            raise
        return self.action.id

    def show_error(self, message: str, field_name: str | None) -> None:
        super().show_error(message, field_name)
        self.adjustSize()  # room for the warning, however long


def _quarter_choices(programme: Programme, db: Database, action_id: int) -> list[str]:
    today = dt.date.today()
    start = dt.date.fromisoformat(programme.start_date) if programme.start_date else today
    end = dt.date.fromisoformat(programme.end_date) if programme.end_date else today
    quarters = set(quarters_between(start, max(end, start)))
    quarters |= {row.quarter for row in list_spend(db, action_id)}
    return sorted(quarters)


def _spend_intro(db: Database, action: ActionRow) -> str:
    spend = list_spend(db, action.id)
    so_far = ", ".join(f"{s.quarter} {format_pounds(s.amount_pence)}" for s in spend)
    budget = format_pounds(action.budget_pence) if action.budget_pence is not None else \
        _tr("no budget set")
    return _tr("{title}. Budget {budget}; spent so far: {so_far}. Give the whole amount "
               "spent in the quarter; 0 removes it.").format(
        title=action.title, budget=budget, so_far=so_far or _tr("nothing"))
