"""Step 5, 確認と推奨設定: every answer at a glance and the sheet the answers
give today; completing it issues the settings sheet."""

from __future__ import annotations

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import services
from ..handoff.record import SheetRecord
from ..handoff.sheet import build_sheet
from ..handoff.urls import StaffSheetUrls
from .base import Bundle, Outcome, Step


class ReviewStep(Step):
    slug = "review"
    title = gettext_lazy("確認と推奨設定")
    template = "wizard/partials/step_review.html"

    def initial(self, flow):
        return Bundle()

    def bind(self, flow, data):
        return Bundle()

    def save(self, bundle, *, hearing, version, user):
        return services.hearing_complete(hearing=hearing, version=version, user=user)

    def submit(self, flow, data, *, user):
        if data.get("action") == "back":  # nothing to save here: going back never completes
            return Outcome(flow.hearing, go_to=flow.previous(self))
        try:
            saved = self.save(Bundle(), hearing=flow.hearing, version=data.get("version"), user=user)
        except services.StaleHearing as stale:
            return Outcome(stale.current, bundle=Bundle(), stale=self.stale(flow, stale.current, user))
        message = _("ヒアリングを完了しました。設定シートをお客さまにお渡しできます。")
        return Outcome(saved, completed=True, message=(messages.SUCCESS, message))

    def is_completed(self, flow):
        return flow.hearing.is_completed

    def extra_context(self, flow):
        answers = [{"step": step, "lines": step.summary(flow)} for step in flow.steps[:-1]]
        record = SheetRecord.live(flow.hearing, flow.mailboxes)
        sheet = build_sheet(record, StaffSheetUrls(flow.hearing.pk), compare_today=False)
        return {"answers": answers, "sheets": sheet.mailboxes}
