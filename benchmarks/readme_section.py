"""A section of README.md by its heading: the scale-out recipe, read by scale_out.py and tests/test_scale_out.py."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
SCALE_OUT = "Scaling out by namespace"  # the recipe's heading in the README
HEADING = re.compile(r"^(#{1,6}) +(.*?)[ #]*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def section(text: str, title: str) -> str:
    """The heading titled `title` and what follows it, up to the next heading of the same or a higher level.
    Lines inside fenced blocks are never headings (a shell or nginx comment starts with `#` too)."""
    lines = text.splitlines(keepends=True)
    start, level, fence = None, 0, ""
    for index, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""  # the closing fence: as long as the opening one or longer, nothing else on the line
            continue
        if opening := FENCE.match(line):
            fence = opening.group(1)
            continue
        heading = HEADING.match(line.rstrip("\n"))
        if heading is None:
            continue
        if start is None:
            if heading.group(2) == title:
                start, level = index, len(heading.group(1))
        elif len(heading.group(1)) <= level:
            return "".join(lines[start:index])
    if start is None:
        raise LookupError(f"no heading {title!r}")
    return "".join(lines[start:])


def scale_out_recipe(readme: Path = README) -> str:
    """The README's scale-out recipe: its subsection, from its heading to the next one of the same or a higher
    level."""
    return section(readme.read_text(encoding="utf-8"), SCALE_OUT)
