"""The axe-core check for browser tests, and a record of which pages it covered.

Each page a test opens is recorded under its path with ids replaced by <id>,
and so is each page the check ran on. The browser conftest lists, at the end
of the run, the paths that were visited but never checked.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

AXE_PATH = Path(settings.PROJECT_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2 at levels A and AA. axe-core 4.14 tags no rule wcag22a.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# NOTE: known false positives, as (rule id, CSS selector of the elements it
# wrongly flags). GOV.UK Frontend 6.6.0's enhanced file upload button has no
# space between its status and its "Choose file" text, so axe-core 4.14.1 reads
# its visible text as "No file chosenChoose file" and reports label in name
# (WCAG 2.5.3) failing. Chromium's accessible name for it, "Upload a portal
# file , No file chosen Choose file or drop file", does contain the visible text.
KNOWN_FALSE_POSITIVES = [("label-content-name-mismatch", ".govuk-file-upload-button")]

visited_paths: set[str] = set()
checked_paths: set[str] = set()


def page_path(url: str) -> str:
    """Return the URL's path with every number replaced by <id>, so one page type is one path."""
    return re.sub(r"/\d+(?=/)", "/<id>", urlsplit(url).path)


def unchecked_paths() -> list[str]:
    return sorted(visited_paths - checked_paths)


def _axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(
            f"axe-core is missing at {AXE_PATH}: run `npm ci` in the project folder "
            "(package.json pins it)."
        )
    return AXE_PATH.read_text(encoding="utf-8")


def format_violations(violations: list[dict]) -> str:
    """Describe axe violations one element per line: rule, impact, selector and help."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(selector) for selector in node["target"])
            lines.append(f"    at {target}")
    return "\n".join(lines)


def _without_known_false_positives(page, violations: list[dict]) -> list[dict]:
    """Drop the nodes that KNOWN_FALSE_POSITIVES names, and violations left with none."""
    kept = []
    for violation in violations:
        selectors = [
            selector for rule, selector in KNOWN_FALSE_POSITIVES if rule == violation["id"]
        ]
        nodes = [
            node
            for node in violation["nodes"]
            if not any(_node_matches(page, node, selector) for selector in selectors)
        ]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return kept


def _node_matches(page, node: dict, selector: str) -> bool:
    # A target inside an iframe or shadow root is a list of selectors. None of
    # the known false positives is in one, so only plain targets are matched.
    target = node["target"][0]
    if len(node["target"]) != 1 or not isinstance(target, str):
        return False
    return page.evaluate(
        "([target, selector]) => document.querySelector(target)?.matches(selector) ?? false",
        [target, selector],
    )


def check_accessibility(page) -> None:
    """Run axe-core on the page as it is now and fail on any WCAG 2.x A or AA violation.

    The source is evaluated over the DevTools protocol rather than added as a
    script tag, which the pages' Content Security Policy would block.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())

    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )

    checked_paths.add(page_path(page.url))
    violations = _without_known_false_positives(page, results["violations"])
    if violations:
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
            + format_violations(violations)
        )
