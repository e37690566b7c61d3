"""Where a case stands in the protocol, and which documents the protocol order still holds back.

The nine steps of the protocol and the Meldcode consultation (`M2`) are read from the action log
(`actions[]`) and the few fields that record a step (`police.contacted`, `meldcode.date`, ...).
Gating is data: each kind's line in the registry (`DocKind.after`) names the requirements that
must be met before it is made (the parent letter only after the police were contacted, ...);
`REQUIREMENTS` says what each requirement is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from .audiences import Audience
from .errors import ProtocolOrderError, ReasonError
from .kinds import KINDS, DocKind, unmet, value_at
from .model import CaseFile, LongText
from .wording import text

STEPS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "M2")


@dataclass(frozen=True)
class Requirement:
    """Something the protocol wants done before a document goes out.

    It is met when step `logged` is in the action log as done, or when the case field `field` is
    filled in; it applies only when `only_if` (a case path) is true.
    """

    name: str
    step: str  # the protocol step it belongs to, for messages
    logged: int | None = None
    field: str | None = None
    only_if: str | None = None
    # Only for the documents of pupils with these roles (a per-pupil kind); empty: every document.
    roles: tuple[str, ...] = ()


REQUIREMENTS: dict[str, Requirement] = {
    r.name: r
    for r in (
        Requirement("police-contacted", "3", logged=3, field="police.contacted"),
        Requirement("family-talk", "2", logged=2, only_if="incident.pupil_depicted"),
        Requirement("police-agreed-deletion", "5", field="police.agreed_deletion"),
        Requirement("police-agreed-filter", "1", field="police.agreed_filter"),
        Requirement("police-agreed-school-notice", "3", field="police.agreed_school_notice"),
        # A pupil who shared while the police (Zeden) investigate is spoken to only once the police
        # said that and how (advisor review, December 2026: it may warn the pupil, or lose evidence).
        Requirement("police-agreed-talks", "6", field="police.agreed_talks", only_if="police.zeden",
                    roles=("shared",)),
    )
}

# Per kind: the requirements of the protocol order. A kind not named here waits for nothing.


def done_date(case: CaseFile, step: int) -> dt.date | None:
    """The latest date step `step` is logged as done, or None."""
    dates = [a.date for a in case.actions if a.step == step and a.done]
    return max(dates) if dates else None


def requirements_of(kind: DocKind) -> tuple[Requirement, ...]:
    """The requirements a kind waits for, as its registry line declares them."""
    return tuple(REQUIREMENTS[name] for name in kind.after)


def is_met(requirement: Requirement, case: CaseFile, person_id: str | None = None) -> bool:
    """Whether the case meets a requirement (or it does not apply to this case, or to this pupil).

    `person_id` is the pupil of a per-pupil document; without it a requirement limited to some
    roles applies when any involved pupil has one of them.
    """
    if requirement.only_if is not None and not value_at(case, requirement.only_if):
        return True
    if requirement.roles:
        pupils = [p for p in case.people if person_id is None or p.id == person_id]
        if not any(p.role in requirement.roles for p in pupils):
            return True
    if requirement.logged is not None and done_date(case, requirement.logged) is not None:
        return True
    return requirement.field is not None and value_at(case, requirement.field) is not None


def waiting_for(kind: DocKind, case: CaseFile, person_id: str | None = None) -> list[Requirement]:
    """The requirements of `kind` (for pupil `person_id`, if given) the case does not meet yet."""
    return [r for r in requirements_of(kind) if not is_met(r, case, person_id)]


def describe(requirement: Requirement, lang: str | None = None) -> str:
    """`step 3 (the police are contacted: ...)`, naming the step and how to record it."""
    return text(f"requirement.{requirement.name}", lang)


def check_reason(case: CaseFile, reason: str) -> str:
    """The `--override` reason, as free text any reader might see: no names, numbers or notes."""
    from .guard_scan import Scanner

    try:
        cleaned = TypeAdapter(LongText).validate_python(reason)
    except ValidationError:
        raise ReasonError(text("override.empty")) from None  # pydantic's text would quote the reason
    findings = Scanner(case, Audience("parents")).scan_text(cleaned, "override")
    if findings:
        fields = ", ".join(dict.fromkeys(f.field for f in findings))
        raise ReasonError(text("override.names", fields=fields))
    return cleaned


def gate(case: CaseFile, jobs: list[Any], override: str | None,
         whole_pack: bool) -> tuple[list[Any], dict[str, Any] | None]:
    """Apply the protocol order to a run's jobs: the jobs to make, and the manifest's override record.

    Without an override, `render` of a held-back kind is refused (exit 4) and `pack` leaves it
    out (`held_back` says which). With one, every job is made and the record names the kinds,
    the steps they waited for and the reason.
    """
    held: dict[str, list[Requirement]] = {}
    ready = []
    for job in jobs:  # per job: a per-pupil requirement holds back only that pupil's document
        missing = waiting_for(job.kind, case, getattr(job, "person_id", None))
        if missing:
            held.setdefault(job.kind.name, [])
            held[job.kind.name] += [r for r in missing if r not in held[job.kind.name]]
        else:
            ready.append(job)
    if not held:
        return jobs, None
    if override is not None:
        record = {
            "reason": check_reason(case, override),
            "documents": sorted(held),
            "waiting_for": sorted({f"step {r.step}: {r.name}" for rs in held.values() for r in rs}),
        }
        return jobs, record
    if whole_pack:
        return ready, None
    lines = [text("gate.refused", kind=name, missing="; ".join(describe(r) for r in missing))
             for name, missing in held.items()]
    raise ProtocolOrderError(lines[0], lines)


def held_back(case: CaseFile, kinds: Iterable[str]) -> list[tuple[str, list[Requirement]]]:
    """The kinds (of those given) the protocol order holds back, each with what it waits for; a kind
    the case does not call for (`unmet`) is skipped for that reason, not held back."""
    found: list[tuple[str, list[Requirement]]] = []
    for name in kinds:
        kind = KINDS.get(name)
        if kind is None or unmet(kind, case) is not None:
            continue
        if kind.per_person:  # `student-meeting (s1)`: the pupils whose document waits, by id
            ids = [p.id for p in case.people if not kind.roles or p.role in kind.roles]
            waiting = {pid: waiting_for(kind, case, pid) for pid in ids}
            held = [pid for pid in ids if waiting[pid]]
            if held:
                found.append((f"{name} ({', '.join(held)})", waiting[held[0]]))
        else:
            found.append((name, waiting_for(kind, case)))
    return [(name, missing) for name, missing in found if missing]


def follow_up_early(case: CaseFile) -> dt.date | None:
    """The follow-up letter's date when step 5 (deletion) is still open on it, else None.

    Such a letter still tells parents to wait for the school's word on deleting, three weeks on;
    `status` and `pack` say so (advisor review, December 2026).
    """
    letter = case.follow_up.update_letter if case.follow_up else None
    if letter is None:
        return None
    done = done_date(case, 5)
    return letter if done is None or done > letter else None


def follow_up_warning(case: CaseFile, lang: str | None = None) -> str | None:
    """The warning `status` and `pack` print for `follow_up_early`, or None."""
    date = follow_up_early(case)
    return None if date is None else text("status.follow-up-early", lang, date=date.isoformat())


@dataclass(frozen=True)
class StepState:
    """One line of the checklist: a step, whether it is done (and when), and its documents."""

    step: str
    state: str  # done | planned | open | not-applicable
    date: dt.date | None
    documents: list[tuple[str, str]]  # (kind, what it waits for, or "")


def _step_state(case: CaseFile, step: str) -> tuple[str, dt.date | None]:
    if step == "M2":
        consultation = case.meldcode
        return ("done", consultation.date) if consultation is not None else ("open", None)
    number = int(step)
    done = done_date(case, number)
    recorded = {3: case.police.contacted, 4: case.police.meldpunt_reference}.get(number)
    if done is not None:
        return "done", done
    if isinstance(recorded, dt.date):
        return "done", recorded
    if recorded is not None:
        return "done", None
    if (number == 2 and not case.incident.pupil_depicted) or (number == 4 and not case.incident.source_url):
        return "not-applicable", None
    planned = [a.date for a in case.actions if a.step == number]
    return ("planned", min(planned)) if planned else ("open", None)


def kind_steps(kind: DocKind) -> list[str]:
    """The protocol steps a kind serves, from its registry line (`"8, 5"` → `["8", "5"]`, `"1-9"`: all)."""
    steps = []
    for part in (p.strip() for p in kind.steps.split(",")):
        first, dash, last = part.partition("-")
        if dash and first.isdigit() and last.isdigit():  # "1-9": every step of the protocol
            steps += [str(n) for n in range(int(first), int(last) + 1)]
        elif part:
            steps.append(part)
    return steps


def document_state(kind: DocKind, case: CaseFile, lang: str | None = None) -> str:
    """What a document still waits for, in words; empty when it can be made now."""
    missing = unmet(kind, case)
    if missing is not None:
        return text("status.not-needed", lang, path=missing)
    waiting = waiting_for(kind, case)
    if waiting:
        return text("status.waits", lang, missing="; ".join(describe(r, lang) for r in waiting))
    return ""


def checklist(case: CaseFile, lang: str | None = None) -> list[StepState]:
    """The nine steps and the Meldcode consultation, in the order of the protocol."""
    states = []
    for step in STEPS:
        state, date = _step_state(case, step)
        documents = [(k.name, document_state(k, case, lang)) for k in KINDS.values() if step in kind_steps(k)]
        states.append(StepState(step, state, date, documents))
    return states


def next_step(states: list[StepState]) -> StepState | None:
    """The first step that is neither done nor not applicable."""
    return next((s for s in states if s.state in ("open", "planned")), None)


def report(case: CaseFile, lang: str | None = None) -> list[str]:
    """The checklist as lines for the terminal: no names, numbers or notes, only steps, dates and kinds."""
    states = checklist(case, lang)
    lines = []
    for s in states:
        mark = {"done": "[x]", "not-applicable": "[-]"}.get(s.state, "[ ]")
        when = s.date.isoformat() if s.date else ""
        state = text(f"status.{s.state}", lang, date=when).strip()
        title = text(f"step.{s.step}", lang)
        label = text("status.step", lang, step=s.step)
        lines.append(f"{mark} {label:<9} {title:<46} {state}")
        for kind, waiting in s.documents:
            lines.append(f"      {kind:<22} {waiting or text('status.ready', lang)}")
    warning = follow_up_warning(case, lang)
    if warning:
        lines.append(warning)
    upcoming = next_step(states)
    if upcoming is None:
        lines.append(text("status.all-done", lang))
    else:
        lines.append(text("status.next", lang, step=text("status.step", lang, step=upcoming.step),
                          title=text(f"step.{upcoming.step}", lang)))
    return lines
