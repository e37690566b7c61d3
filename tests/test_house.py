"""The house: no import circle among commsgen's modules, and a command imports only what it uses."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "commsgen"


def module_imports() -> dict[str, set[str]]:
    """Each module of commsgen and the commsgen modules it imports anywhere (in functions too)."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target not in (name, "commsgen"):
                    edges[name].add(target)
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected sets of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_circle_finder_finds_a_circle() -> None:
    """A made-up graph a -> b -> c -> a (and d alone) has the one circle {a, b, c}."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_imports_are_read_inside_functions_too() -> None:
    """casefile imports profile inside `load_case`: the reader sees that import."""
    assert "commsgen.profile" in module_imports()["commsgen.casefile"]


def test_no_module_of_commsgen_imports_one_that_imports_it_back() -> None:
    """No import circle in commsgen/: a module lower on the data's path never imports a higher one."""
    assert circles(module_imports()) == []


def test_nothing_in_commsgen_imports_the_babel_extractors() -> None:
    """The Babel extractors import the command line; no module of a run imports them."""
    importers = sorted(name for name, targets in module_imports().items() if "commsgen.extractors" in targets)
    assert importers == []


def _imported_by(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running `code`."""
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                          cwd=ROOT)
    return set(done.stdout.split())


# What a pack never needs: pybabel's extraction, the interview, the schema, the web app, the export.
NOT_FOR_A_PACK = ("commsgen.extractors", "babel.messages.extract", "commsgen.interview", "commsgen.schema",
                  "commsgen.schema_nl", "commsgen.export", "commsgen.app", "commsgen.skeleton")


def test_a_pack_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    """`commsgen pack` loads no Babel extraction, no interview, no schema code, no app."""
    case = ROOT / "examples" / "case.yaml"
    loaded = _imported_by(
        "from commsgen.cli import cli\n"
        f"cli(['pack', {str(case)!r}, '--out', {str(tmp_path / 'out')!r}, '-q'], standalone_mode=False)"
    )
    assert "commsgen.generate" in loaded  # the pack ran
    assert sorted(loaded.intersection(NOT_FOR_A_PACK)) == []


def test_help_imports_no_pipeline() -> None:
    """`commsgen --help` loads Click and the messages, not the pipeline, pydantic or docxtpl."""
    loaded = _imported_by("from commsgen.cli import cli\ncli(['--help'], standalone_mode=False)")
    assert "click" in loaded
    assert sorted(loaded.intersection({"commsgen.generate", "commsgen.casefile", "pydantic", "docxtpl",
                                       "lxml", "jinja2", "babel"})) == []
