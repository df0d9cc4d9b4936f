"""The recommendation engine: pure Python, no Django.

- ``recommendations``: the policy (DOMAIN.md), answers in, advice out.
- ``rows``: the same for a hearing's rows of identical devices.
- ``catalogue``: the mail clients, their controls and on-screen words.
- ``explanations``: what every reason and warning code means, and which
  article says more.
- ``changelog``: every rules version, what changed and why.
- ``measured``: what a mailbox reading adds (usage, old copies) and the
  warnings it makes possible.

May import: the standard library and ``core.i18n`` (translation marking
without Django). Nothing else of the project, and never Django:
``tests/test_architecture.py`` enforces it. Everything else in ``wizard``
may import the engine.
"""
