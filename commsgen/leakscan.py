"""The guard's former single module, split into `guard_index` (how text is read and the case's values
indexed), `guard_scan` (each audience's scan) and `freetext` (the early check of typed text).

Kept as names only, so code written against it still imports; new code imports the parts.
"""

from .freetext import check_free_text
from .guard_index import CaseIndex, Value, case_values, clean, normalise, tokens
from .guard_scan import Finding, Scanner, builtin_wording, scan_document, wording_tokens

__all__ = ["CaseIndex", "Finding", "Scanner", "Value", "builtin_wording", "case_values", "check_free_text",
           "clean", "normalise", "scan_document", "tokens", "wording_tokens"]
