"""Template tags of the settings sheet's pictures: ``{% address_timeline address %}``."""

from django import template
from django.utils.safestring import SafeString

from wizard.handoff.timeline import timeline_svg

register = template.Library()


@register.simple_tag
def address_timeline(address) -> SafeString:
    """The timeline of an issued address (wizard/handoff/timeline.py)."""
    return timeline_svg(address)
