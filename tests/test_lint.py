"""The lint follows a template's own names for case data, or refuses what it cannot follow.

`police` is a section every audience may read; `police.report_reference` is for the police only.
So a parents' template that reaches the reference through a name of its own proves the name was
followed: the refusal names `police.report_reference`, the field behind the alias.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from commsgen.audiences import Audience
from commsgen.casefile import load_case
from commsgen.errors import PrivacyError
from commsgen.generate import Options, plan, produce
from commsgen.templates import check_template, load_template
from tests.conftest import PRIVATE_VALUES, make_template

PARENTS = Audience("parents")
PRIVATE = "police.report_reference"


def lint(tmp_path: Path, body: list[str], audience: Audience = PARENTS, kind: str = "parent-letter") -> None:
    folder = tmp_path / "tpl"
    make_template(folder, kind, body=body)
    check_template(load_template(kind, folder), audience)


FOLLOWED = {
    "with": ["{% with x = police %}{{ x.report_reference }}{% endwith %}"],
    "with-two-names": ["{% with a = school, x = police %}{{ x.report_reference }}{% endwith %}"],
    "set": ["{% set x = police %}{{ x.report_reference }}"],
    "set-in-either-branch": [
        "{% if lang == 'nl' %}{% set x = school %}{% else %}{% set x = police %}{% endif %}",
        "{{ x.report_reference }}",
    ],
    "set-conditional": ["{% set x = school if lang else police %}{{ x.report_reference }}"],
    "set-or": ["{% set x = none or police %}{{ x.report_reference }}"],
    "set-tuple": ["{% set a, b = (school, police) %}{{ b.report_reference }}"],
    "set-block": ["{% set x %}{{ police.report_reference }}{% endset %}{{ x }}"],
    "set-in-loop": ["{% for i in [1] %}{% set x = police %}{{ x.report_reference }}{% endfor %}"],
    "macro-argument": ["{% macro show(c) %}{{ c.report_reference }}{% endmacro %}{{ show(police) }}"],
    "macro-keyword": ["{% macro show(c) %}{{ c.report_reference }}{% endmacro %}{{ show(c=police) }}"],
    "macro-default": ["{% macro show(c=police) %}{{ c.report_reference }}{% endmacro %}{{ show() }}"],
    "macro-varargs": ["{% macro show() %}{{ varargs[0].report_reference }}{% endmacro %}{{ show(police) }}"],
    "macro-kwargs": ["{% macro show() %}{{ kwargs.c.report_reference }}{% endmacro %}{{ show(c=police) }}"],
    "macro-calls-macro": [
        "{% macro inner(d) %}{{ d.report_reference }}{% endmacro %}",
        "{% macro outer(c) %}{{ inner(c) }}{% endmacro %}{{ outer(police) }}",
    ],
    "call-block": [
        "{% macro wrap(c) %}{{ caller() }}{{ c.report_reference }}{% endmacro %}",
        "{% call wrap(police) %}tekst{% endcall %}",
    ],
    "dict-literal": ["{% set d = {'p': police} %}{{ d.p.report_reference }}"],
    "dict-subscript": ["{% set d = {'p': police} %}{{ d['p'].report_reference }}"],
    "list-literal": ["{% set l = [school, police] %}{{ l[1].report_reference }}"],
    "loop-over-literal": [
        "{% for c in [school.parent_contact, police] %}{{ c.report_reference }}{% endfor %}",
    ],
    "loop-over-nested-literal": [
        "{% for l in [[police]] %}{% for c in l %}{{ c.report_reference }}{% endfor %}{% endfor %}",
    ],
    "loop-over-filtered-literal": [
        "{% for c in [police]|list|reverse %}{{ c.report_reference }}{% endfor %}",
    ],
    "first-of-literal": ["{{ ([police]|first).report_reference }}"],
    "default-filter": ["{{ (none|default(police)).report_reference }}"],
    "concatenated-lists": ["{% for c in [school] + [police] %}{{ c.report_reference }}{% endfor %}"],
    "negative-index": ["{{ [school, police][-1].report_reference }}"],
    "previous-loop-item": ["{% for c in [police, school] %}{{ loop.previtem.report_reference }}{% endfor %}"],
}


@pytest.mark.parametrize("body", FOLLOWED.values(), ids=FOLLOWED.keys())
def test_a_field_reached_through_a_name_of_the_template_is_refused_by_its_name(
        tmp_path: Path, body: list[str]) -> None:
    """Exit 3 naming the field behind the alias, the template and the part."""
    with pytest.raises(PrivacyError) as caught:
        lint(tmp_path, body)
    message = caught.value.message
    assert caught.value.exit_code == 3
    assert f"'{PRIVATE}'" in message and "parent-letter.docx" in message and "body" in message


def test_an_alias_of_a_field_the_audience_may_see_passes(tmp_path: Path) -> None:
    """Following names does not refuse what is allowed: the parent contact through `with`, a macro."""
    lint(tmp_path, [
        "{% with c = school.parent_contact %}{{ c.name }}, {{ c.phone }}{% endwith %}",
        "{% macro line(c) %}{{ c.email }}{% endmacro %}{{ line(school.parent_contact) }}",
        "{% for g in incident.affected_groups|sort %}{{ g }}{% endfor %}",
    ])


def test_a_pupil_document_may_alias_its_own_pupil_but_not_the_notes(tmp_path: Path) -> None:
    """In a pupil's conversation guide `pupil` is `people[]`: its notes stay out of reach via `with`."""
    student = Audience("student", "s1")
    lint(tmp_path, ["{% with p = pupil %}{{ p.name }}{% endwith %}"], student, "student-meeting")
    with pytest.raises(PrivacyError, match=r"'people\.notes'"):
        lint(tmp_path, ["{% with p = pupil %}{{ p.notes }}{% endwith %}"], student, "student-meeting")
    with pytest.raises(PrivacyError, match=r"'people\.notes'"):
        lint(tmp_path, ["{% for p in people|sort(attribute='id') %}{{ p.notes }}{% endfor %}"],
             student, "student-meeting")


REFUSED = {
    "namespace-argument": (["{% set ns = namespace(p=police) %}{{ ns.p.report_reference }}"], "'police'"),
    "namespace-attribute": (["{% set ns = namespace() %}{% set ns.p = police %}"], "'police'"),
    "unknown-function": (["{% set c = cycler(police) %}{{ c.next() }}"], "'police'"),
    "reach-into-function-result": (["{{ cycler(police).next().report_reference }}"], "'police'"),
    "macro-as-value": (["{% macro show(c) %}{{ c }}{% endmacro %}{% set f = show %}{{ f(police) }}"],
                       "macro 'show'"),
    "macro-star-arguments": (["{% macro show(c) %}{{ c }}{% endmacro %}{{ show(*[police]) }}"], "'police'"),
    "case-data-to-caller": (
        ["{% macro wrap() %}{{ caller(police) }}{% endmacro %}{% call(c) wrap() %}{{ c }}{% endcall %}"],
        "'police'"),
    "loop-passed-on": (["{% for c in [police] %}{% set l = loop %}{% endfor %}"], "'police'"),
    "recursive-loop": (["{% for c in [police] recursive %}{{ loop([c]) }}{% endfor %}"], "'police'"),
    "escaping-off": (["{% autoescape false %}{{ school.name }}{% endautoescape %}"], "autoescape"),
    "safe-filter": (["{{ school.name|safe }}"], "filter 'safe'"),
}


@pytest.mark.parametrize(("body", "named"), REFUSED.values(), ids=REFUSED.keys())
def test_case_data_bound_in_a_way_that_cannot_be_followed_is_refused(
        tmp_path: Path, body: list[str], named: str) -> None:
    """Exit 3 naming the construct and the fields it carries, never a value."""
    with pytest.raises(PrivacyError) as caught:
        lint(tmp_path, body)
    assert named in caught.value.message and "parent-letter.docx" in caught.value.message
    assert "body (word/document.xml)" in caught.value.message


def test_tags_written_as_character_references_are_linted(tmp_path: Path) -> None:
    """`&#123;&#123; … &#125;&#125;` is `{{ … }}` to Word and to docxtpl: the lint reads it so too."""
    folder = tmp_path / "tpl"
    path = make_template(folder, "parent-letter", body=["MARK"])
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"MARK", b"&#123;&#123; police.report_reference &#x7D;&#125;")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(PrivacyError, match=rf"'{PRIVATE}'"):
        check_template(load_template("parent-letter", folder), PARENTS)


def test_a_pack_with_an_aliased_private_field_is_blocked_before_writing(
        case_file: Path, tmp_path: Path) -> None:
    """The run stops with exit 3 naming the field (no raw Jinja error), and no case value is shown."""
    folder = tmp_path / "tpl"
    make_template(folder, "parent-letter",
                  body=["{% with x = police %}{{ x.report_reference }}{% endwith %}"])
    loaded = load_case(case_file)
    options = Options(("parent-letter",), None, None, folder)
    with pytest.raises(PrivacyError) as caught:
        produce(loaded, plan(loaded, options), options)
    text = "\n".join(caught.value.lines)
    assert PRIVATE in text
    assert not [value for value in PRIVATE_VALUES if value in text]
