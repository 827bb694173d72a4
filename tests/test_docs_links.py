"""Every relative link and #anchor in README.md and docs/**/*.md resolves, as GitHub renders them.

An anchor is the slug GitHub gives a heading: the heading's text as rendered (no backticks, link
text without its target), lower case, every character that is not a letter, digit, mark, space,
`-` or `_` dropped, spaces turned into `-`; a repeated slug in one file gets `-1`, `-2`, ...
Links with a scheme (https:, mailto:) are not followed. Every page under docs/ is reachable
from the README, so no page is left where nobody finds it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
import re
import unicodedata

import pytest

ROOT = Path(__file__).parent.parent
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])


FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
INLINE_CODE = re.compile(r"`+[^`]*`+")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """Return the numbered lines outside fenced code blocks."""
    lines: list[tuple[int, str]] = []
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append((number, line))
    return lines


def slug(heading: str) -> str:
    """Return GitHub's anchor for a heading's Markdown text."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    kept = [
        "-" if char == " " else char
        for char in text.strip().lower()
        if char in " -_" or unicodedata.category(char)[0] in "LNM"
    ]
    return "".join(kept)


@cache
def anchors(page: Path) -> frozenset[str]:
    """Return the anchors GitHub makes for a page's headings."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for _, line in _prose_lines(page.read_text(encoding="utf-8")):
        if match := HEADING.match(line):
            base = slug(match.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return frozenset(found)


def links(page: Path) -> list[tuple[int, str]]:
    """Return the numbered relative link targets of a page (code spans and blocks left out).

    A link's text may run over a line break, so the page is searched whole; blanked code keeps
    its line breaks so the numbers stay right.
    """
    numbered = dict(_prose_lines(page.read_text(encoding="utf-8")))
    prose = "\n".join(numbered.get(number, "") for number in range(1, max(numbered, default=0) + 1))
    prose = INLINE_CODE.sub(lambda code: "\n" * code.group(0).count("\n"), prose)
    return [
        (prose.count("\n", 0, match.start()) + 1, match.group(1))
        for match in LINK.finditer(prose)
        if match.group(1) and not SCHEME.match(match.group(1))
    ]


def _problem(page: Path, target: str) -> str | None:
    """Return why a link of a page does not resolve, or None when it does."""
    path_part, _, anchor = target.partition("#")
    resolved = (page.parent / path_part).resolve() if path_part else page
    if not resolved.is_relative_to(ROOT):
        return "points outside the repository"
    if not resolved.exists():
        return "no such file"
    if not anchor:
        return None
    if resolved.is_dir() or resolved.suffix != ".md":
        return "an anchor into something that is not a Markdown page"
    return None if anchor in anchors(resolved) else "no such heading"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_links_resolve(page: Path) -> None:
    """Every relative link and anchor of the page leads somewhere."""
    broken = [
        f"{page.relative_to(ROOT)}:{number}: {target} ({problem})"
        for number, target in links(page)
        if (problem := _problem(page, target)) is not None
    ]
    assert not broken, "\n".join(broken)


def test_every_docs_page_is_reachable_from_the_readme() -> None:
    """Following links from the README reaches every page under docs/."""
    reached: set[Path] = set()
    todo = [ROOT / "README.md"]
    while todo:
        page = todo.pop()
        if page in reached or not page.exists():
            continue
        reached.add(page)
        for _, target in links(page):
            path_part = target.partition("#")[0]
            if path_part.endswith(".md"):
                todo.append((page.parent / path_part).resolve())
    assert [page.relative_to(ROOT).as_posix() for page in PAGES if page not in reached] == []


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (
            "Compressor protection (options: *Compressor protection*)",
            "compressor-protection-options-compressor-protection",
        ),
        ("Climate (`climate.<name>`)", "climate-climatename"),
        (
            "Last run (2026-12-03, 2 virtual CPUs, Home Assistant 2026.10.4, Python 3.14.10)",
            "last-run-2026-12-03-2-virtual-cpus-home-assistant-2026104-python-31410",
        ),
        ("MQTT: what the MQTT choices share", "mqtt-what-the-mqtt-choices-share"),
        ("`window_heatpump.set_simulated_conditions`", "window_heatpumpset_simulated_conditions"),
        ("Sizing → advice \N{EN DASH} rules", "sizing--advice--rules"),
    ],
)
def test_slug_follows_github(heading: str, expected: str) -> None:
    """The slug matches what GitHub shows for headings of these kinds."""
    assert slug(heading) == expected


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    """Links in code are not followed; a missing file or heading is reported."""
    scratch = tmp_path / "page.md"
    scratch.write_text(
        "# Title\n[ok](#title) [bad](#nope) ![img](a.png) `[code](x.md)` [web](https://x.org)\n"
        "```\n[fenced](y.md)\n```\n",
        encoding="utf-8",
    )
    assert [target for _, target in links(scratch)] == ["#title", "#nope", "a.png"]
    readme = ROOT / "README.md"
    assert _problem(readme, "#known-limitations") is None
    assert _problem(readme, "#nope") == "no such heading"
    assert _problem(readme, "docs/nope.md") == "no such file"
    assert _problem(readme, "../outside.md") == "points outside the repository"
