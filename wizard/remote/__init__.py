"""Remote checks of mail servers and DNS: everything this site sends to a
host a director typed, in one package with one way out.

- ``dns.py``: the configured resolver and a domain's MX/TXT/NS records;
- ``tlscheck.py``: the live TLS check of the servers a sheet will name.

May import: the standard library, dnspython, ``django.conf.settings``,
Django's translation and timezone helpers, and the wizard's pure value
modules (``wizard.servers``). Never views, forms, steps, the sheet or
anything that handles a request: the checks are called by them, not the
other way round, and a command-line tool can call them too.
"""
