"""The security log's receivers: logins, logouts, failures and lockouts.

Connected in ``CoreConfig.ready()``: importing a module never connects
anything. Every line has the time (from the formatter), the user and the
client address; never a password.
"""

from __future__ import annotations

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .security import SESSION_STARTED_KEY, client_ip, renew_idle_timer, security_log


def logged_in(sender, request, user, **kwargs):
    if request is not None:
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        renew_idle_timer(request.session, now)
        security_log.info("login-success user=%s ip=%s", user.get_username(), client_ip(request))


def logged_out(sender, request, user, **kwargs):
    if request is not None:
        security_log.info("logout user=%s ip=%s", user.get_username() if user else "-", client_ip(request))


def login_failed(sender, credentials, request=None, **kwargs):
    # credentials are already scrubbed of the password by Django; log only the name.
    security_log.warning(
        "login-failure user=%s ip=%s",
        (credentials or {}).get("username", "-"),
        client_ip(request) if request is not None else "-",
    )


def locked_out(sender, request, username, ip_address, **kwargs):
    security_log.warning("lockout user=%s ip=%s", username or "-", ip_address or "-")


def connect_security_log() -> None:
    user_logged_in.connect(logged_in, dispatch_uid="core-security-login")
    user_logged_out.connect(logged_out, dispatch_uid="core-security-logout")
    user_login_failed.connect(login_failed, dispatch_uid="core-security-login-failed")
    user_locked_out.connect(locked_out, dispatch_uid="core-security-lockout")
