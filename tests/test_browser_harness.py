"""Rules for the browser tests themselves, checked without a browser."""

import re
from pathlib import Path

BROWSER_TESTS = Path(__file__).parent / "browser"
WAIT_FOR = re.compile(r"wait_for_function\(\s*f?\"([^\"]*)\"", re.S)
A_FUNCTION = re.compile(r"^\s*(\(\s*[\w\s,]*\)|\w+)\s*=>")


def test_every_wait_for_function_passes_a_function_not_an_expression():
    """Our pages forbid eval (script-src 'self'). Playwright polls an expression string
    with eval once the condition is not already true, so such a wait fails only when the
    machine is slow (it did in CI); a function string is sent as a function."""
    expressions = [
        f"{path.name}: {source}"
        for path in sorted(BROWSER_TESTS.rglob("*.py"))
        for source in WAIT_FOR.findall(path.read_text(encoding="utf-8"))
        if not A_FUNCTION.match(source)
    ]
    assert expressions == []
