"""The browser helpers catch what they are meant to catch, so a passing page means something."""
import pytest
from playwright.sync_api import Page

from tests.browser.conftest import assert_no_axe_violations, assert_touch_targets


def test_axe_and_touch_target_checks_fail_on_a_broken_page(page: Page, live_server):
    page.goto("/login")
    # Break the page the user sees: an unlabelled field and a tiny link (added after load, like htmx would).
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input type="text" id="nameless"><a href="#main">x</a>')""")
    with pytest.raises(pytest.fail.Exception, match=r"label \(critical\)[\s\S]*#nameless"):
        assert_no_axe_violations(page)
    with pytest.raises(AssertionError, match=r'a "x"'):
        assert_touch_targets(page)
