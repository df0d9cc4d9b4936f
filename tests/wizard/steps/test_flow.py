"""The steps as objects, without HTTP: what a submitted step does, and that a
question is added to any step by a model field and a form field alone."""

from django import forms
from django.http import QueryDict

from wizard.models import Device, Hearing, Mailbox
from wizard.steps import STEPS, Flow
from wizard.steps.addresses import AddressesBundle, AddressesStep, MailboxRowForm
from wizard.steps.customer import CustomerForm, CustomerStep
from wizard.steps.devices import DeviceRowForm, DevicesBundle, DevicesStep
from wizard.steps.server import AddressServerForm, ServerBundle, ServerStep

from ..conftest import rows_data


def _query(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query[key] = str(value)
    return query


def test_a_new_hearing_has_only_its_first_step_and_later_steps_wait_for_it():
    flow = Flow(Hearing())

    assert flow.first_incomplete() is STEPS[0]
    assert flow.blocker(STEPS[3]) is STEPS[0]
    assert [item["reachable"] for item in flow.progress(STEPS[0])] == [True, False, False, False, False]


def test_a_completed_step_moves_the_flow_to_the_next_one(make_hearing, director):
    hearing = make_hearing()
    flow = Flow(hearing)
    step = flow.step("addresses")
    data = rows_data("mb", [{"id": m.pk, "address": m.address, "people": 2} for m in flow.mailboxes])

    outcome = step.submit(flow, _query({**data, "version": hearing.version}), user=director)

    assert outcome.go_to is flow.step("devices") and outcome.bundle is None
    assert Mailbox.objects.get().people == 2 and outcome.hearing.version == hearing.version + 1


def test_a_stale_version_saves_nothing_and_says_who_saved_first(make_hearing, director):
    hearing = make_hearing()
    flow = Flow(hearing)
    # Saved meanwhile from another tab, on the devices step.
    Hearing.objects.filter(pk=hearing.pk).update(
        version=hearing.version + 1, last_saved_by=director, last_saved_step="devices"
    )
    data = rows_data("mb", [{"id": m.pk, "address": m.address, "people": 5} for m in flow.mailboxes])

    outcome = flow.step("addresses").submit(flow, _query({**data, "version": hearing.version}), user=director)

    assert outcome.go_to is None and outcome.stale["who"] == "tanaka" and outcome.stale["own"]
    assert outcome.stale["step_title"] == "端末とメールソフト"
    assert Mailbox.objects.get().people == 1


def test_adding_a_row_saves_nothing(make_hearing, director):
    hearing = make_hearing()
    flow = Flow(hearing)
    device = Device.objects.get()
    prefix = DevicesBundle.prefix(flow.mailboxes[0])
    data = rows_data(
        prefix, [{"id": device.pk, "kind": "pc", "client": "thunderbird", "label": "", "quantity": 1}]
    )

    outcome = flow.step("devices").submit(
        flow,
        _query({**data, "version": hearing.version, "action": f"add:{flow.mailboxes[0].pk}"}),
        user=director,
    )

    assert len(outcome.bundle.groups[0].formset.forms) == 2 and Device.objects.count() == 1
    assert Hearing.objects.get().version == hearing.version


# Adding a question: a temporary step definition asks one more thing; nothing
# else in the wizard names it, yet it is shown, kept when a row is added,
# saved and summed up. (The fields below exist on the models already, so no
# migration is needed for the test; a new question adds its model field too.)


class MailboxRowWithHistory(MailboxRowForm):
    keep_history = forms.BooleanField(label="PCを買い替えても過去のメールを残したい", required=False)


class AddressesWithHistory(AddressesBundle):
    row_form = MailboxRowWithHistory


class AddressesStepWithHistory(AddressesStep):
    bundle = AddressesWithHistory


def _flow_with(step, hearing) -> Flow:
    """A flow whose step of the same slug is ``step`` (a temporary definition)."""
    steps = tuple(step if existing.slug == step.slug else existing for existing in STEPS)
    return type("TemporaryFlow", (Flow,), {"steps": steps})(hearing)


def test_a_question_added_to_a_row_step_is_shown_kept_and_saved(make_hearing, director):
    hearing = make_hearing()
    step = AddressesStepWithHistory()
    flow = _flow_with(step, hearing)
    assert "keep_history" in step.initial(flow).formset.forms[0].fields
    row = {
        "id": flow.mailboxes[0].pk,
        "address": flow.mailboxes[0].address,
        "people": 1,
        "keep_history": "on",
    }

    added = step.submit(flow, _query({**rows_data("mb", [row]), "action": "add"}), user=director)
    assert added.bundle.formset.forms[0]["keep_history"].value() is True  # kept while editing rows
    step.submit(flow, _query({**rows_data("mb", [row]), "version": hearing.version}), user=director)

    assert Mailbox.objects.get().keep_history is True


class DeviceRowWithoutLabel(DeviceRowForm):
    label = None  # a question taken away is just as local


class DevicesWithoutLabel(DevicesBundle):
    row_form = DeviceRowWithoutLabel


class DevicesStepWithoutLabel(DevicesStep):
    bundle = DevicesWithoutLabel


def test_the_device_rows_are_read_and_saved_by_the_forms_own_fields(make_hearing, director):
    hearing = make_hearing()
    Device.objects.update(label="受付PC")
    step = DevicesStepWithoutLabel()
    flow = _flow_with(step, hearing)
    device = Device.objects.get()
    prefix = DevicesBundle.prefix(flow.mailboxes[0])
    row = {"id": device.pk, "kind": "pc", "client": "outlook_classic", "quantity": 2}

    step.submit(flow, _query({**rows_data(prefix, [row]), "version": hearing.version}), user=director)

    device.refresh_from_db()
    assert (device.client, device.quantity, device.label) == ("outlook_classic", 2, "受付PC")


class AddressServerWithDisplayName(AddressServerForm):
    class Meta(AddressServerForm.Meta):
        fields = [*AddressServerForm.Meta.fields, "display_name"]


class ServerWithDisplayName(ServerBundle):
    address_form = AddressServerWithDisplayName


class ServerStepWithDisplayName(ServerStep):
    bundle = ServerWithDisplayName


def test_a_question_added_to_the_server_step_is_saved_and_summed_up(make_hearing, director):
    from ..conftest import server_data

    hearing = make_hearing()
    mailbox = hearing.mailboxes.get()
    step = ServerStepWithDisplayName()
    flow = _flow_with(step, hearing)
    data = server_data(mailbox, display_name="営業部")

    outcome = step.submit(flow, _query(data), user=director)

    assert outcome.go_to is flow.step("review")
    assert Mailbox.objects.get().display_name == "営業部"
    assert "表示名 (差出人名): 営業部" in step.summary(Flow(outcome.hearing))[0][1]


class CustomerWithoutPhone(CustomerForm):
    class Meta(CustomerForm.Meta):
        fields = [name for name in CustomerForm.Meta.fields if name != "contact_phone"]


class CustomerStepWithoutPhone(CustomerStep):
    form = CustomerWithoutPhone


def test_the_customer_step_saves_and_sums_up_exactly_its_forms_fields(make_hearing, director):
    from ..conftest import customer_data

    hearing = make_hearing(contact_phone="052-000-0000")
    step = CustomerStepWithoutPhone()
    flow = _flow_with(step, hearing)
    data = {key: value for key, value in customer_data(hearing).items() if key != "c-contact_phone"}

    step.submit(flow, _query({**data, "c-company": "株式会社あたらしい"}), user=director)

    saved = Hearing.objects.get()
    assert (saved.company, saved.contact_phone) == ("株式会社あたらしい", "052-000-0000")
    assert "電話番号" not in [label for label, _value in step.summary(Flow(saved))]
