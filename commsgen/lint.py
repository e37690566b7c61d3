"""Walk a template's Jinja syntax tree and list the case fields it reaches, through any name.

A template may reach a field directly (`incident.source_url`) or through a name of its own: a
loop variable, `{% set %}`, `{% with %}`, a macro parameter, a list or dict literal. The walker
follows every such name: it evaluates each expression to the case paths it can hold (`people[]`
for an item of `people`) and binds them to the new name, so `x.name` after
`{% with x = people[0] %}` is linted as `people[].name`. Where case data flows in a way that cannot
be followed (through an unknown function, into a namespace, a macro used as a value), binding or
reaching into it is refused as a construct. Over-approximation is the rule: a name may stand for
more paths than it does at run time, never for fewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from jinja2 import nodes

from .messages import N_, t
from .sensitivity import SECTIONS

# Filters and methods that dump a whole structure or reach attributes by a string name.
FORBIDDEN_FILTERS = frozenset({
    "tojson", "pprint", "attr", "dictsort", "items", "xmlattr", "format",
    "selectattr", "rejectattr", "groupby",
})
# Filters that may name an attribute of the items they sort: the attribute is linted as a field.
SORTING_FILTERS = frozenset({"sort", "min", "max", "unique"})
FORBIDDEN_METHODS = frozenset({"items", "keys", "values", "get", "__getattribute__", "mro"})
# Filters whose result holds the same items as their input (a list stays a list of the same things).
SAME_ITEMS = frozenset({"list", "sort", "reverse", "unique", "select", "reject"})
# Filters whose result is one item of their input.
ONE_ITEM = frozenset({"first", "last", "random", "min", "max"})
# Filters whose result is a list of lists of the input's items.
GROUPED = frozenset({"batch", "slice"})
# Filters that write markup unescaped: only for text written in the template itself.
MARKUP_FILTERS = frozenset({"safe", "urlize"})
# commsgen's own filters (`i18n.filters`): each formats a value as text in the document's language.
FORMATTERS = ("label", "labels", "longdate", "fulldate", "shortdate", "time", "joinlist", "yesno",
              "languagename", "weekday", "yearnumbers", "ages", "nobreak")
# Filters whose result is text, a number or a truth value: nothing to reach into.
SCALAR = frozenset({
    "abs", "capitalize", "center", "count", "e", "escape", "filesizeformat", "float", "forceescape",
    "indent", "int", "join", "length", "lower", "replace", "round", "string", "striptags", "sum",
    "title", "trim", "truncate", "upper", "urlencode", "wordcount", "wordwrap", *FORMATTERS,
})
# Names a template may use besides the case sections; `pupil` is `people[]` in a pupil's document.
HELPERS: dict[str, str | None] = {
    "_": None, "today": None, "lang": None, "direction": None, "loop": None, "pupil": "people[]",
    # The logbook's dated events (`timeline`), built from the dossier audience's own projection.
    "timeline": None,
}
# A macro body is walked again for each distinct set of arguments; this many walks at most.
MAX_EXPANSIONS = 200
LITERAL = "<"  # a path ending in this is a list or dict literal holding the path's value
LOOP_ITEMS = " loop"  # the scope entry for the items of the innermost loop (not a Jinja name)


def item_of(path: str) -> str:
    """The path of one item of `path`: an item of a literal is its content, of a list `[]`."""
    return path[: -len(LITERAL)] if path.endswith(LITERAL) else path + "[]"


def field_of(path: str) -> str:
    """The case field a path stands for, without literal markers."""
    return path.rstrip(LITERAL)


@dataclass(frozen=True)
class Value:
    """What an expression can hold: case paths, and whether it came about in a way not followed."""

    paths: frozenset[str] = frozenset()
    opaque: bool = False

    def __or__(self, other: Value) -> Value:
        return Value(self.paths | other.paths, self.opaque or other.opaque)

    @property
    def shown(self) -> str:
        """The fields it holds, for a message (paths only, never a value)."""
        return ", ".join(sorted({f"'{field_of(p).replace('[]', '')}'" for p in self.paths}))

    def items(self) -> Value:
        return Value(frozenset(item_of(p) for p in self.paths), self.opaque)

    def wrapped(self) -> Value:
        return Value(frozenset(p + LITERAL for p in self.paths), self.opaque)


NOTHING = Value()


def union(values: Iterable[Value]) -> Value:
    result = NOTHING
    for value in values:
        result = result | value
    return result


@dataclass(frozen=True, eq=False)
class MacroDef:
    """A macro as defined, with the scopes it sees."""

    node: nodes.Macro
    scopes: tuple[dict[str, Binding], ...]


Binding = Value | MacroDef


@dataclass
class Findings:
    """What the lint found in one template: fields used, wording to translate, refused constructs."""

    uses: dict[str, str] = field(default_factory=dict)  # case path -> first part using it
    msgids: set[str] = field(default_factory=set)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (part, construct, why)


class Walker:
    """Walks one part's Jinja tree: an abstract evaluation of every expression to case paths."""

    def __init__(self, findings: Findings, part: str) -> None:
        self.found = findings
        self.part = part
        self.scopes: list[dict[str, Binding]] = [{}]
        self.quiet = 0  # inside `a.b` of `a.b.c`: only the whole chain is a use
        self.expanded: set[tuple[int, tuple[tuple[str, Value], ...]]] = set()

    # --- bookkeeping ---------------------------------------------------------------------------

    def refuse(self, construct: str, why: str) -> None:
        """Record a refused construct; both texts are messages of the ui catalog, already translated."""
        self.found.problems.append((self.part, construct, why))

    def use(self, paths: Iterable[str]) -> None:
        if self.quiet:
            return
        for path in paths:
            self.found.uses.setdefault(field_of(path), self.part)

    def lookup(self, name: str) -> Binding | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def bind(self, target: nodes.Node, value: Value, construct: str, merge: bool = False) -> None:
        """Give a name (or the names of a tuple) the paths of `value`."""
        if isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, value.items(), construct, merge)
            return
        if isinstance(target, nodes.NSRef):
            if value.paths:
                self.refuse(t("{construct} storing {fields} in a namespace", construct=t(construct),
                              fields=value.shown),
                            t("case data must keep a name the lint can follow"))
            return
        if not isinstance(target, nodes.Name):
            return
        if value.opaque and value.paths:
            self.refuse(t("{construct} binding {fields} to '{name}'", construct=t(construct),
                          fields=value.shown, name=target.name),
                        t("that value comes from case data in a way the lint cannot follow"))
        scope = self.scopes[-1]
        previous = scope.get(target.name)
        if merge and isinstance(previous, Value):
            value = previous | value  # `set` in both branches of an `if`: either can hold
        scope[target.name] = value

    def body(self, statements: Sequence[nodes.Node], names: dict[str, Binding] | None = None) -> None:
        """Walk statements in a scope of their own (a loop, `with`, macro or call body)."""
        self.scopes.append(dict(names or {}))
        try:
            for statement in statements:
                self.visit(statement)
        finally:
            self.scopes.pop()

    # --- the walk ------------------------------------------------------------------------------

    def walk(self, tree: nodes.Node) -> None:
        self.visit(tree)

    def visit(self, node: nodes.Node) -> Value:
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is not None:
            result: Value = method(node)
            return result
        for child in node.iter_child_nodes():
            self.visit(child)
        return NOTHING

    def _base(self, node: nodes.Node) -> Value:
        """The value an attribute or item is taken of; only the whole chain counts as a use.

        A field's readers are never more than its section's, so `people[].name` is checked
        instead of `people` too, and a refusal names the field itself.
        """
        outer = self.quiet
        self.quiet = outer + 1 if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem) else 0
        try:
            return self.visit(node)
        finally:
            self.quiet = outer

    def _loud(self, node: nodes.Node) -> Value:
        """A sub-expression that is not part of the chain (a subscript): its uses count."""
        outer, self.quiet = self.quiet, 0
        try:
            return self.visit(node)
        finally:
            self.quiet = outer

    def values_of(self, nodes_: Iterable[nodes.Node | None]) -> list[Value]:
        return [self.visit(n) if n is not None else NOTHING for n in nodes_]

    # statements

    def _self_contained(self, node: nodes.Node) -> Value:
        self.refuse(t("include, import or extends"), t("templates must be self-contained"))
        return NOTHING

    visit_Include = visit_Import = visit_FromImport = visit_Extends = _self_contained

    def visit_For(self, node: nodes.For) -> Value:
        source = self.visit(node.iter)
        if node.recursive and source.paths:
            self.refuse(t("a recursive loop over {fields}", fields=source.shown),
                        t("its inner rounds cannot be followed"))
        self.scopes.append({LOOP_ITEMS: source.items()})
        try:
            self.bind(node.target, source.items(), N_("a loop"))
            if node.test is not None:
                self.visit(node.test)
            for statement in node.body:
                self.visit(statement)
        finally:
            self.scopes.pop()
        self.values_of(node.else_)
        return NOTHING

    def visit_With(self, node: nodes.With) -> Value:
        values = self.values_of(node.values)
        self.scopes.append({})
        try:
            for target, value in zip(node.targets, values, strict=True):
                self.bind(target, value, "{% with %}")
            for statement in node.body:
                self.visit(statement)
        finally:
            self.scopes.pop()
        return NOTHING

    def visit_Assign(self, node: nodes.Assign) -> Value:
        self.bind(node.target, self.visit(node.node), "{% set %}", merge=True)
        return NOTHING

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> Value:
        # The block renders to text; the fields it reaches are linted where they are written.
        self.body(node.body)
        if node.filter is not None:
            self.visit(node.filter)
        self.bind(node.target, NOTHING, "{% set %}", merge=True)
        return NOTHING

    def visit_Macro(self, node: nodes.Macro) -> Value:
        macro = MacroDef(node, tuple(self.scopes))
        self.scopes[-1][node.name] = macro
        defaults = self.values_of(node.defaults)
        # Walked once as written, parameters holding their defaults; again at each call.
        self._expand(macro, self._parameters(node, [], {}, defaults))
        return NOTHING

    def visit_CallBlock(self, node: nodes.CallBlock) -> Value:
        self.visit(node.call)
        defaults = self.values_of(node.defaults)
        names: dict[str, Binding] = {"caller": NOTHING}
        for param, default in zip(reversed(node.args), reversed(defaults), strict=False):
            names[param.name] = default
        for param in node.args:
            names.setdefault(param.name, NOTHING)
        self.body(node.body, names)
        return NOTHING

    def _escaping(self, node: nodes.EvalContextModifier) -> Value:
        for option in node.options:
            on = isinstance(option.value, nodes.Const) and option.value.value is True
            if option.key == "autoescape" and not on:
                self.refuse("{% autoescape false %}", t("values must stay XML-escaped"))
        for child in node.iter_child_nodes():
            self.visit(child)
        return NOTHING

    visit_EvalContextModifier = visit_ScopedEvalContextModifier = _escaping

    # expressions

    def visit_Name(self, node: nodes.Name) -> Value:
        bound = self.lookup(node.name)
        if isinstance(bound, MacroDef):
            self.refuse(t("macro '{name}' used as a value", name=node.name), t("call a macro directly"))
            return NOTHING
        if node.name == "loop" and node.ctx == "load":
            # The loop object itself, bound or passed on, carries its items out of sight.
            items = self.lookup(LOOP_ITEMS)
            return Value(items.paths, opaque=True) if isinstance(items, Value) else NOTHING
        if bound is not None:
            value = bound
        elif node.name in HELPERS:
            helper = HELPERS[node.name]
            value = Value(frozenset({helper})) if helper else NOTHING
        elif node.name in SECTIONS:
            value = Value(frozenset({node.name}))
        else:
            return NOTHING  # an unknown name fails at render time (StrictUndefined): exit 1
        if node.ctx == "load" and not value.opaque:
            self.use(value.paths)
        return value

    def _reach(self, base: Value, what: str) -> bool:
        """Whether attributes of `base` can be followed; refuses reaching into opaque case data."""
        if base.opaque and base.paths:
            self.refuse(t("{what} of {fields} reached through an expression the lint cannot follow",
                          what=what, fields=base.shown),
                        t("the fields used must be visible"))
            return False
        return bool(base.paths)

    def _attribute(self, base: Value, name: str) -> Value:
        if name.startswith("_"):
            self.refuse(t("attribute '{name}'", name=name), t("private attributes are never available"))
            return NOTHING
        if not self._reach(base, t("attribute '{name}'", name=name)):
            return NOTHING
        value = Value(frozenset(
            item_of(p) if p.endswith(LITERAL) else f"{p}.{name}" for p in base.paths
        ))
        self.use(value.paths)
        return value

    def visit_Getattr(self, node: nodes.Getattr) -> Value:
        if isinstance(node.node, nodes.Name) and node.node.name == "loop":
            # `loop.previtem` is an item of the loop; `loop.index`, `loop.cycle` are not case data.
            items = self.lookup(LOOP_ITEMS)
            if node.attr in ("previtem", "nextitem") and isinstance(items, Value):
                self.use(items.paths)
                return items
            return NOTHING
        return self._attribute(self._base(node.node), node.attr)

    def visit_Getitem(self, node: nodes.Getitem) -> Value:
        base = self._base(node.node)
        key = node.arg
        self._loud(key)
        if isinstance(key, nodes.Const) and isinstance(key.value, str):
            return self._attribute(base, key.value)
        if not self._reach(base, t("an item")):
            return NOTHING
        if isinstance(key, nodes.Slice):
            return base
        if isinstance(key, nodes.Neg | nodes.Pos):
            key = key.node  # people[-1]
        if isinstance(key, nodes.Const) and isinstance(key.value, int):
            value = base.items()
            self.use(value.paths)
            return value
        self.refuse(t("a computed subscript on case data"), t("the fields used must be visible"))
        return NOTHING

    def visit_Filter(self, node: nodes.Filter) -> Value:
        source = self.visit(node.node) if node.node is not None else NOTHING
        arguments = self.values_of([*node.args, *(k.value for k in node.kwargs),
                                    node.dyn_args, node.dyn_kwargs])
        refused = node.name in FORBIDDEN_FILTERS
        scalar = node.name in SCALAR
        if node.name == "map" and node.args:  # map('upper') applies a filter; it must be allowed too
            first = node.args[0]
            refused = not (isinstance(first, nodes.Const) and first.value not in FORBIDDEN_FILTERS)
            scalar = isinstance(first, nodes.Const) and first.value in SCALAR
        for keyword in node.kwargs:
            if keyword.key != "attribute":
                continue
            if node.name in SORTING_FILTERS and isinstance(keyword.value, nodes.Const) and source.paths:
                self.use(f"{p}.{keyword.value.value}" for p in source.items().paths)
            else:
                refused = True
        if refused:
            self.refuse(t("filter '{name}'", name=node.name), t("it can dump data or reach fields by name"))
        if node.name in MARKUP_FILTERS and not isinstance(node.node, nodes.Const | None):
            self.refuse(t("filter '{name}' on a value", name=node.name), t("values must stay XML-escaped"))
        if node.name in SAME_ITEMS:
            return source
        if node.name in ONE_ITEM:
            return source.items()
        if node.name in GROUPED:
            return source.wrapped()
        if node.name in ("default", "d"):
            return source | (arguments[0] if node.args else NOTHING)
        carried = union([source, *arguments])
        if scalar or not carried.paths:
            return NOTHING
        return Value(carried.paths, opaque=True)

    def visit_Call(self, node: nodes.Call) -> Value:
        callee = node.node
        if isinstance(callee, nodes.Name):
            bound = self.lookup(callee.name)
            if isinstance(bound, MacroDef):
                return self._call_macro(bound, node)
        arguments = self.values_of([*node.args, *(k.value for k in node.kwargs),
                                    node.dyn_args, node.dyn_kwargs])
        carried = union(arguments)
        if isinstance(callee, nodes.Name) and callee.name == "_":
            self._gettext(node)
            return NOTHING
        if isinstance(callee, nodes.Name) and callee.name in ("caller", "loop") and carried.paths:
            self.refuse(t("passing {fields} to {name}()", fields=carried.shown, name=callee.name),
                        t("the lint cannot follow it there"))
            return NOTHING
        if isinstance(callee, nodes.Getattr) and callee.attr in FORBIDDEN_METHODS:
            self.refuse(t("method '{name}'", name=callee.attr), t("it can dump data"))
        method_of = self.visit(callee)
        carried = carried | method_of
        return Value(carried.paths, opaque=True) if carried.paths else NOTHING

    def _gettext(self, node: nodes.Call) -> None:
        first = node.args[0] if node.args else None
        if isinstance(first, nodes.Const) and isinstance(first.value, str):
            self.found.msgids.add(first.value)
        else:
            self.refuse(t("_() with a computed text"), t("translatable text must be written out"))

    def _parameters(self, macro: nodes.Macro, args: list[Value], kwargs: dict[str, Value],
                    defaults: list[Value]) -> dict[str, Binding]:
        """The macro's names for one call: its parameters, `varargs`, `kwargs` and `caller`."""
        names: dict[str, Binding] = {"caller": NOTHING}
        first_default = len(macro.args) - len(defaults)
        for index, param in enumerate(macro.args):
            if index < len(args):
                names[param.name] = args[index]
            elif param.name in kwargs:
                names[param.name] = kwargs[param.name]
            elif index >= first_default:
                names[param.name] = defaults[index - first_default]
            else:
                names[param.name] = NOTHING
        params = {p.name for p in macro.args}
        names["varargs"] = union(args[len(macro.args):]).wrapped()
        names["kwargs"] = union(v for k, v in kwargs.items() if k not in params).wrapped()
        return names

    def _call_macro(self, macro: MacroDef, node: nodes.Call) -> Value:
        args = self.values_of(node.args)
        kwargs = {k.key: self.visit(k.value) for k in node.kwargs}
        dynamic = union(self.values_of([node.dyn_args, node.dyn_kwargs]))
        if dynamic.paths:
            self.refuse(t("passing {fields} to macro '{name}' with * or **", fields=dynamic.shown,
                          name=macro.node.name),
                        t("pass each argument by name"))
        defaults = self.values_of(macro.node.defaults)
        self._expand(macro, self._parameters(macro.node, args, kwargs, defaults))
        return NOTHING  # a macro call renders text

    def _expand(self, macro: MacroDef, names: dict[str, Binding]) -> None:
        """Walk a macro's body with its parameters bound, once per distinct binding."""
        key = (id(macro), tuple(sorted((k, v) for k, v in names.items() if isinstance(v, Value))))
        if key in self.expanded:
            return
        if len(self.expanded) >= MAX_EXPANSIONS:
            self.refuse(t("macro '{name}' called in too many ways", name=macro.node.name),
                        t("the lint cannot follow its arguments"))
            return
        self.expanded.add(key)
        outer = self.scopes
        self.scopes = [*macro.scopes, dict(names)]
        try:
            for statement in macro.node.body:
                self.visit(statement)
        finally:
            self.scopes = outer

    def _literal(self, items: Iterator[nodes.Node]) -> Value:
        return union(self.visit(item) for item in items).wrapped()

    def visit_List(self, node: nodes.List) -> Value:
        return self._literal(iter(node.items))

    def visit_Tuple(self, node: nodes.Tuple) -> Value:
        if node.ctx == "store":
            for item in node.items:
                self.visit(item)
            return NOTHING
        return self._literal(iter(node.items))

    def visit_Dict(self, node: nodes.Dict) -> Value:
        return self._literal(n for pair in node.items for n in (pair.key, pair.value))

    def visit_CondExpr(self, node: nodes.CondExpr) -> Value:
        self.visit(node.test)
        return union(self.values_of([node.expr1, node.expr2]))

    def _either(self, node: nodes.BinExpr) -> Value:
        # `a or b`, `a and b` hold one of the two; `a + b`, `a * 2` can be lists of their items.
        return union(self.values_of([node.left, node.right]))

    visit_Or = visit_And = visit_Add = visit_Mul = _either

    def visit_MarkSafe(self, node: nodes.MarkSafe) -> Value:
        return self.visit(node.expr)


# --- structure for screen readers (issue 21): a warning, never a block -------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
_TEXT_PART = ("word/document", "word/header", "word/footer", "word/footnotes", "word/endnotes")


@dataclass(frozen=True)
class Structure:
    """What a screen reader gets from a template: headings, table header rows, pictures without text."""

    headings: int  # paragraphs in a heading style (a style with an outline level: Title, Heading 1, ...)
    header_rows: int  # table rows marked as a header row (w:tblHeader)
    unlabelled: dict[str, int]  # part -> pictures with neither alternative text nor the decorative mark


def structure(parts: dict[str, bytes]) -> Structure:
    """The structure of a .docx package's parts."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    outlined: set[str] = set()
    if "word/styles.xml" in parts:
        styles = etree.fromstring(parts["word/styles.xml"], parser)
        for style in styles.iter(f"{_W}style"):
            name = style.find(f"{_W}name")
            label = (name.get(f"{_W}val") if name is not None else "") or ""
            if style.find(f"{_W}pPr/{_W}outlineLvl") is not None or label.lower() == "title":
                outlined.add(str(style.get(f"{_W}styleId")))
    headings = rows = 0
    unlabelled: dict[str, int] = {}
    for part, data in sorted(parts.items()):
        if not (part.startswith(_TEXT_PART) and part.endswith(".xml")):
            continue
        root = etree.fromstring(data, parser)
        if part == "word/document.xml":
            headings += sum(1 for s in root.iter(f"{_W}pStyle") if s.get(f"{_W}val") in outlined)
            headings += sum(1 for _ in root.iter(f"{_W}outlineLvl"))
        rows += sum(1 for _ in root.iter(f"{_W}tblHeader"))
        bare = [d for d in root.iter(_DOC_PR) if not (d.get("descr") or "").strip()
                and next(d.iter(_DECORATIVE), None) is None]
        if bare:
            unlabelled[part] = len(bare)
    return Structure(headings, rows, unlabelled)


def structure_warnings(name: str, parts: dict[str, bytes], builtin: dict[str, bytes] | None) -> list[str]:
    """Warnings (translated) for a school template that drops what the built-in one gives a screen
    reader: heading styles, table header rows, alternative text on pictures."""
    found = structure(parts)
    reference = structure(builtin) if builtin is not None else None
    warnings = []
    if found.headings == 0 and (reference is None or reference.headings > 0):
        warnings.append(t("{template}: no paragraph has a heading style (Title, Heading 1, ...): a screen "
                          "reader finds no headings; give the headings Word's heading styles", template=name))
    if reference is not None and found.header_rows < reference.header_rows:
        warnings.append(t("{template}: {count} of the {total} table header rows of the built-in template are "
                          "not marked as header rows here (Word: Table Properties, Row, 'Repeat as header "
                          "row at the top of each page')", template=name,
                          count=reference.header_rows - found.header_rows, total=reference.header_rows))
    for part, count in found.unlabelled.items():
        warnings.append(t("{template}: {part}: {count} picture(s) without alternative text (Word: "
                          "right-click the picture, 'Edit Alt Text'; mark a picture that only decorates as "
                          "decorative)",
                          template=name, part=part, count=count))
    return warnings
