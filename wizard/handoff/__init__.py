"""The hand-off: everything the customer is given, built from what was issued.

- ``record``: what an issued sheet records (``SheetRecord``), read and
  written in one place; ``address``: what an address's answers mean (live
  and issued alike).
- ``sheet`` and ``words``: the settings sheet and its sentences; ``labels``:
  the vendor labels a sheet quotes and, for staff, what directors confirmed
  of them in the field;
  ``changes``: what changed between two issues, and under today's rules;
  ``updates``: a re-issue's changes told to the customer in sentences.
- ``guide``: a device's personal guide as steps numbered through the whole
  guide; ``message``: the ready-to-send message of a new customer link.
- ``urls``: where a sheet's parts live, staff side and customer side.
- ``files``: the Thunderbird autoconfig, the Apple profile and the DNS SRV
  records; ``publish``: what a domain's shared files publish and which of its
  addresses they fit; ``measured``: a mailbox read's numbers in the sheet's
  words; ``signing``: the profile's signature and the start-up check of
  the agency's certificate; ``qr``: QR codes; ``servers``: one server's
  connection values.
- ``export``: the hearing list as CSV.

May import: the engine, the wizard's models (``export`` only), ``core`` and
Django. Never the steps, the views or the remote checks.
"""
