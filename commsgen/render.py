"""Render one template with docxtpl in a sandboxed, strictly undefined, XML-escaping Jinja environment."""

from __future__ import annotations

import io
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2 import Template as JinjaTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import PrivacyError, TemplateError
from .i18n import catalog, filters, gettext_function, text_direction
from .templates import Template


class _CompilingOnce(ImmutableSandboxedEnvironment):
    """Compiles each distinct part source once: docxtpl asks again for every document."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, JinjaTemplate] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


def environment(lang: str) -> ImmutableSandboxedEnvironment:
    """The Jinja environment for documents in `lang`: sandboxed, strict, escaping, translated.

    Make one per language per run and reuse it: it keeps the compiled template parts.
    """
    translate = catalog(lang).gettext
    env = _CompilingOnce(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters.update(filters(lang, translate))
    direction = text_direction(lang)
    env.globals.update(
        {"_": gettext_function(translate, direction == "rtl"), "lang": lang, "direction": direction}
    )
    return env


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
