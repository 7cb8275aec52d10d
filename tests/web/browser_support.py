"""One way to start the browser the web tests drive: Debian's Chromium, in Russian.

Chromium on Linux takes its interface language (the order of day and month in a date field, the
words of its own messages) from ``LANGUAGE`` and its translations (Debian's ``chromium-l10n``, which
.ci/run installs), not from the page context's ``locale``, so both are set here: an official's
browser in Russia shows «дд.мм.гггг», and so do the tests and their screenshots.
"""

from __future__ import annotations

import os
import shutil
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDS_CHROMIUM = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")
RUSSIAN = "ru-RU"


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium by its executable path (never a downloaded build), with a Russian UI."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", f"--lang={RUSSIAN}"],
                                      env={**os.environ, "LANGUAGE": "ru"})


def russian_page(browser: Any, *, width: int = 1280, **options: Any) -> Any:
    """A new page in its own context (its own cookies: one signed-in person), Russian locale."""
    return browser.new_context(viewport={"width": width, "height": 900}, locale=RUSSIAN, **options).new_page()
