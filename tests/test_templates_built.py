"""The committed templates are exactly what tools/build_templates.py makes from templates/src."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_layout import builder

ROOT = Path(__file__).resolve().parent.parent


def test_committed_templates_match_their_source() -> None:
    """A wording change in templates/src must be rebuilt and committed with it."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_templates.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wording_beside_jinja_in_one_line_is_refused_by_the_builder() -> None:
    """A cell that mixes words and logic would print its words in Dutch in every translated letter
    (they never reach the catalog): the builder refuses it and asks for `_("…")`."""
    build = builder()
    with pytest.raises(ValueError, match="not translated"):
        build.jinja_text("Gratis advies.{% if x %} Ook in het Engels.{% endif %}")
    assert build.jinja_text('{{ _("Gratis advies.") }}{% if x %} {{ _("Ook in het Engels.") }}{% endif %}')
    assert build.jinja_text("{{ school.name }}, {{ school.city }}")
