"""Waiting in a browser test for something a page's script does, under our CSP."""

import time


def wait_until(page, expression, timeout=10_000):
    """Wait until `expression` (JavaScript, or a function's source) is truthy in the page.

    Playwright's `wait_for_function` runs its later checks with the page's own `eval`, which
    the site's Content-Security-Policy refuses (no 'unsafe-eval'): a condition not true at
    the first check failed the wait instead of being checked again. `page.evaluate` goes
    through the browser's debugging protocol, which the policy does not govern.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} ms: {expression}")
        page.wait_for_timeout(50)
