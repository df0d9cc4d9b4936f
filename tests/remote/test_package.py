"""wizard/remote/ is a package of its own: it is called by the wizard and
never reaches back into views, forms, steps or the sheet (its __init__ says
what it may import)."""

from tests.test_architecture import GRAPH

ALLOWED = ("wizard.remote", "wizard.handoff.servers", "wizard.models")


def test_the_remote_package_imports_only_its_own_modules_the_server_values_and_models():
    reaches = sorted(
        f"{name} → {target}"
        for name, targets in GRAPH.items()
        if name.startswith("wizard.remote")
        for target in targets
        if not target.startswith(ALLOWED)
    )
    assert reaches == []


def test_the_package_is_seen_by_the_import_graph():
    assert {"wizard.remote.net", "wizard.remote.mailbox"} <= set(GRAPH)
    assert "wizard.remote.net" in GRAPH["wizard.remote.mailbox"]
