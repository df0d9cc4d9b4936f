"""The wizard's views, split by who they serve:

- ``hearings``: directors' hearing list, new, resume, delete, CSV export;
- ``steps``: the hearing's steps (dispatch only: the steps are in wizard/steps.py);
- ``sheet``: the staff settings sheet, customer links, staff downloads;
- ``customer``: everything a customer reaches through a customer link.
"""
