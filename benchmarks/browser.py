"""Headless Chromium for the HTML report's benchmark and screenshot (Debian's ``chromium`` and
``chromedriver``, driven by Selenium). Nothing here goes to the network: the browser's own
background traffic (updates, sync, safe browsing) is switched off."""

from __future__ import annotations

import shutil

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
    "--metrics-recording-only",
    "--no-pings",
    "--hide-scrollbars",
)


def programs() -> tuple[str | None, str | None]:
    """Paths of the browser and its driver (``None`` when missing)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    return binary, shutil.which("chromedriver")


def chromium(width: int = 1280, height: int = 900, logs: bool = True):
    """A Selenium Chrome driver on the system's headless Chromium, console and network logs on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = programs()
    if binary is None or driver is None:
        raise RuntimeError("chromium and chromedriver are needed (scripts/ci-system.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    if logs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)
