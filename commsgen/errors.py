"""One error hierarchy: every failure commsgen reports is a CommsgenError with an exit code.

Messages name files, lines, field paths and document parts; they never carry a value from
the case file (a child's name must not end up in a terminal log).
"""

from __future__ import annotations

EXIT_INPUT = 1
EXIT_PRIVACY = 3
EXIT_PROTOCOL = 4


class CommsgenError(Exception):
    """Base of every error commsgen reports; `lines` are printed one per line."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lines = lines or [message]


class CaseFileError(CommsgenError):
    """The case file cannot be read or is invalid; `lines` hold every problem found."""


class TemplateError(CommsgenError):
    """A template is missing, broken or refers to a field that does not exist."""


class LocaleError(CommsgenError):
    """A language has no catalog, or its catalog is incomplete for a document."""


class DocumentError(CommsgenError):
    """A document given to `scan` cannot be read."""


class OutputError(CommsgenError):
    """The output location cannot be written safely."""


class ConversionError(CommsgenError):
    """LibreOffice is missing, hung, or made no valid PDF; or a PDF cannot be read."""


class VerifyError(CommsgenError):
    """The files in an output folder do not match its manifest."""


class PrivacyError(CommsgenError):
    """Blocked by the privacy guard: a template or document would reach the wrong reader."""

    exit_code = EXIT_PRIVACY


class ProtocolOrderError(CommsgenError):
    """Refused by the protocol order: a document asked for before the step it waits for is done."""

    exit_code = EXIT_PROTOCOL


class ReasonError(CommsgenError):
    """An `--override` reason that is empty, too long, or names someone from the case."""


class InterviewError(CommsgenError):
    """The interview cannot read or save its case file."""
