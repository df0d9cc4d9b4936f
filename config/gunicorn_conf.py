"""gunicorn's configuration: ``gunicorn -c config/gunicorn_conf.py config.wsgi``
(``make serve`` uses it; give --bind and --workers on the command line).

- Logs go through the site's redaction filter (core/redact.py).
- Request lines up to 8190 bytes (gunicorn's maximum; its default is 4094), so
  a long query reaches Django (the search cuts it to 200 characters and says
  so) instead of getting gunicorn's bare 414.
- What gunicorn still answers itself (a line past 8190 bytes, a line it cannot
  parse, too many or too large headers) is the site's 400/414 page with its
  security headers (core/gunicorn_errors.py).
"""

logger_class = "core.redact.RedactingGunicornLogger"
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190


def on_starting(server):
    # Imported here, once gunicorn has put the project's folder on sys.path.
    from core.gunicorn_errors import install

    install()
