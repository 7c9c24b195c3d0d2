"""`pressbot fix` honours the site's `rules:`: a rule turned off (`severity: off`), ignored
or left out of `select` is neither repaired nor counted by `fix --check` (the pre-commit
hook), so that `fix --check` and `check` agree; a rule that runs, at any severity, is."""

from __future__ import annotations

from pathlib import Path

import pytest

POST = "_posts/2026-01-01-codecs.md"
MOJIBAKE = "A file opened with the wrong codec shows Here\u00e2\u20ac\u2122s.\n"
HIDDEN = "".join(chr(0xE0000 + ord(c)) for c in "psst")
TEXT = f"\ufeff---\ntitle: Codecs\n---\n{MOJIBAKE}Tags{HIDDEN} hide text.\n"


def _site(site, rules: str) -> Path:
    root: Path = site(
        {"_config.yml": "title: t\n", ".pressbot.yml": rules, POST: TEXT.encode("utf-8")}
    )
    return root


@pytest.mark.parametrize(
    "rules",
    [
        "rules:\n  severity:\n    encoding/mojibake: off\n    encoding/bom: off\n"
        "    encoding/hidden-text: off\n",
        "rules:\n  severity:\n    encoding: off\n",
        "rules:\n  ignore: [encoding/mojibake, encoding/bom, encoding/hidden-text]\n",
        "rules:\n  select: [schema]\n",
    ],
)
def test_a_rule_the_site_turns_off_is_not_fixed(site, cli, rules: str) -> None:
    root = _site(site, rules)
    assert cli("check", "--site", root).code == 0
    assert cli("fix", "--check", "--site", root).code == 0
    diff = cli("fix", "--diff", "--site", root)
    assert (diff.code, diff.out) == (0, "")
    assert cli("fix", "--site", root).code == 0
    assert (root / POST).read_bytes() == TEXT.encode("utf-8")


def test_only_the_rules_turned_off_are_left(site, cli) -> None:
    root = _site(site, "rules:\n  severity:\n    encoding/mojibake: off\n")
    assert cli("fix", "--check", "--site", root).code == 1
    run = cli("fix", "--site", root)
    assert run.code == 0, run
    assert "mojibake" not in run.out
    text = (root / POST).read_bytes().decode("utf-8")
    assert text == f"---\ntitle: Codecs\n---\n{MOJIBAKE}Tags hide text.\n"
    assert cli("fix", "--check", "--site", root).code == 0


def test_a_rule_at_another_severity_is_fixed(site, cli) -> None:
    root = _site(site, "rules:\n  severity:\n    encoding: info\n")
    assert cli("check", "--site", root).code == 0
    assert cli("fix", "--check", "--site", root).code == 1
    assert cli("fix", "--site", root).code == 0
    text = (root / POST).read_bytes().decode("utf-8")
    assert (
        text
        == "---\ntitle: Codecs\n---\nA file opened with the wrong codec shows Here\u2019s.\nTags hide text.\n"
    )
