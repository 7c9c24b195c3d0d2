"""The one fix applier: a post's text with the `Fix` records of its findings applied.

`pressbot fix` writes what this gives; `check --format json` and pull-request suggestions
carry the same records. Lines and columns are those the rules see (`Post.lines`): lines
split on LF, a CR before it not part of the line, columns in Unicode characters, a
byte-order mark not part of line 1. A whole-line fix of line 1 replaces the mark too (that
is how the byte-order-mark rule, `rules.encoding.BOM`, removes it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from bot.problem import Finding, Fix

if TYPE_CHECKING:
    from bot.post import Post
    from bot.site import Site

BOM = "\ufeff"


def apply(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` (the decoded file, a byte-order mark included) with ``fixes`` applied.

    A fix that overlaps one applied before it, or that points past the text, is left out.
    """
    return applied(text, fixes)[0]


def applied(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """`apply`, and the fixes it left out. The byte-order mark's fix (line 1 without its
    marks) takes the marks off and nothing else, so a repair on line 1 is made too."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    starts = [0]
    newline = body.find("\n")
    while newline >= 0:
        starts.append(newline + 1)
        newline = body.find("\n", newline + 1)

    def line_end(line: int) -> int:
        end = starts[line] - 1 if line < len(starts) else len(body)
        return end - 1 if end > starts[line - 1] and body[end - 1] == "\r" else end

    first = body[: line_end(1)]
    marks = len(first) - len(first.lstrip(BOM))
    edits: list[tuple[int, int, str, Fix]] = []
    left_out: list[Fix] = []
    for fix in fixes:
        last = fix.end_line if fix.end_line is not None else fix.line
        if not 1 <= fix.line <= last <= len(starts):
            left_out.append(fix)
            continue
        if fix.column is None and fix.line == 1 and fix.replacement == first[marks:]:
            bom = ""  # the byte-order mark's fix: the marks off, the line as it is
            edits.append((0, marks, "", fix))
            continue
        if fix.column is None:
            start, end = starts[fix.line - 1], line_end(fix.line)
            if fix.line == 1:
                bom = ""
        else:
            start = starts[fix.line - 1] + fix.column - 1
            end = starts[last - 1] + (fix.end_column or fix.column) - 1
            if start > line_end(fix.line) or end > line_end(last) or end < start:
                left_out.append(fix)
                continue
        edits.append((start, end, fix.replacement, fix))
    out: list[str] = []
    pos = 0
    for start, end, replacement, fix in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < pos:
            left_out.append(fix)
            continue  # overlaps an edit already made
        out.append(body[pos:start])
        out.append(replacement)
        pos = end
    out.append(body[pos:])
    return bom + "".join(out), left_out


def findings_of(post: Post, site: Site) -> list[Finding]:
    """Every finding of ``post``, whatever the site's selection: what `errors_added` weighs
    a repair against (an error it would bring counts, even of a rule the site turned off).
    `fixable` chooses the ones whose fix is made."""
    from bot.linter import families

    return [finding for family in families() for finding in family.check(post, site)]


def fixable(findings: list[Finding], site: Site) -> list[Finding]:
    """The findings whose fix `pressbot fix` makes: of the rules the site runs. A rule its
    `rules:` turn off (`severity: off`), ignore or leave out of `select` is not fixed
    either: an article that quotes mojibake on purpose keeps it, and `fix --check` (the
    pre-commit hook) agrees with `check`."""
    from bot.linter import registry, selection_for

    selection = site.memo.get("fix_selection")
    if selection is None:
        selection = site.memo["fix_selection"] = selection_for(site, None, None)
    levels = registry()
    return [
        finding
        for finding in findings
        if finding.fix is not None
        and selection.level(finding.rule, levels.get(finding.rule, "error")) is not None
    ]


def errors_added(before: list[Finding], after: list[Finding]) -> list[str]:
    """The rules with more error findings in ``after`` (the findings of a post as a fix would
    write it) than ``before`` (of the post as it is): a repair must not bring what the check
    then blocks (a repaired `â€¨` is a line separator, which YAML reads as a line break; two
    keys repaired into one)."""
    from collections import Counter

    def errors(findings: list[Finding]) -> Counter[str]:
        return Counter(f.rule for f in findings if f.severity == "error")

    old, new = errors(before), errors(after)
    return sorted(rule for rule, count in new.items() if count > old[rule])
