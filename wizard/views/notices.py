"""Each staff member's own notice setting: which customer reports they hear of by mail."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.htmx import HtmxHttpRequest

from ..models import NoticeSetting
from ..page_forms import NoticeSettingForm
from .access import director_required


@require_http_methods(["GET", "POST"])
@director_required
def notice_settings(request: HtmxHttpRequest) -> HttpResponse:
    setting = NoticeSetting.objects.filter(user=request.user).first() or NoticeSetting(user=request.user)
    form = NoticeSettingForm(request.POST or None, instance=setting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("通知の設定を保存しました。"))
        return redirect("wizard:notice_settings")
    return render(request, "wizard/notice_settings.html", {"form": form, "email": request.user.email})
