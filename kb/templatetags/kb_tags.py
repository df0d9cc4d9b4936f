from django import template
from django.utils.safestring import SafeString

from kb.search import highlight_snippet

register = template.Library()


@register.simple_tag
def snippet(text: str, terms: list[str]) -> SafeString:
    return highlight_snippet(text, terms)
