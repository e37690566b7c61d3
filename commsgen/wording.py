"""The wording of the guided commands (interview, status, the protocol order), in the ui catalog.

Each message has a key (`status.next`, `q.Person.id`, `choice.sexting`), because the commands
build keys from the protocol's steps, the model's field names and its choices. The key maps to
the English text, a msgid of the `ui` catalog like every other message; the Dutch is its msgstr
in `locales/nl/LC_MESSAGES/ui.po`. Placeholders in {braces} receive field paths, step numbers,
dates, kinds and counts only: never a name, phone number, address or note from a case file.
"""

from __future__ import annotations

from typing import Any

from .messages import N_, language, translations

WORDING: dict[str, str] = {
    # ── The protocol's steps (Kindante, 29-05-2024) and the Meldcode consultation ──
    "step.1": N_("Establish the extent and impact"),
    "step.2": N_("Support the victim"),
    "step.3": N_("Contact the police"),
    "step.4": N_("Report the material"),
    "step.5": N_("Have the images deleted"),
    "step.6": N_("Talk with the pupils and their parents"),
    "step.7": N_("Support teachers and staff"),
    "step.8": N_("Inform parents and pupils"),
    "step.9": N_("Follow the situation up"),
    "step.M2": N_("Meldcode: consult Veilig Thuis"),
    # ── commsgen status ──
    "status.step": N_("step {step}"),
    "status.done": N_("done {date}"),
    "status.planned": N_("planned, not done yet ({date})"),
    "status.open": N_("open"),
    "status.not-applicable": N_("does not apply"),
    "status.ready": N_("can be made"),
    "status.waits": N_("waits for {missing}"),
    "status.not-needed": N_("not needed: {path} is not filled in or does not apply"),
    "status.next": N_("Next action: {step}, {title}."),
    "status.all-done": N_("Every step is done."),
    # ── Gating (exit 4) and --override ──
    "requirement.police-contacted": N_(
        "step 3, the police were contacted (log step 3 as done, or fill in police.contacted)"
    ),
    "requirement.family-talk": N_(
        "step 2, the conversation with the depicted pupil and their family (log step 2 as done)"
    ),
    "requirement.police-agreed-deletion": N_(
        "step 5, the police agree to the call to delete (fill in police.agreed_deletion)"
    ),
    "requirement.police-agreed-filter": N_(
        "step 1, the police agree to the filter request (fill in police.agreed_filter)"
    ),
    "requirement.police-agreed-school-notice": N_(
        "step 3, the police agree to informing other schools (fill in police.agreed_school_notice)"
    ),
    "gate.refused": N_(
        '{kind}: not yet, by the order of the protocol: waits for {missing}; --override "reason" '
        "makes it anyway"
    ),
    "gate.left-out": N_('{kind}: left out, waits for {missing} (--override "reason" makes it anyway)'),
    "override.empty": N_("--override: give a reason (a sentence or two, at most 4000 characters)"),
    "override.names": N_(
        "--override: the reason mentions {fields}; write the reason without names, numbers or "
        "addresses"
    ),
    # ── commsgen interview: sections, in the order of the protocol ──
    "section.dossier": N_("The case file"),
    "section.school": N_("The school"),
    "section.step-1": N_("Step 1: establish the extent and impact"),
    "section.step-2": N_("Step 2: the pupils involved; support the victim"),
    "section.step-3": N_("Step 3: contact the police"),
    "section.step-4": N_("Step 4: report the material"),
    "section.step-5": N_("Step 5: have the images deleted"),
    "section.step-6": N_("Step 6: talk with the pupils and their parents"),
    "section.step-7": N_("Step 7: teachers and staff"),
    "section.step-8": N_("Step 8: inform parents and pupils"),
    "section.step-9": N_("Step 9: follow the situation up"),
    "section.meldcode": N_("Meldcode step 2: consult Veilig Thuis"),
    # ── how questions are asked ──
    "ask.optional": N_("(optional: Enter = skip)"),
    "ask.required": N_("This field is required: please fill it in."),
    "ask.again": N_("Not valid: {reason}. Please try again."),
    "ask.invalid-in-file": N_("The file holds something at {field} that is not valid ({reason})."),
    "ask.yesno": N_("(yes/no)"),
    "ask.no": N_("no"),
    "ask.duplicate-id": N_("another pupil has this id already"),
    "ask.pupil": N_("Pupil {number}:"),
    "ask.step-not-applicable": N_("No web address known: this step does not apply."),
    "ask.no-back": N_("There is no earlier answer in this run to go back to."),
    "ask.review": N_("Do you want to read all your answers once more?"),
    "ask.review-end": N_(
        "To change an answer: run commsgen interview again and type terug, or open the case in commsgen app."
    ),
    "q.profile": N_(
        "Does your school have a school profile (made with commsgen init-school)? Type its file "
        "name, e.g. school.yaml"
    ),
    "q.section.signatory": N_(
        "Does someone other than the contact person sign the letters (e.g. the director)?"
    ),
    "q.section.police-contact": N_("Do you know your contact at the police yet?"),
    "q.section.staff-meeting": N_("Is a staff meeting about the case planned?"),
    "q.section.parent-meeting": N_("Will there be a meeting for parents?"),
    "q.people.first": N_("Are pupils of the school involved (depicted, shared, received, saw or reported)?"),
    "q.people.more": N_("Add another pupil?"),
    "q.guardians.first": N_("Add a parent or guardian of this pupil?"),
    "q.guardians.more": N_("Another parent or guardian of this pupil?"),
    "q.step": N_("Step {step} ({title}): on which date was this done? (YYYY-MM-DD; Enter = not done yet)"),
    "q.meldcode": N_(
        "Has Veilig Thuis been consulted (Meldcode step 2, may be anonymous)? On which date? "
        "(Enter = not yet)"
    ),
    # ── the questions, per field (also the comment above a field the interview writes) ──
    "q.Case.reference": N_(
        "Your own case reference, e.g. 2026-014 (letters, digits, - . _; never a name or initials)"
    ),
    "q.Case.opened": N_("Date the school opened the case (YYYY-MM-DD, or today)"),
    "q.Contact.name": N_("Name"),
    "q.Contact.role": N_("Role, e.g. intern begeleider"),
    "q.Contact.phone": N_("Phone number, e.g. 046 123 4567"),
    "q.Contact.email": N_("E-mail address"),
    "q.Signatory.name": N_("Name of who signs"),
    "q.Signatory.role": N_("Role of who signs, e.g. directeur"),
    "q.School.name": N_("Name of the school, e.g. Basisschool De Linde"),
    "q.School.type": N_("Kind of school"),
    "q.School.board": N_("The school board, e.g. Kindante"),
    "q.School.address": N_("The school's address (street and number)"),
    "q.School.city": N_("Town or city"),
    "q.School.phone": N_("The school's general phone number"),
    "q.School.website": N_("The school's website"),
    "q.Incident.kind": N_("What is going on?"),
    "q.Incident.discovered": N_("Date the school heard of it (YYYY-MM-DD, or today)"),
    "q.Incident.pupil_depicted": N_("Is a pupil of the school depicted? (yes/no)"),
    "q.Incident.affected_groups": N_(
        "Groups or classes whose parents all get the letter, separated by commas (e.g. groep 7, "
        "groep 8)"
    ),
    "q.Incident.channels": N_("Through which channels was it shared? Names or numbers, separated by commas"),
    "q.Incident.other_schools": N_("Was it also shared with pupils of another school?"),
    "q.Incident.source_url": N_(
        "Web address (source) of the images, if known. Do not open it to look. Only the police and "
        "the IT service desk read this"
    ),
    "q.Incident.summary": N_(
        "A sentence or two for the parents' letter about what happened, in broad lines: no names, "
        "no details that identify a child"
    ),
    "q.Police.contact": N_("The community police officer"),
    "q.Police.contacted": N_("Date of the first contact with the police (YYYY-MM-DD; Enter = not yet)"),
    "q.Police.report_reference": N_("The police's reference number, if you have one"),
    "q.Police.agreed_plan": N_(
        "What did you agree with the police? Who does what, in which order (only the police read "
        "this)"
    ),
    "q.Police.agreed_filter": N_(
        "Date the police agreed to the filter request to the IT service desk (Enter = not yet)"
    ),
    "q.Police.agreed_school_notice": N_(
        "Date the police agreed to informing other schools (Enter = not yet)"
    ),
    "q.Police.meldpunt_reference": N_(
        "Reference of the report to the Meldpunt (Offlimits), if you reported the source"
    ),
    "q.Police.agreed_deletion": N_(
        "Date the police agreed to the call to delete the images (Enter = not yet)"
    ),
    "q.Person.id": N_(
        "A short id for this pupil (lowercase letters and digits, used in file names: never a name)"
    ),
    "q.Person.name": N_("The pupil's name"),
    "q.Person.role": N_("The pupil's role"),
    "q.Person.group": N_("Group or class, e.g. groep 8"),
    "q.Person.age": N_("Age in years (the police need it: under 12 is not prosecuted)"),
    "q.Person.notes": N_(
        "A factual note for the police: what does the school know, from whom, when? Do not "
        "describe the images"
    ),
    "q.Guardian.name": N_("Name of the parent or guardian"),
    "q.Guardian.relation": N_("Relation to the pupil"),
    "q.Guardian.phone": N_("Phone number"),
    "q.Guardian.email": N_("E-mail address"),
    "q.Guardian.language": N_("The parent's language, as a code (nl, en, ar, tr, pl, uk, ...)"),
    "q.Meeting.date": N_("Date (YYYY-MM-DD)"),
    "q.Meeting.time": N_("Time (HH:MM, e.g. 19:30)"),
    "q.Meeting.location": N_("Place, e.g. Aula"),
    "q.Communication.languages": N_(
        "Languages of the parents' letter, as codes separated by commas (Enter = Dutch plus every "
        "parent's language)"
    ),
    "q.Communication.letter_date": N_("Date on the parents' letter (Enter = the day you make the documents)"),
    "q.Consultation.date": N_("Date of the consultation with Veilig Thuis"),
    "q.Consultation.consulted_by": N_("Who consulted (a role, not a name), e.g. aandachtsfunctionaris"),
    "q.Consultation.anonymous": N_("Was the consultation anonymous? (yes/no)"),
    "q.Consultation.decision": N_("Decision on a report"),
    # ── labels of the choices ──
    "choice.sexting": N_("pupils forwarded sexual images of a minor"),
    "choice.distribution": N_("distribution of child sexual abuse material"),
    "choice.depicted": N_("is in the images"),
    "choice.shared": N_("shared them"),
    "choice.received": N_("received them"),
    "choice.saw": N_("saw them"),
    "choice.reported": N_("reported it"),
    "choice.yes": N_("yes"),
    "choice.no": N_("no"),
    "choice.unknown": N_("not known yet"),
    "choice.primary": N_("primary school"),
    "choice.secondary": N_("secondary school"),
    "choice.pending": N_("not decided yet"),
    "choice.report": N_("report to Veilig Thuis"),
    "choice.no_report": N_("no report"),
    # ── comments the interview writes above the sections it adds ──
    "file.header": N_(
        "Case file for commsgen, filled in with `commsgen interview`. It holds pupils' names: keep "
        "it\nconfidential and do not send it by e-mail or chat. Never images, files or screenshots "
        "in this\nfile. Check it with: commsgen check <this file>"
    ),
    "c.profile": N_(
        "The school profile: the school's details come from this file (fields under school: below "
        "win)."
    ),
    "c.case": N_("── Case ── Read by: staff, the conversations and the police; not by parents."),
    "c.case.coordinator": N_("Who coordinates the case:"),
    "c.school": N_("── School ── Read by: all parents."),
    "c.school.parent_contact": N_("The contact person for parents:"),
    "c.school.signatory": N_("Who signs the letters:"),
    "c.incident": N_("── The incident (protocol step 1) ──"),
    "c.people": N_("── Pupils involved ── Read by: only the conversation with this pupil and the police."),
    "c.people.guardians": N_("Parent or guardian:"),
    "c.police": N_("── Police (protocol steps 3 and 4) ──"),
    "c.police.contact": N_("The community police officer:"),
    "c.actions": N_("── Log: what the school did per protocol step ── Read by: staff and the police."),
    "c.communication": N_("── Communication ──"),
    "c.communication.staff_meeting": N_("Staff meeting (step 7):"),
    "c.communication.parent_meeting": N_("Parents' meeting (step 8):"),
    "c.meldcode": N_("── Meldcode step 2: consultation with Veilig Thuis ──"),
    # ── closing words ──
    "end.valid": N_("Done: {path} is complete and valid. Next: commsgen status {path}"),
    "end.problems": N_("The case file is saved, but commsgen check still finds {count} problem(s):"),
    "end.fix": N_("Fix this in a text editor, or delete the line and start again: commsgen interview {path}"),
    "end.stopped": N_("Stopped. Every answer so far is in {path}. To continue: commsgen interview {path}"),
}


def has_text(key: str) -> bool:
    """Whether the wording has an entry `key`."""
    return key in WORDING


def text(key: str, lang: str | None = None, **values: Any) -> str:
    """The message `key` in `lang` (the interface language by default), `{name}` placeholders filled in."""
    wording = translations(lang or language()).gettext(WORDING[key])
    return wording.format(**values) if values else wording
