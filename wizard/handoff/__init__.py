"""The hand-off: everything the customer is given, built from what was issued.

- ``record``: what an issued sheet records (``SheetRecord``), read and
  written in one place; ``address``: what an address's answers mean (live
  and issued alike).
- ``sheet`` and ``words``: the settings sheet and its sentences;
  ``changes``: what changed between two issues, and under today's rules.
- ``urls``: where a sheet's parts live, staff side and customer side.
- ``files``: the Thunderbird autoconfig, the Apple profile and the DNS SRV
  records; ``signing``: the profile's signature and the start-up check of
  the agency's certificate; ``qr``: QR codes; ``servers``: one server's
  connection values.
- ``export``: the hearing list as CSV.

May import: the engine, the wizard's models (``export`` only), ``core`` and
Django. Never the steps, the views or the remote checks.
"""
