"""Browser-test fixtures and helpers: Debian's Chromium, a live server per test, axe-core, screenshots.

Every test under tests/browser is marked `browser`. A test asks for `page` (pytest-playwright), then
`agency` (or calls `tests.conftest.make_agency()` itself) to put data into the live server's database,
and uses `login`, `assert_no_axe_violations` and `screenshot` on the pages it visits.
"""
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from waitress import wasyncore
from waitress.server import create_server

from models.db import close_all
from tests.conftest import PASSWORD, _require, make_agency, make_app

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_SCRIPT = HERE / "vendor" / "axe-4.14.1.min.js"
AXE_RUN = "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
SCREENSHOTS = HERE.parents[1] / "screenshots"  # the repository's screenshots/, gitignored
SIZES = {"laptop": {"width": 1366, "height": 768}, "tablet": {"width": 768, "height": 1024}}
MIN_TARGET = 44  # px, WCAG 2.5.5 touch target size


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects by mark
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch Debian's Chromium headless (never a downloaded browser); skip, or fail in CI, without it."""
    if not CHROMIUM.exists():
        _require("REQUIRE_BROWSER", f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_server(sqlite_template, tmp_path):
    """The app on a fresh SQLite copy with real CSRF, served by waitress on a free port for one test."""
    path = tmp_path / "hmis.sqlite3"
    shutil.copy(sqlite_template, path)
    app = make_app(f"sqlite:///{path}", tmp_path, WTF_CSRF_ENABLED=True)  # re-points the global db proxy
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.effective_port}", app)
    # Close every socket from the server's own loop thread, so its loop ends cleanly.
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
    thread.join(timeout=5)
    server.task_dispatcher.shutdown()
    close_all()


@pytest.fixture
def base_url(live_server):
    """The live server's URL: page.goto("/login") resolves against it."""
    return live_server.url


@pytest.fixture
def browser_context_args(base_url):
    """Every context opens at the live server, laptop-sized (function scope, as base_url is)."""
    return {"base_url": base_url, "viewport": SIZES["laptop"]}


@pytest.fixture(params=list(SIZES))
def at_sizes(request, page):
    """Run the test once per screen size (laptop 1366x768, tablet 768x1024); returns the size's name."""
    page.set_viewport_size(SIZES[request.param])
    return request.param


@pytest.fixture
def agency(live_server):
    """Agency "Safe Harbor" (project "Safe Shelter"; admin-1, staff-1, viewer-1) in the live server's database."""
    return make_agency()


def login(page: Page, username, password=PASSWORD):
    """Sign in through the login form and wait until the start page has loaded, scripts included."""
    page.goto("/login")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.wait_for_load_state()  # deferred scripts (htmx, lock.js) have run


def follow(page: Page, link):
    """Click a link to another page and wait until that page has loaded, deferred scripts included.

    A bare click returns once the navigation starts: typing into the new page before htmx has run
    would send no request at all."""
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")  # waits for the load event of the new page


def assert_no_axe_violations(page: Page):
    """Run axe-core (WCAG 2.0/2.1 A and AA) on what the page shows now; fail listing every violation."""
    # The app's CSP forbids injected scripts, so scan a copy in a CSP-bypassing context with the same
    # cookies and size: load the same URL (same head and styles), then copy in the body the user sees,
    # which keeps htmx-swapped states such as a form's errors.
    context = page.context.browser.new_context(bypass_csp=True, storage_state=page.context.storage_state(),
                                               viewport=page.viewport_size)
    try:
        scan = context.new_page()
        scan.goto(page.url)
        scan.evaluate("html => { document.body.innerHTML = html; }", page.evaluate("document.body.innerHTML"))
        scan.add_script_tag(path=AXE_SCRIPT)
        violations = scan.evaluate(AXE_RUN)["violations"]
    finally:
        context.close()
    if violations:
        lines = [f"axe: {len(violations)} violation(s) on {page.url}"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines += [f"    {' '.join(map(str, node['target']))}" for node in v["nodes"]]
        pytest.fail("\n".join(lines), pytrace=False)


def assert_touch_targets(page: Page, minimum=MIN_TARGET):
    """Fail if a visible control (links in running text aside) is smaller than minimum x minimum px."""
    small = page.evaluate("""minimum => {
        const small = [];
        const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
        for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
            if (el.tagName === 'A' && el.closest('p, li')) continue;  // inline in a sentence
            // A checkbox or radio is tapped through its label: measure the label.
            const box = (el.type === 'checkbox' || el.type === 'radio')
                ? (el.closest('label') || el.labels[0] || el) : el;
            const r = box.getBoundingClientRect();
            if (r.width === 0 || r.right < 0 || getComputedStyle(el).visibility === 'hidden') continue;
            if (r.width < minimum - 0.5 || r.height < minimum - 0.5)
                small.push(`${describe(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
        }
        return small;
    }""", minimum)
    assert not small, f"touch targets under {minimum}px on {page.url}: {small}"


def screenshot(page: Page, name):
    """Save a full-page PNG as screenshots/<name>-<width>x<height>.png at the page's current size."""
    SCREENSHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    page.screenshot(path=path, full_page=True, animations="disabled", caret="hide")
    return path
