"""Open every built-in template in LibreOffice and save it again as .docx, as a school would.

A school without Word puts its letterhead on a template in LibreOffice Writer; what Writer saves
is not what python-docx wrote (entities such as `&quot;`, other run boundaries, its own styles).
The copies in tests/fixtures/resaved/ prove that the lint and the renderer accept such a file:

    python tools/resave_templates.py            # writes tests/fixtures/resaved/<kind>.docx

LibreOffice runs headless with a throw-away profile of its own, so a desktop session (or another
conversion running at the same time) is neither used nor disturbed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
OUT = ROOT / "tests" / "fixtures" / "resaved"
WORD_FILTER = "docx:MS Word 2007 XML"


def resave(soffice: str, sources: list[Path], out: Path, timeout: float) -> list[Path]:
    """Each source opened and saved again by LibreOffice into `out`, under the same name."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="commsgen-resave-") as work:
        folder = Path(work)
        command = [
            soffice, "--headless", "--norestore", "--nolockcheck",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to", WORD_FILTER, "--outdir", str(folder / "out"),
            *(str(s) for s in sources),
        ]
        subprocess.run(command, check=True, timeout=timeout, capture_output=True)
        written = []
        for source in sources:
            made = folder / "out" / source.name
            if not made.is_file():  # LibreOffice exits 0 even when a conversion failed
                raise SystemExit(f"resave: LibreOffice wrote no {source.name}")
            target = out / source.name
            shutil.copyfile(made, target)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the re-saved copies")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds LibreOffice may take")
    args = parser.parse_args(argv)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.stderr.write("resave: LibreOffice (soffice) is not installed\n")
        return 1
    for path in resave(soffice, sorted(TEMPLATES.glob("*.docx")), args.out, args.timeout):
        sys.stdout.write(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
