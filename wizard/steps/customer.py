"""Step 1, お客さま情報: the company, its contact and the hearing's director.

To add a question: a ``Hearing`` field (and its migration) named in
``CustomerForm.Meta.fields``; the template and the review show the form's
fields in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import services
from ..fields import NormalizingMixin, PhoneField
from ..models import Hearing
from ..roles import active_staff
from .base import Bundle, Step, answer_lines


class CustomerForm(NormalizingMixin, forms.ModelForm):
    class Meta:
        model = Hearing
        fields = [
            "company",
            "contact_name",
            "contact_email",
            "contact_phone",
            "consulted_on",
            "director",
            "show_director_name",
            "notes",
        ]
        widgets = {
            "consulted_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"contact_phone": PhoneField}
        help_texts = {
            "notes": _("社内向けのメモです。お客さまにお渡しする設定シートには表示されません。"),
            "contact_phone": _("任意。内線も書けます（例：「052-000-0000 内線12」）。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].required = True
        self.fields["contact_name"].required = True
        self.fields["director"].queryset = active_staff()
        self.fields["director"].required = True
        self.fields["consulted_on"].required = True


@dataclass
class CustomerBundle(Bundle):
    form: CustomerForm

    def forms(self):
        return [self.form]

    def context(self):
        return {"form": self.form}


class CustomerStep(Step):
    slug = "customer"
    title = _("お客さま情報")
    template = "wizard/partials/step_customer.html"
    form = CustomerForm

    def initial(self, flow):
        return CustomerBundle(self.form(instance=flow.hearing, prefix="c"))

    def bind(self, flow, data):
        return CustomerBundle(self.form(data, instance=flow.hearing, prefix="c"))

    def save(self, bundle, *, hearing, version, user):
        form = bundle.form
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if hearing._state.adding:
            return services.hearing_create(data=fields, user=user)
        return services.hearing_save_customer(hearing=hearing, version=version, data=fields, user=user)

    def is_completed(self, flow):
        h = flow.hearing
        return bool(h.company and h.contact_name and h.consulted_on and h.director_id)

    def summary(self, flow):
        return answer_lines(self.form, flow.hearing)
