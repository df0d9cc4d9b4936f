from django import template
from django.utils.safestring import SafeString

from kb.search import highlight_snippet

register = template.Library()


@register.simple_tag
def snippet(text: str, forms: list[str]) -> SafeString:
    return highlight_snippet(text, forms)


@register.filter
def toc_sections(toc: list[dict]) -> list[dict]:
    """The flat table of contents as sections with their subsections, so that
    the numbered list counts sections only (1, 2, 3…)."""
    sections: list[dict] = []
    for entry in toc or ():
        if entry["level"] > 2 and sections:
            sections[-1]["children"].append(entry)
        else:
            sections.append({**entry, "children": []})
    return sections
