"""Django's password rules (settings.AUTH_PASSWORD_VALIDATORS name these), with
their messages and help in the site's Japanese: staff read them when they
set or change a password in the admin."""

from __future__ import annotations

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return _("パスワードが短すぎます。%(min_length)d文字以上にしてください。") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("%(min_length)d文字以上にしてください。") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("パスワードが「%(verbose_name)s」に似すぎています。別のパスワードにしてください。")

    def get_help_text(self):
        return _("ユーザー名・氏名・メールアドレスに似たパスワードは使えません。")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("よく使われるパスワードのため、使えません。別のパスワードにしてください。")

    def get_help_text(self):
        return _("よく使われるパスワードは使えません。")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("数字だけのパスワードは使えません。英字や記号も混ぜてください。")

    def get_help_text(self):
        return _("数字だけのパスワードは使えません。")
