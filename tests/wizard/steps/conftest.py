from tests.mailserver import mailserver, on_mailserver  # noqa: F401 (the fixtures)
