"""The HTML report in a real headless Chromium (issue 18), driven by Selenium.

Debian's ``chromium`` and ``chromedriver`` (scripts/ci-system.sh installs them). Without them
these tests skip, and fail when ``NEWSLINT_REQUIRE_TOOLS=1`` (scripts/test.sh): a report
nobody opened in a browser is not reported as working.
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path
from typing import ClassVar

import pytest

from newslint.findings import excerpt

FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
    "--disable-extensions",
    "--no-pings",
    "--window-size=1280,900",
)

COLLECT = """
return Array.from(document.querySelectorAll('section.draft')).map(function (draft) {
  // A draft not shown yet is read from its inert template.
  var template = draft.querySelector(':scope > template');
  var section = template ? template.content : draft;
  var groups = {};
  section.querySelectorAll('.text mark.hl').forEach(function (mark) {
    var number = mark.getAttribute('data-f');
    (groups[number] = groups[number] || []).push(mark.textContent);
  });
  return {
    path: section.querySelector('h2 .path').textContent,
    id: draft.id,
    firsts: Array.from(section.querySelectorAll('.text mark.hl[id]')).map(function (m) {
      return m.id; }),
    groups: groups,
    cards: Array.from(section.querySelectorAll('li.card')).map(function (card) {
      return [card.getAttribute('data-f'), card.querySelector('.where').textContent]; }),
    text: section.querySelector('.text') ? section.querySelector('.text').textContent : null,
  };
});
"""


def _missing(what: str):
    if os.environ.get("NEWSLINT_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{what} is missing and NEWSLINT_REQUIRE_TOOLS=1 (scripts/ci-system.sh)")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser():
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _missing("selenium")
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if binary is None or driver_path is None:
        _missing("chromium or chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_report(driver, page: Path) -> None:
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.as_uri())
    wait(driver, "return document.documentElement.getAttribute('data-ready') === '1'")


def wait(driver, script: str, *args, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_script(script, *args)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for: {script}")
        time.sleep(0.05)


def requests_made(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_quiet(driver, page: Path) -> None:
    """No console message at all, and no request but the page itself."""
    assert driver.get_log("browser") == []
    assert set(requests_made(driver)) <= {page.as_uri(), "data:,"}


def open_draft(driver, section_id: str) -> None:
    """Open a draft from the index (focus then on its heading, before its first finding)."""
    driver.execute_script("location.hash = '#index'")
    wait(driver, "return !document.documentElement.classList.contains('viewing')")
    driver.execute_script("location.hash = '#' + arguments[0]", section_id)
    wait(
        driver,
        "var s = document.getElementById(arguments[0]);"
        "return s.classList.contains('shown') && document.activeElement.tagName === 'H2'",
        section_id,
    )


def press(driver, key: str) -> str:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()
    return driver.execute_script("return document.activeElement.id")


def report(cli, out: Path, *paths: str) -> Path:
    process = cli("check", "--no-grammar", "--format", "html", "--output", str(out), *paths)
    assert process.returncode in (0, 1), process.stderr.decode()
    return out


def check_marks(sections: list[dict], data: dict) -> int:
    """Each draft: one highlight per finding, each exactly the finding's text."""
    by_path = {entry["path"]: entry["findings"] for entry in data["files"]}
    assert sorted(s["path"] for s in sections) == sorted(by_path)
    marked = 0
    for section in sections:
        findings = by_path[section["path"]]
        placed = [f for f in findings if f["line"] > 0]
        assert len(section["firsts"]) == len(set(section["firsts"])) == len(placed)
        assert len(section["cards"]) == len(findings)
        shown = []
        for number, where in section["cards"]:
            numbers = re.findall(r"\d+", where)
            if numbers:
                line, column = map(int, numbers)
                shown.append((line, column, excerpt("".join(section["groups"][number]))))
        assert sorted(shown) == sorted((f["line"], f["column"], f["text"]) for f in placed)
        marked += len(placed)
    return marked


def test_seed_draft_in_chromium(browser, shared, cli, cli_json, tmp_path):
    seed = shared / "corpus" / "seed-draft-biden-poutine.txt"
    page = report(cli, tmp_path / "seed.html", str(seed))
    _code, data = cli_json("--no-grammar", str(seed))
    total = data["summary"]["findings"]
    assert total > 10
    open_report(browser, page)
    # The page opens on the index, with the run's counts.
    assert browser.find_element("id", "index").is_displayed()
    (section,) = browser.execute_script(COLLECT)
    assert check_marks([section], data) == total
    assert section["text"] == seed.read_text(encoding="utf-8")

    # A link to a finding opens its draft (built on first view) on that finding.
    browser.execute_script("location.hash = arguments[0]", f"#{section['id']}-5")
    wait(browser, "return document.activeElement.id === arguments[0]", f"{section['id']}-5")
    assert (
        browser.execute_script("return document.querySelector('li.card.current').id")
        == f"{section['id']}-5-card"
    )

    # Keyboard: j/n forward, k/p back, through every finding in order.
    open_draft(browser, section["id"])
    visited = [press(browser, "j" if step % 2 else "n") for step in range(total)]
    assert visited == section["firsts"] == [f"{section['id']}-{n}" for n in range(total)]
    assert press(browser, "j") == visited[-1]  # the last stays
    assert press(browser, "k") == visited[-2]
    assert press(browser, "p") == visited[-3]
    # The focused finding's card is the current one, beside the text.
    current = browser.execute_script("return document.querySelector('li.card.current').id")
    assert current == visited[-3] + "-card"
    browser.find_element("css selector", ".toolbar button[data-go=next]").click()
    assert browser.execute_script("return document.activeElement.id") == visited[-2]

    # Severity filter: warnings leave the text, the cards and the navigation.
    browser.find_element("css selector", "input[name=sev][value=warning]").click()
    state = browser.execute_script("""
        return Array.from(document.querySelectorAll('.shown [data-f]')).map(function (e) {
          return [e.tagName, e.getAttribute('data-sev'), e.offsetParent !== null,
                  getComputedStyle(e).backgroundColor]; });""")
    for tag, severity, displayed, background in state:
        if tag == "LI":
            assert displayed == (severity != "warning")
        elif severity == "warning":
            assert background == "rgba(0, 0, 0, 0)"
    kept = [
        n
        for n, _where in section["cards"]
        if browser.execute_script(
            "return document.getElementById(arguments[0]).dataset.sev", f"{section['id']}-{n}"
        )
        != "warning"
    ]
    open_draft(browser, section["id"])
    visited = [press(browser, "j") for _ in kept]
    assert visited == [f"{section['id']}-{n}" for n in kept]
    browser.find_element("css selector", "input[name=sev][value=warning]").click()

    # Rule filter: one rule's findings hidden, the others shown.
    browser.find_element("css selector", ".filter-rule summary").click()
    browser.find_element("css selector", "input[name=rule][value='quotes/convention']").click()
    cards = browser.execute_script("""
        return Array.from(document.querySelectorAll('.shown li.card')).map(function (c) {
          return [c.dataset.rule, c.offsetParent !== null]; });""")
    assert any(rule == "quotes/convention" for rule, _shown in cards)
    assert all(shown == (rule != "quotes/convention") for rule, shown in cards)
    browser.find_element("css selector", "input[name=rule][value='quotes/convention']").click()

    # Severity is said, not only coloured: each highlight's icon has a spoken text, each card
    # names it, and each highlight is described by its card.
    spoken = browser.execute_script("""
        return Array.from(document.querySelectorAll('.shown mark.hl[id]')).map(function (m) {
          var card = document.getElementById(m.getAttribute('aria-describedby'));
          return [m.dataset.sev, getComputedStyle(m, '::before').content,
                  card.querySelector('.sev').textContent.trim()]; });""")
    words = {
        "error": ("erreur", "Erreur"),
        "warning": ("avertissement", "Avertissement"),
        "info": ("info", "Info"),
    }
    for severity, content, label in spoken:
        assert f'"{words[severity][0]}"' in content and label.endswith(words[severity][1])
    # Printed: no toolbar, the cards under the text.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element("css selector", ".toolbar").is_displayed()
        text, cards = browser.execute_script(
            "var s = document.querySelector('.shown');"
            "return [s.querySelector('.text').getBoundingClientRect().bottom,"
            "        s.querySelector('.cards').getBoundingClientRect().top];"
        )
        assert cards >= text
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert_quiet(browser, page)


class Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self):
        Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Counter.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def test_hostile_draft_runs_nothing_and_fetches_nothing(browser, cli, tmp_path, server):
    source = (
        "Lire la suite <script>window.__pwned = 1; fetch('SERVER/script')</script> ici\n\n"
        '</textarea></div></section><img src="SERVER/img" onerror="window.__pwned = 2">\n\n'
        '<a href="javascript:window.__pwned = 3">cliquez</a> <svg onload="window.__pwned=4">\n\n'
        '<link rel=stylesheet href="SERVER/css"><iframe src="SERVER/frame"></iframe>\n\n'
        '<style>body{background:url(SERVER/bg)}</style><script src="SERVER/js"></script>\n'
    ).replace("SERVER", server)
    draft = tmp_path / "<img src=x onerror=window.__pwned=5>.txt"
    draft.write_text(source, encoding="utf-8")
    page = report(cli, tmp_path / "hostile.html", str(draft))
    open_report(browser, page)
    (section,) = browser.execute_script(COLLECT)
    open_draft(browser, section["id"])
    assert section["text"] == source
    assert browser.execute_script("return window.__pwned") is None
    assert (
        browser.execute_script(
            "return document.querySelectorAll('.text *:not(mark):not(span)').length"
        )
        == 0
    )
    time.sleep(0.5)
    assert Counter.hits == []
    assert_quiet(browser, page)

    # Were markup ever to get in, the page's policy still forbids requests and inline code.
    browser.execute_script(
        "document.querySelector('.shown .text').insertAdjacentHTML('beforeend', arguments[0])",
        f'<img src="{server}/csp"><img src=x onerror="window.__pwned = 6">',
    )
    time.sleep(0.5)
    assert Counter.hits == []
    assert browser.execute_script("return window.__pwned") is None
    messages = " ".join(entry["message"] for entry in browser.get_log("browser"))
    assert "Content Security Policy" in messages


def test_run_of_200_articles_in_chromium(browser, shared, cli, cli_json, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    with gzip.open(shared / "corpus" / "orangesum-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number == 200:
                break
            article = json.loads(line)
            (folder / f"{number:03d}.md").write_text(
                f"# {article['title']}\n\n{article['text']}\n", encoding="utf-8"
            )
    page = report(cli, tmp_path / "run.html", str(folder))
    _code, data = cli_json("--no-grammar", str(folder))
    open_report(browser, page)
    rows = browser.execute_script(
        "return document.querySelectorAll('table.drafts tbody tr').length"
    )
    assert rows == 200
    sections = browser.execute_script(COLLECT)
    assert check_marks(sections, data) == data["summary"]["findings"] > 0
    # Navigation through the draft with the most findings, from the index's link.
    busiest = max(sections, key=lambda s: len(s["firsts"]))
    browser.find_element("css selector", f"table.drafts a[href='#{busiest['id']}']").click()
    wait(browser, "return document.activeElement.tagName === 'H2'")
    assert not browser.find_element("id", "index").is_displayed()
    assert [press(browser, "j") for _ in busiest["firsts"]] == busiest["firsts"]
    assert_quiet(browser, page)
