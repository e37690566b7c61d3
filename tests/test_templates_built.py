"""The committed templates are exactly what tools/build_templates.py makes from templates/src."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_committed_templates_match_their_source() -> None:
    """A wording change in templates/src must be rebuilt and committed with it."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_templates.py"), "--check"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
