import pytest

from tests.wizard.dnsfixture import dns_server

from .tlsfixture import TestCA

# Names of the tests' own servers on loopback (allowed by MAILNAVI_OUTBOUND_ALLOW
# in the tests that use them) and names that point inside a network.
ZONE = """
mail.test.example.        60 IN A    127.0.0.1
other.test.example.       60 IN A    127.0.0.1
"""


@pytest.fixture(scope="session")
def ca(tmp_path_factory):
    return TestCA(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def dns(settings):
    """The tests' DNS server, configured as the site's resolver."""
    with dns_server(ZONE) as running:
        settings.MAILNAVI_DNS_SERVER = running.address
        yield running


@pytest.fixture
def local(settings, dns, ca):
    """Checks may reach 127.0.0.1 (the operator setting) and trust the tests' CA."""
    settings.MAILNAVI_OUTBOUND_ALLOW = "127.0.0.1/32"
    settings.MAILNAVI_SERVER_CHECK_CA = str(ca.path)
    return settings
