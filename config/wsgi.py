"""WSGI entry point: ``gunicorn config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from core.stackroom import StackRoom
from core.wsgi import CharsetGuard

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = StackRoom(CharsetGuard(get_wsgi_application()))
