"""Translation marking for modules that must not import Django (the
recommendation engine, the client catalogue, the KB slots)."""


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it now.

    ``makemessages`` extracts these; pages translate them when shown (for
    example ``{% translate explanation.title %}``), so an English catalogue
    applies without the marked module importing Django.
    """
    return message
