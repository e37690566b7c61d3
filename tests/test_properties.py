"""Properties of the guard over generated names: a planted name is refused or absent; clean is clean."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commsgen.casefile import load_case
from commsgen.errors import CaseFileError, PrivacyError
from commsgen.freetext import check_free_text
from commsgen.generate import Options, plan, produce
from commsgen.guard_index import normalise
from tests.conftest import CASE_YAML, docx_text, make_template

FIRST = ["Zoë", "Sem", "Bo", "Daan", "Noor", "Roos", "Émile", "Ayşe", "Łukasz", "Mila", "Fenna", "Wil"]
LAST = ["Boer", "Hof", "Berg", "Visser", "Öztürk", "Kowalski", "O’Neill", "Dijkstra", "Smit", "Bakker"]
PARTICLES = ["", "van", "de", "van der", "van ’t", "van 't", "ter", "El"]
LETTERS = "abcdefghijklmnoprstuvwzéëïöüçş"

generated_word = st.text(alphabet=LETTERS, min_size=3, max_size=9).map(str.capitalize)
names = st.builds(
    lambda first, particle, last: " ".join(p for p in (first, particle, last) if p),
    st.one_of(st.sampled_from(FIRST), generated_word),
    st.sampled_from(PARTICLES),
    st.one_of(st.sampled_from(LAST), generated_word),
)
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
VISIBLE_WORDS = {"marieke", "jansen", "ahmed", "amrani", "el"}


def with_pupil(name: str) -> str:
    """The test case with pupil s2 renamed (s2's guardian keeps a fixed name)."""
    return CASE_YAML.replace('name: "Tim Jansen"', f'name: "{name}"')


def plantable(name: str) -> bool:
    words = set(normalise(name).replace("'", " ").split())
    return not words & VISIBLE_WORDS


def parts_of(name: str) -> list[str]:
    """The full name, the first name, and the surname with its particles."""
    first, _, rest = name.partition(" ")
    return [name, first] + ([rest] if rest else [])


def letters_and_briefing(
    path: Path, folder: Path | None = None, kinds: tuple[str, ...] = ("parent-letter", "teacher-briefing")
) -> list[bytes]:
    loaded = load_case(path)
    check_free_text(loaded)
    options = Options(kinds, None, None, folder)
    return [f.data for f in produce(loaded, plan(loaded, options), options)]


def contains(documents: list[bytes], text: str) -> bool:
    needle = normalise(text)
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return any(pattern.search(normalise(docx_text(d))) for d in documents)


@SETTINGS
@given(name=names, which=st.integers(0, 2))
def test_a_name_planted_in_the_summary_is_refused_or_absent(tmp_path: Path, name: str, which: int) -> None:
    """A pupil's name, first name or surname typed into the summary never reaches parents or staff."""
    if not plantable(name):
        return
    planted = parts_of(name)[min(which, len(parts_of(name)) - 1)]
    text = with_pupil(name).replace("een foto van seksuele aard", f"een foto van {planted}")
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        documents = letters_and_briefing(path)
    except (CaseFileError, PrivacyError):
        return
    assert not contains(documents, planted)


@SETTINGS
@given(name=names, where=st.sampled_from(["body", "header", "title"]))
def test_a_name_planted_in_a_custom_template_is_refused_or_absent(
    tmp_path: Path, name: str, where: str
) -> None:
    """A school's template with a pupil's name in body, header or title never yields a letter with it."""
    if not plantable(name):
        return
    path = tmp_path / "case.yaml"
    path.write_text(with_pupil(name), encoding="utf-8")
    folder = tmp_path / "tpl"
    parts = {"body": ["Beste ouders,"]} | {where: f"Over {name}" if where != "body" else [f"Over {name}"]}
    make_template(folder, "parent-letter", **parts)  # type: ignore[arg-type]
    try:
        documents = letters_and_briefing(path, folder)
    except PrivacyError:
        return
    assert not contains(documents, name)


@SETTINGS
@given(name=names)
def test_a_clean_case_never_triggers_a_finding(tmp_path: Path, name: str) -> None:
    """With any pupil name that is not a word of the letters themselves, the documents are made."""
    wording = normalise(" ".join(docx_text(d) for d in letters_and_briefing(_write(tmp_path, CASE_YAML))))
    words = set(normalise(name).replace("'", " ").split())
    if words & set(re.findall(r"\w+", wording)) or not plantable(name):
        return  # a name that is also a word of the letter blocks it: fail closed, by design
    documents = letters_and_briefing(_write(tmp_path, with_pupil(name)))
    assert len(documents) == 2


def _write(folder: Path, text: str) -> Path:
    path = folder / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["Sem", "Boer", "Wil"])
def test_names_that_are_dutch_words_only_match_whole_words(tmp_path: Path, name: str) -> None:
    """`Sem` does not block 'semester', nor `Boer` 'boerderij', nor `Wil` 'wilt'."""
    path = _write(tmp_path, with_pupil(f"{name} Zwaluwstaart"))
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter", body=["Het semester op de boerderij: wilt u komen?"])
    [document] = letters_and_briefing(path, folder, ("parent-letter",))
    text = "\n".join(p.text for p in Document(io.BytesIO(document)).paragraphs)
    assert "semester" in text
