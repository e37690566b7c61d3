"""The disk cache of templates, compiled Jinja code and catalogs: never stale, never in the way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from commsgen import cache, i18n, messages
from commsgen.render import Renderer
from commsgen.templates import load_template
from tests.conftest import make_template


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(folder))
    return folder


def render_body(template_folder: Path) -> str:
    """The body text of the school's own staff-briefing template, rendered by a fresh renderer."""
    template = load_template("staff-briefing", template_folder)
    package = Renderer().render(template, {"lang": "nl", "direction": "ltr"})
    return package.parts["word/document.xml"].decode()


def test_a_changed_template_is_not_served_from_the_cache(tmp_path: Path, cache_folder: Path) -> None:
    """The same file name with other content: the new wording is read, linted and rendered."""
    folder = tmp_path / "own"
    make_template(folder, "staff-briefing", ["Eerste versie van de brief."])
    assert "Eerste versie" in render_body(folder)
    assert any(cache_folder.rglob("*.bin"))  # the first template went into the cache
    make_template(folder, "staff-briefing", ["Tweede versie van de brief."])
    body = render_body(folder)
    assert "Tweede versie" in body
    assert "Eerste versie" not in body


def test_a_changed_template_is_linted_again(tmp_path: Path, cache_folder: Path) -> None:
    """A field added to a cached template is seen by the lint (what its audience may read is checked)."""
    folder = tmp_path / "own"
    make_template(folder, "staff-briefing", ["Geen velden."])
    assert load_template("staff-briefing", folder).uses == {}
    make_template(folder, "staff-briefing", ["Over {{ school.name }}."])
    assert "school.name" in load_template("staff-briefing", folder).uses


def test_a_template_read_from_the_cache_is_the_one_read_from_the_file(cache_folder: Path) -> None:
    """The second reading (from the cache) has the same texts, fields and wording as the first."""
    first = load_template("parent-letter")
    second = load_template("parent-letter")
    def texts(template):  # type: ignore[no-untyped-def]
        return [(s.part, s.role, s.text) for s in template.sources]

    assert texts(second) == texts(first)
    assert second.uses == first.uses
    assert second.msgids == first.msgids
    assert second.sources[0].parsed is None  # it did come from the cache
    assert second.sources[0].tree is not None  # and its tree is there when asked for


@pytest.mark.parametrize("damage", [b"", b"not json at all", b"\x00" * 100],
                         ids=["empty", "garbage", "zeros"])
def test_a_corrupt_cache_entry_is_ignored(tmp_path: Path, cache_folder: Path, damage: bytes) -> None:
    """Every entry overwritten with rubbish: the run reads the files again and renders the same."""
    folder = tmp_path / "own"
    make_template(folder, "staff-briefing", ["Een brief over {{ school.name }}."])
    context = {"lang": "nl", "direction": "ltr", "school": {"name": "De Linde"}}
    expected = Renderer().render(load_template("staff-briefing", folder), context).parts
    entries = list(cache_folder.rglob("*.bin"))
    assert entries
    for entry in entries:
        entry.write_bytes(damage)
    assert Renderer().render(load_template("staff-briefing", folder), context).parts == expected


def test_an_entry_altered_but_still_well_formed_is_not_used(cache_folder: Path) -> None:
    """An entry whose bytes no longer match its check is ignored, even when it would parse."""
    key = cache.cache_key("test", b"source")
    cache.store("test", key, b'{"a": 1}')
    assert cache.load("test", key) == b'{"a": 1}'
    path = next(cache_folder.rglob("*.bin"))
    path.write_bytes(path.read_bytes().replace(b"1", b"2"))
    assert cache.load("test", key) is None


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a folder the user cannot write")
def test_a_read_only_cache_does_not_break_a_run(tmp_path: Path, cache_folder: Path) -> None:
    """A cache folder that cannot be written: the template is read and rendered all the same."""
    cache_folder.mkdir()
    cache_folder.chmod(0o500)
    try:
        folder = tmp_path / "own"
        make_template(folder, "staff-briefing", ["Alleen lezen."])
        assert "Alleen lezen" in render_body(folder)
    finally:
        cache_folder.chmod(0o700)


def test_a_cache_folder_that_is_a_file_does_not_break_a_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COMMSGEN_CACHE_DIR naming a file (nothing can be stored under it): the run goes on."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocker))
    folder = tmp_path / "own"
    make_template(folder, "staff-briefing", ["Geen cache."])
    assert "Geen cache" in render_body(folder)


def test_the_cache_can_be_switched_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """COMMSGEN_CACHE_DIR=off: nothing is stored anywhere."""
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None
    cache.store("test", cache.cache_key("test", b"x"), b"data")
    assert cache.load("test", cache.cache_key("test", b"x")) is None


def test_a_changed_catalog_is_not_served_from_the_cache(
    tmp_path: Path, cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .po file edited between two runs: the new translation is used."""
    po = tmp_path / "locales" / "fy" / "LC_MESSAGES" / "commsgen.po"
    po.parent.mkdir(parents=True)
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path / "locales")
    for translation in ("Earste", "Twadde"):
        po.write_text(f'msgid ""\nmsgstr ""\n\nmsgid "Brief"\nmsgstr "{translation}"\n', encoding="utf-8")
        i18n.catalog.cache_clear()  # a new process: only the disk cache is left
        assert i18n.catalog("fy").gettext("Brief") == translation
    i18n.catalog.cache_clear()


def test_the_interface_catalog_is_read_from_the_cache_the_same(cache_folder: Path) -> None:
    """The Dutch messages compiled once, then read from the cache, translate the same."""
    messages.translations.cache_clear()
    first = messages.translations("nl").gettext("Options")
    messages.translations.cache_clear()
    second = messages.translations("nl").gettext("Options")
    messages.translations.cache_clear()
    assert first == second != "Options"
    assert any((cache_folder / "ui-mo").glob("*.bin"))
