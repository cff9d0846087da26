"""The built site in a real browser: headless Chromium (Debian's package) driven by chromedriver.

The site is served over HTTP from its folder, as any static host would serve it, and opened at
its index and the Session page: the Fields table shows the schema's 19 fields, an #anchor scrolls
its row into view below the sticky header (and marks it), and the search box finds a field by its
name. Screenshots are written under the test's temporary folder for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import SCHEMA

from schemasmith.codegen import pipeline

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
)
SESSION_FIELDS = list(json.loads(SCHEMA.read_text("utf-8"))["properties"])

pytestmark = pytest.mark.xdist_group("browser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser-site")
    pipeline.generate(SCHEMA, out, ["site"], pipeline.Settings(docs_import_path="syllable-sdk/models/components"))
    handler = functools.partial(_QuietHandler, directory=str(out / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Missing tools fail loudly: .ci/run installs chromium and chromium-driver when absent.
    for tool in (CHROMIUM, CHROMEDRIVER):
        if not tool.exists() and shutil.which(tool.name) is None:
            pytest.fail(f"{tool} not found: install Debian's chromium and chromium-driver packages (.ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver: object, script: str, timeout: float = 20.0) -> object:
    """Poll ``script`` (JavaScript returning a value) until it is truthy; return that value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def settle(driver: object, script: str, done: Callable[[Any], bool], timeout: float = 10.0) -> Any:
    """Run ``script`` until ``done`` holds for its value (styles and scrolling settle a little after
    the load event) or ``timeout`` passes; the last value either way, for the test to assert on."""
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script)  # type: ignore[attr-defined]
        if (value is not None and done(value)) or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


FIELDS_ROWS = """
const table = [...document.querySelectorAll('article table')].find(
  t => [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()).join('|') === 'Field|Type|Required|Description|Example');
if (!table) return null;
return [...table.querySelectorAll('tbody tr')].filter(r => r.offsetHeight > 0).map(r => ({
  id: r.querySelector('a.field-anchor') && r.querySelector('a.field-anchor').id,
  name: r.querySelector('a.field-anchor code').textContent,
  wire: r.querySelector('small code').textContent,
}));
"""


def test_index_lists_the_session_model_and_links_its_page(browser: object, site_url: str, tmp_path: Path) -> None:
    driver = browser
    driver.get(site_url + "index.html")  # type: ignore[attr-defined]
    links = wait_for(driver, "return [...document.querySelectorAll('article table a')].map(a => a.getAttribute('href'))")
    assert links == ["Session.html"]
    download = driver.execute_script(  # type: ignore[attr-defined]
        "const a = document.querySelector('a[download]'); return a && [a.getAttribute('href'), a.offsetHeight > 0]")
    assert download == ["schema/session.schema.json", True]
    driver.save_screenshot(str(tmp_path / "index.png"))  # type: ignore[attr-defined]
    driver.execute_script("document.querySelector('article table a').click()")  # type: ignore[attr-defined]
    wait_for(driver, "return location.pathname.endsWith('/Session.html') && document.readyState === 'complete'")


def test_session_page_shows_the_19_fields(browser: object, site_url: str, tmp_path: Path) -> None:
    driver = browser
    driver.get(site_url + "Session.html")  # type: ignore[attr-defined]
    rows = wait_for(driver, FIELDS_ROWS)
    assert [r["wire"] for r in rows] == SESSION_FIELDS and len(rows) == 19  # type: ignore[index, union-attr, arg-type]
    assert [r["id"] for r in rows] == SESSION_FIELDS  # type: ignore[union-attr]
    assert rows[1]["name"] == "sessionId"  # type: ignore[index]
    driver.save_screenshot(str(tmp_path / "session.png"))  # type: ignore[attr-defined]
    assert (tmp_path / "session.png").stat().st_size > 10_000


@pytest.mark.parametrize("wire_name", ["channel_manager_sid", "is_test"])
def test_an_anchor_scrolls_its_row_into_view_below_the_header(
    browser: object, site_url: str, tmp_path: Path, wire_name: str
) -> None:
    driver = browser
    driver.get(site_url + "index.html")  # type: ignore[attr-defined]
    driver.get(site_url + f"Session.html#{wire_name}")  # type: ignore[attr-defined]
    # Where the row is, once the page has settled, relative to the viewport and the sticky header.
    geometry = settle(driver, f"""
      if (document.readyState !== 'complete') return null;
      const anchor = document.getElementById({json.dumps(wire_name)});
      const row = anchor.closest('tr');
      const header = document.querySelector('header.md-header').getBoundingClientRect();
      const box = row.getBoundingClientRect();
      const other = row.parentElement.querySelector('tr:first-child');
      return {{top: box.top, bottom: box.bottom, headerBottom: header.bottom, height: innerHeight,
               scrollY: scrollY, target: row.matches(':has(a:target)'),
               marked: getComputedStyle(row).backgroundColor, plain: getComputedStyle(other).backgroundColor}};
    """, lambda g: g["marked"] != g["plain"] and g["headerBottom"] <= g["top"])
    assert geometry["scrollY"] > 100, geometry  # type: ignore[index]
    assert geometry["headerBottom"] <= geometry["top"] and geometry["bottom"] <= geometry["height"], geometry  # type: ignore[index, operator]
    assert geometry["target"] and geometry["marked"] != geometry["plain"], geometry  # type: ignore[index]
    driver.save_screenshot(str(tmp_path / f"anchor-{wire_name}.png"))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("query", "wire_name"), [("channelManagerSid", "channel_manager_sid"), ("agent_timezone", "agent_timezone")])
def test_search_finds_a_field_by_name(browser: object, site_url: str, tmp_path: Path, query: str, wire_name: str) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(site_url + "index.html")  # type: ignore[attr-defined]
    wait_for(driver, "return document.readyState === 'complete'")
    # The search box sits in the header at this width; a reader clicks into it and types.
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")  # type: ignore[attr-defined]
    box.click()
    wait_for(driver, "return document.activeElement === document.querySelector('input.md-search__input')")
    box.send_keys(query)
    results = wait_for(driver, """
      const items = [...document.querySelectorAll('.md-search-result__item a')];
      return items.length ? items.map(a => a.getAttribute('href')) : null;
    """)
    driver.save_screenshot(str(tmp_path / f"search-{wire_name}.png"))  # type: ignore[attr-defined]
    assert any(urlsplit(href).path.endswith("/Session.html") for href in results), results  # type: ignore[union-attr]
    # Following the result lands on the Session page, the field's row among what is shown.
    driver.find_element(By.CSS_SELECTOR, ".md-search-result__item a").click()  # type: ignore[attr-defined]
    wait_for(driver, "return location.pathname.endsWith('/Session.html') && document.readyState === 'complete'")
    assert wait_for(driver, f"return !!document.getElementById({json.dumps(wire_name)})")
