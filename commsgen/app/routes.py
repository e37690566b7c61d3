"""The pages of `commsgen app`: start, the case step by step, review, status, documents, check a document.

Every page is rendered on the server from Jinja templates in this package; forms post back
(with the session's CSRF token) and the browser is redirected after a save. The case is the
commented YAML file the command line reads: each save writes it whole (`CaseDocument.save`,
the output code `pack` uses) and reads it back with `check`'s own code; its problems are shown
next to their fields. Documents are made by `generate`, as `pack` makes them.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import messages
from ..errors import CommsgenError
from ..messages import t
from ..questions import (
    OPTIONAL_SECTIONS,
    CaseDocument,
    Page,
    Problem,
    Question,
    answered_later,
    blank,
    case_problems,
    choice_words,
    page,
    pages,
    problems_at,
    pupil_questions,
    read_answer,
    read_date,
    reader_word,
    short_readers,
    shown,
    to_yaml,
    validate,
)
from .security import MAX_BODY, Session

HERE = Path(__file__).resolve().parent
MAX_UPLOAD = 20 * 1024 * 1024


@dataclass
class State:
    """What the app holds between requests: the session and the case file it works on."""

    session: Session
    lang: str = "nl"
    case: Path | None = None
    flash: list[str] = field(default_factory=list)

    @property
    def out_dir(self) -> Path:
        assert self.case is not None
        return self.case.parent / f"{self.case.stem}-documenten"


_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.globals["t"] = t


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    state: State = request.app.state.commsgen
    messages.use(state.lang)
    nav = [(p.key, _short_title(p.key)) for p in pages()]
    html = _env.get_template(name).render(
        request=request, lang=state.lang, csrf=state.session.csrf, case=state.case, nav=nav, **context)
    return HTMLResponse(html, status_code=status)


def _short_title(key: str) -> str:
    """`Stap 3` for step-3: the menu's word for a page (the page itself has the full title)."""
    if key.startswith("step-"):
        return t("Step {step}", step=key.removeprefix("step-"))
    return {"dossier": t("Case"), "school": t("School"), "meldcode": t("Meldcode")}.get(key, key)


def _state(request: Request) -> State:
    state: State = request.app.state.commsgen
    messages.use(state.lang)
    return state


async def _form(request: Request) -> FormData:
    """The posted form, bounded in size, with its CSRF token checked (403 without it)."""
    state = _state(request)
    form = await request.form(max_files=1, max_fields=400, max_part_size=MAX_BODY)
    if not state.session.valid_csrf(form.get("csrf")):
        raise HTTPException(403, "Forbidden: the form's token is missing or wrong")
    return form


def _case(request: Request) -> tuple[State, Path]:
    state = _state(request)
    if state.case is None:
        raise HTTPException(303, headers={"location": "/"})
    return state, state.case


# ── start ───────────────────────────────────────────────────────────────────


async def start(request: Request) -> Response:
    state = _state(request)
    return _render(request, "start.html", title=t("Start"), errors=state.flash and state.flash.copy())


def _path(text: object) -> Path | None:
    if not isinstance(text, str) or not text.strip():
        return None
    return Path(text.strip().strip('"')).expanduser()


async def open_case(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    path = _path(form.get("path"))
    errors: list[str] = []
    if path is None:
        errors.append(t("Fill in the path of a case file."))
    elif not path.is_file():
        errors.append(t("There is no case file at this path."))
    else:
        try:
            CaseDocument(path.resolve(), state.lang)
        except CommsgenError as e:
            errors += e.lines
    if errors:
        return _render(request, "start.html", 422, title=t("Start"), errors=errors,
                       open_path=form.get("path"))
    assert path is not None
    state.case = path.resolve()
    return RedirectResponse("/page/dossier", 303)


async def new_case(request: Request) -> Response:
    state = _state(request)
    form = await _form(request)
    path = _path(form.get("path"))
    profile = form.get("profile")
    errors: list[str] = []
    if path is None:
        errors.append(t("Fill in where the new case file is to be saved."))
    elif path.suffix.lower() not in (".yaml", ".yml"):
        errors.append(t("A case file's name ends in .yaml, for example casus.yaml."))
    elif path.exists():
        errors.append(t("A file with this name exists already: open it, or choose another name."))
    elif not path.parent.is_dir():
        errors.append(t("This folder does not exist."))
    if not errors:
        assert path is not None
        try:
            doc = CaseDocument(path.resolve(), state.lang)
            if isinstance(profile, str) and profile.strip():
                doc.set_profile(profile.strip())
            doc.save()
        except CommsgenError as e:
            errors += e.lines
    if errors:
        return _render(request, "start.html", 422, title=t("Start"), errors=errors, new_path=form.get("path"),
                       profile=profile)
    assert path is not None
    state.case = path.resolve()
    return RedirectResponse("/page/dossier", 303)


# ── the case, page by page ─────────────────────────────────────────────────


def _field_id(question: Question) -> str:
    return "f-" + question.key.replace(".", "-").replace("_", "-")


def _control(doc: CaseDocument, question: Question, problems: list[Problem],
             typed: dict[str, str], shown_errors: bool) -> dict[str, Any]:
    """What the template needs to draw one field."""
    value = doc.value(question.where, question.name)
    multilingual = isinstance(value, dict)
    if multilingual:
        value = value.get("nl")
    text_value = typed.get(question.key, shown(question, value))
    kind = question.kind
    if kind == "date" and text_value and read_date(text_value) != text_value:
        text_value = read_date(text_value)
    selected = [str(v) for v in value] if isinstance(value, list) else [shown(question, value)]
    return {
        "key": question.key,
        "id": _field_id(question),
        "label": question.label(form=True),
        # The schema's help texts are Dutch only: an English page has its English question alone.
        "help": question.help(form=True) if messages.language() == "nl" else "",
        "group": question.group(),
        "readers": short_readers(question.declared),
        "kind": kind,
        "value": text_value,
        "selected": selected,
        "choices": [(c, choice_words(c)) for c in question.choices],
        "required": question.required,
        "errors": problems_at(problems, question) if shown_errors or not blank(value) else [],
        "multilingual": multilingual,
    }


def _questions_of(key: str, doc: CaseDocument) -> tuple[Page | None, list[Question], str]:
    """The questions of a page (`dossier` ... `meldcode`) or of a pupil (`pupil-0`), and its title."""
    if key.startswith("pupil-"):
        index = int(key.removeprefix("pupil-"))
        people = doc.doc.get("people") or []
        if not 0 <= index < len(people):
            raise HTTPException(404)
        guardians = len(people[index].get("guardians") or []) if isinstance(people[index], dict) else 0
        return None, pupil_questions(index, guardians), t("Pupil {number}", number=index + 1)
    try:
        found = page(key)
    except KeyError:
        raise HTTPException(404) from None
    return found, list(found.questions), found.title()


def _neighbours(key: str) -> tuple[str | None, str]:
    keys = [p.key for p in pages()]
    if key.startswith("pupil-"):
        return "/page/step-2", "/page/step-2"
    at = keys.index(key)
    back = f"/page/{keys[at - 1]}" if at > 0 else "/"
    forward = f"/page/{keys[at + 1]}" if at + 1 < len(keys) else "/review"
    return back, forward


def _pupils(doc: CaseDocument) -> list[dict[str, Any]]:
    found = []
    for index, person in enumerate(doc.doc.get("people") or []):
        person = person if isinstance(person, dict) else {}
        found.append({"index": index, "id": str(person.get("id") or ""),
                      "name": str(person.get("name") or ""), "guardians": len(person.get("guardians") or [])})
    return found


def _other_problems(problems: list[Problem], questions: list[Question]) -> list[Problem]:
    """Problems with fields of other pages, that are filled in (not those only still to be answered)."""
    mine = {q.path for q in questions}
    return [p for p in problems if p.where is not None and not any(p.where[: len(m)] == m for m in mine)
            and "verplicht" not in p.message and "required" not in p.message
            and "must be filled in" not in p.message and "moet ingevuld" not in p.message]


def _page_of(where: tuple[str | int, ...]) -> str:
    if where and where[0] == "people" and len(where) > 1 and isinstance(where[1], int):
        return f"/pupil/{where[1]}"
    for found in pages():
        if any(where[: len(q.path)] == q.path for q in found.questions):
            return f"/page/{found.key}"
    return "/review"


async def show_page(request: Request) -> Response:
    return await _show(request, request.path_params["key"])


async def show_pupil(request: Request) -> Response:
    return await _show(request, f"pupil-{request.path_params['index']}")


async def _show(request: Request, key: str, typed: dict[str, str] | None = None, status: int = 200,
                saved: bool = False) -> Response:
    state, path = _case(request)
    doc = CaseDocument(path, state.lang)
    found, questions, title = _questions_of(key, doc)
    problems = case_problems(path) if path.exists() else []
    # Before a save, an empty field is not an error yet: only what was filled in is judged.
    fields = [_control(doc, q, problems, typed or {}, saved) for q in questions]
    step = found.step if found else None
    back, forward = _neighbours(key)
    others = [(p, _page_of(p.where or ())) for p in _other_problems(problems, questions)] if saved else []
    return _render(
        request, "page.html", status, title=title, key=key, fields=fields, step=step,
        step_done=str(typed.get("step_done", "") if typed else "") or str(doc.step_date(step) or "")
        if step else "",
        pupils=_pupils(doc) if found is not None and found.pupils else None,
        action=f"/pupil/{key.removeprefix('pupil-')}" if key.startswith("pupil-") else f"/page/{key}",
        back=back, forward=forward, errors=[f for f in fields if f["errors"]], others=others,
        is_pupil=key.startswith("pupil-"), saved=saved, step_errors=_step_problems(doc, found, problems),
        profile=str(doc.doc.get("profile") or "") if key == "school" and doc.profile else "")


async def save_page(request: Request) -> Response:
    return await _save(request, request.path_params["key"])


async def save_pupil(request: Request) -> Response:
    return await _save(request, f"pupil-{request.path_params['index']}")


async def _save(request: Request, key: str) -> Response:
    state, path = _case(request)
    form = await _form(request)
    doc = CaseDocument(path, state.lang)
    found, questions, _ = _questions_of(key, doc)
    typed: dict[str, str] = {}
    for question in questions:
        if question.kind == "choices":
            raw_items = [str(v) for v in form.getlist(question.key) if isinstance(v, str)]
            answer = ", ".join(raw_items)
        else:
            value = form.get(question.key, "")
            answer = value if isinstance(value, str) else ""
        typed[question.key] = answer
        apply_answer(doc, question, answer)
    for where in OPTIONAL_SECTIONS:
        doc.drop_if_empty(where)
    if found is not None and found.step is not None:
        done = form.get("step_done", "")
        if isinstance(done, str) and done.strip():
            doc.log_step(found.step, _date_value(done))
        else:
            doc.unlog_step(found.step)
    doc.save()
    problems = case_problems(path)
    here = [q for q in questions if problems_at(problems, q) and not answered_later(q, doc)]
    step_problem = bool(_step_problems(doc, found, problems))
    goto = form.get("go", "next")
    if goto == "add-pupil" and found is not None and found.pupils:
        return RedirectResponse(f"/pupil/{_add_pupil(doc)}", 303)
    if goto == "add-guardian" and key.startswith("pupil-"):
        index = int(key.removeprefix("pupil-"))
        return RedirectResponse(f"/pupil/{index}#guardian-{_add_guardian(doc, index)}", 303)
    if here or step_problem or goto == "stay":
        return await _show(request, key, {k: v for k, v in typed.items()}, 422 if here else 200, saved=True)
    back, forward = _neighbours(key)
    target = back if goto == "back" and back else forward
    return RedirectResponse(target or "/review", 303)


def _step_problems(doc: CaseDocument, found: Page | None, problems: list[Problem]) -> list[str]:
    """`check`'s problems with the lines of the action log that record this page's step."""
    if found is None or found.step is None:
        return []
    mine = {i for i, action in enumerate(doc.doc.get("actions") or [])
            if isinstance(action, dict) and str(action.get("step")) == str(found.step)}
    return [p.message for p in problems if p.where is not None and len(p.where) > 1
            and p.where[0] == "actions" and p.where[1] in mine]


def _date_value(answer: str) -> Any:
    from ..model import Action
    question = Question(("actions", 0), Action, "date")
    value, problem = validate(question, read_answer(question, answer))
    return value if problem is None else to_yaml(question, read_answer(question, answer))


def apply_answer(doc: CaseDocument, question: Question, answer: str) -> None:
    """Put one answer into the document: read as people type it, stored as `check` will read it.

    An answer the field's type refuses is stored as typed (as text), so that `check`, reading the
    file, says what is wrong, at the field; an empty answer removes the field.
    """
    current = doc.value(question.where, question.name)
    if blank(answer):
        if isinstance(current, dict):
            current.pop("nl", None)
            return
        doc.remove(question)
        return
    raw = read_answer(question, answer)
    value, problem = validate(question, raw)
    stored = to_yaml(question, value if problem is None else raw)
    if isinstance(current, dict) and question.kind == "longtext":
        current["nl"] = stored
        return
    doc.store(question, stored)


def _add_pupil(doc: CaseDocument) -> int:
    """A new pupil at the end of the list, with a free id (s1, s2, ...); saved. Its position."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    people = doc.doc.get("people")
    if not isinstance(people, CommentedSeq):
        doc.comment(doc.doc, "people", "c.people", ())
        people = doc.doc["people"] = CommentedSeq()
        people.fa.set_block_style()
    taken = {str(p.get("id")) for p in people if isinstance(p, dict)}
    number = 1
    while f"s{number}" in taken:
        number += 1
    people.append(CommentedMap([("id", f"s{number}")]))
    doc.save()
    return len(people) - 1


def _add_guardian(doc: CaseDocument, index: int) -> int:
    """A new parent or guardian of pupil `index` (language Dutch until changed); saved. Their number."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    person = doc.doc["people"][index]
    if not isinstance(person.get("guardians"), CommentedSeq):
        person["guardians"] = CommentedSeq()
        person["guardians"].fa.set_block_style()
    person["guardians"].append(CommentedMap([("language", "nl")]))
    doc.save()
    return len(person["guardians"])


async def review(request: Request) -> Response:
    state, path = _case(request)
    doc = CaseDocument(path, state.lang)
    problems = case_problems(path)
    sections = []
    for found in pages():
        questions = list(found.questions)
        if found.pupils:
            for index, person in enumerate(doc.doc.get("people") or []):
                guardians = len(person.get("guardians") or []) if isinstance(person, dict) else 0
                questions += pupil_questions(index, guardians)
        rows = []
        for question in questions:
            value = doc.value(question.where, question.name)
            if isinstance(value, dict):
                value = value.get("nl")
            link = _page_of(question.path) + "#" + _field_id(question)
            label = question.label(form=True)
            if question.group():
                label = f"{question.group()}: {label}"
            rows.append((label, question.shown_value(value), problems_at(problems, question), link))
        step = str(doc.step_date(found.step) or "") if found.step else None
        sections.append((found, rows, step))
    loose = [p for p in problems if p.where is None]
    return _render(request, "review.html", title=t("Review"), sections=sections, loose=loose,
                   count=len(problems))


# ── status, documents, checking a document ──────────────────────────────────


def _loaded(path: Path) -> Any:
    from ..casefile import load_case
    from ..freetext import check_free_text

    loaded = load_case(path)
    check_free_text(loaded)
    return loaded


async def status(request: Request) -> Response:
    _, path = _case(request)
    from ..status import checklist, next_step
    from ..wording import text

    try:
        loaded = _loaded(path)
    except CommsgenError:
        return _render(request, "status.html", title=t("Status"), steps=None, problems=case_problems(path))
    states = checklist(loaded.case)
    rows = []
    for s in states:
        rows.append({
            "step": s.step, "title": text(f"step.{s.step}"), "state": s.state,
            "label": text(f"status.{s.state}", date=s.date.isoformat() if s.date else "").strip(),
            "documents": [(kind_label(k), w or text("status.ready")) for k, w in s.documents],
        })
    upcoming = next_step(states)
    following = text("status.all-done") if upcoming is None else text(
        "status.next", step=text("status.step", step=upcoming.step), title=text(f"step.{upcoming.step}"))
    return _render(request, "status.html", title=t("Status"), steps=rows, problems=[], following=following)


def kind_label(kind: str) -> str:
    from ..kinds import KINDS

    found = KINDS.get(kind)
    return f"{t(found.description)} ({kind})" if found else kind


def audience_label(audience: str) -> str:
    return reader_word(audience)


def _documents(state: State) -> list[tuple[str, list[dict[str, str]]]]:
    """The files of the documents folder, per reader, each with its kind and language."""
    from ..kinds import KINDS

    out = state.out_dir
    if not out.is_dir():
        return []
    groups: dict[str, list[dict[str, str]]] = {}
    names = sorted(KINDS, key=len, reverse=True)
    for item in sorted(out.iterdir()):
        if not item.is_file() or item.name.startswith(".") or item.name == "manifest.json":
            continue
        stem = item.stem
        kind = next((k for k in names if f"_{k}_" in f"_{stem}_" or f"_{k}." in f"_{item.name}"), "")
        audience = KINDS[kind].audience if kind else ""
        lang = stem.rsplit("_", 1)[-1] if "_" in stem else ""
        label = kind_label(kind) if kind else item.name
        preview = ""
        if item.suffix.lower() == ".pdf" and shutil.which("pdftoppm"):
            preview = t("First page of {document}, {language}", document=label,
                        language=_language_name(lang, state.lang))
        groups.setdefault(audience, []).append({
            "name": item.name, "kind": label, "lang": lang,
            "format": item.suffix.removeprefix(".").upper(), "preview": preview})
    return [(audience_label(a) if a else t("Other files"), files) for a, files in sorted(groups.items())]


def _language_name(code: str, lang: str) -> str:
    """`Nederlands` for nl, in the interface language; the code itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name(lang) or code)
    except (ValueError, UnknownLocaleError):
        return code


async def documents(request: Request, errors: list[str] | None = None, written: int | None = None,
                    status_code: int = 200) -> Response:
    state, path = _case(request)
    from ..kinds import KINDS
    from ..status import describe, held_back

    held: list[tuple[str, str]] = []
    problems: list[Problem] = []
    try:
        loaded = _loaded(path)
        held = [(kind_label(kind), "; ".join(map(describe, missing)))
                for kind, missing in held_back(loaded.case, KINDS)]
    except CommsgenError:
        problems = case_problems(path)
    return _render(request, "documents.html", status_code, title=t("Documents"), groups=_documents(state),
                   held=held, problems=problems, errors=errors or [], written=written,
                   has_pdf=shutil.which("soffice") is not None, folder=state.out_dir)


async def make(request: Request) -> Response:
    state, path = _case(request)
    form = await _form(request)
    from ..generate import Options, generate
    from ..kinds import KINDS

    override = form.get("override")
    reason = override.strip() if isinstance(override, str) and override.strip() else None
    pdf = form.get("pdf") == "on"
    try:
        loaded = _loaded(path)
        options = Options(tuple(KINDS), None, None, None, whole_pack=True, pdf=pdf, override=reason)
        written = generate(loaded, options, state.out_dir, force=True)
    except CommsgenError as e:
        return await documents(request, errors=e.lines, status_code=422)
    return await documents(request, written=len(written))


def _document_file(state: State, name: str) -> Path:
    out = state.out_dir
    if "/" in name or "\\" in name or name.startswith(".") or not (out / name).is_file():
        raise HTTPException(404)
    return out / name


async def download(request: Request) -> Response:
    state, _ = _case(request)
    target = _document_file(state, request.path_params["name"])
    return Response(target.read_bytes(), media_type="application/octet-stream",
                    headers={"content-disposition": f'attachment; filename="{target.name}"'})


async def preview(request: Request) -> Response:
    """A small PNG of a PDF's first page (`pdftoppm`), made in a temporary folder, never kept.

    The name is checked as a download's is; without `pdftoppm`, or for a file that is not a PDF,
    there is no preview (404) and the page shows none.
    """
    state, _ = _case(request)
    target = _document_file(state, request.path_params["name"])
    tool = shutil.which("pdftoppm")
    if target.suffix.lower() != ".pdf" or tool is None:
        raise HTTPException(404)
    with tempfile.TemporaryDirectory() as folder:
        stem = Path(folder) / "page"
        try:
            subprocess.run(  # noqa: S603 - a fixed program on a checked file of the documents folder
                [tool, "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(target), str(stem)],
                check=True, capture_output=True, timeout=60)
            image = stem.with_suffix(".png").read_bytes()
        except (OSError, subprocess.SubprocessError):
            raise HTTPException(404) from None
    return Response(image, media_type="image/png", headers={"cache-control": "no-store"})


async def download_all(request: Request) -> Response:
    state, path = _case(request)
    if not state.out_dir.is_dir():
        raise HTTPException(404)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in sorted(state.out_dir.iterdir()):
            if item.is_file() and not item.name.startswith("."):
                archive.writestr(item.name, item.read_bytes())
    name = f"{path.stem}-documenten.zip"
    return Response(buffer.getvalue(), media_type="application/zip",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


def _audiences(path: Path) -> list[tuple[str, str]]:
    from ..readers import READERS

    found = [(name, audience_label(name)) for name, r in READERS.items() if not r.per_person]
    try:
        loaded = _loaded(path)
        found += [(f"student:{p.id}", t("the conversation with pupil {id}", id=p.id))
                  for p in loaded.case.people]
    except CommsgenError:
        pass
    return found


async def scan_page(request: Request) -> Response:
    _, path = _case(request)
    return _render(request, "scan.html", title=t("Check a document"), audiences=_audiences(path),
                   findings=None, errors=[])


async def scan(request: Request) -> Response:
    _, path = _case(request)
    form = await _form(request)
    from ..audiences import Audience, project
    from ..guard_scan import scan_document

    upload = form.get("document")
    audience = form.get("audience")
    errors: list[str] = []
    findings: list[str] | None = None
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors.append(t("Choose a .docx or .pdf file."))
    elif Path(upload.filename).suffix.lower() not in (".docx", ".pdf"):
        errors.append(t("Only a .docx or .pdf file can be checked."))
    if not errors and isinstance(upload, UploadFile) and isinstance(audience, str):
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            errors.append(t("The file is larger than 20 MB."))
        else:
            folder = Path(tempfile.mkdtemp(prefix="commsgen-scan-"))
            try:
                document = folder / ("document" + Path(upload.filename or "x.docx").suffix.lower())
                document.write_bytes(data)
                loaded = _loaded(path)
                reader = Audience.parse(audience)
                project(loaded.case, reader, "nl")
                findings = [str(f) for f in scan_document(document, loaded.case, reader)]
            except CommsgenError as e:
                errors += [line.replace(str(document), upload.filename or "") for line in e.lines]
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    await form.close()  # the upload's temporary file
    return _render(request, "scan.html", 422 if errors else 200, title=t("Check a document"),
                   audiences=_audiences(path), findings=findings, errors=errors,
                   chosen=audience if isinstance(audience, str) else "")


async def not_found(request: Request, exc: Exception) -> Response:
    return _render(request, "error.html", getattr(exc, "status_code", 404), title=t("Not found"),
                   detail=t("This page does not exist."))


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 303 and exc.headers:
        return RedirectResponse(exc.headers["location"], 303)
    if exc.status_code == 403:
        return Response(exc.detail, 403, media_type="text/plain")
    return _render(request, "error.html", exc.status_code, title=t("Not found"),
                   detail=t("This page does not exist."))


ROUTES = [
    Route("/", start),
    Route("/open", open_case, methods=["POST"]),
    Route("/new", new_case, methods=["POST"]),
    Route("/page/{key}", show_page),
    Route("/page/{key}", save_page, methods=["POST"]),
    Route("/pupil/{index:int}", show_pupil),
    Route("/pupil/{index:int}", save_pupil, methods=["POST"]),
    Route("/review", review),
    Route("/status", status),
    Route("/documents", documents),
    Route("/documents/make", make, methods=["POST"]),
    Route("/documents/file/{name}", download),
    Route("/documents/preview/{name}", preview),
    Route("/documents/all.zip", download_all),
    Route("/scan", scan_page),
    Route("/scan", scan, methods=["POST"]),
    Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
]
