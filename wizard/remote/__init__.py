"""Remote checks of mail servers and DNS: everything this site sends to a
host a director typed, in one package with one way out.

- ``net.py``: the one outbound-connection function (names vetted, only
  public addresses unless the operator allowed a range, resolved once,
  per-director rate limit); ``connection.py``: deadlines, capped line reads,
  TLS with SNI and certificate checks; ``errors.py``: reasons and their
  Japanese sentences;
- ``dns.py``: the configured resolver and a domain's MX/TXT/NS records;
- ``smtp.py``: greeting, EHLO, STARTTLS, SMTP AUTH;
- ``tlscheck.py``: the live TLS check of the servers a sheet will name.

May import: the standard library, dnspython, ``django.conf.settings``,
Django's cache, translation, timezone and debug helpers, one server's
connection values (``wizard.handoff.servers``) and the models (the runner's
progress record). Never views, forms, steps, the sheet or anything that
handles a request: the checks are called by them, not the other way round,
and a command-line tool can call them too.
"""
