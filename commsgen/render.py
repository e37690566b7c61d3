"""Render one template with docxtpl in a sandboxed, strictly undefined, XML-escaping Jinja environment."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError, pass_context
from jinja2 import Template as JinjaTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import PrivacyError, TemplateError
from .i18n import catalog, filters, gettext_function, text_direction
from .templates import Template

FILTERS = ("label", "labels", "longdate", "fulldate", "shortdate", "time", "joinlist", "yesno",
           "languagename", "weekday", "yearnumbers", "ages", "nobreak")


class _CompilingOnce(ImmutableSandboxedEnvironment):
    """Compiles each distinct part source once, for every language: docxtpl asks for every document.

    The language is not baked into the compiled template: filters read `lang` from the render
    context, and `_` is part of that context.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, JinjaTemplate] = {}
        self._by_language: dict[str, dict[str, Callable[..., Any]]] = {}
        self.filters.update({name: self._dispatch(name) for name in FILTERS})

    def _dispatch(self, name: str) -> Callable[..., Any]:
        @pass_context
        def language_filter(context: Context, *args: Any, **kwargs: Any) -> Any:
            lang = str(context["lang"])
            if lang not in self._by_language:
                self._by_language[lang] = filters(lang, catalog(lang).gettext)
            return self._by_language[lang][name](*args, **kwargs)

        return language_filter

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


def environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment of a run: sandboxed, strict and escaping; one per run, any language.

    It keeps the compiled template parts, so make one per run and reuse it.
    """
    return _CompilingOnce(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


def language_context(lang: str) -> dict[str, Any]:
    """What a document in `lang` adds to its context: `_` for wording, `lang` and `direction`."""
    direction = text_direction(lang)
    return {"_": gettext_function(catalog(lang).gettext, direction == "rtl"), "lang": lang,
            "direction": direction}


def render(template: Template, context: dict[str, Any], env: ImmutableSandboxedEnvironment) -> bytes:
    """The rendered .docx bytes; Jinja failures become TemplateError without any case value."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template.data))
    try:
        document.render(context, jinja_env=env, autoescape=False)
    except SecurityError as e:
        raise PrivacyError(f"template {template.name}: refused by the sandbox") from e
    except TemplateSyntaxError as e:
        raise TemplateError(f"template {template.name}: Jinja syntax error: {e.message}") from e
    except UndefinedError as e:
        # Jinja names the missing attribute, never a value.
        raise TemplateError(f"template {template.name}: {e.message}") from e
    except JinjaTemplateError as e:
        raise TemplateError(f"template {template.name}: {type(e).__name__}") from e
    except (TypeError, ValueError, KeyError, AttributeError) as e:
        # Python's messages can quote a value ("invalid literal ... 'Sanne'"): name the type only.
        raise TemplateError(f"template {template.name}: the template failed ({type(e).__name__})") from e
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
