"""What `.pressbot.yml` says is judged when it is loaded, by every command: publish targets
that cannot work at the site and rule ids that name no rule fail `check` (so the pull request
that writes them), each one line naming the file and the key, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inputkit import GOOD, Done, pressbot

POST = "_posts/2026-01-01-a.md"


def jekyll_site(root: Path, settings: str, config: str = "title: T\n") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / POST).write_text(GOOD, encoding="utf-8")
    (root / "_config.yml").write_text(config, encoding="utf-8")
    (root / ".pressbot.yml").write_text(settings, encoding="utf-8")
    return root


def hugo_site(root: Path, settings: str) -> Path:
    (root / "content/posts").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "T"\n')
    (root / "content/posts/a.md").write_text("---\ntitle: A\ndate: 2026-01-05\n---\nx\n")
    (root / ".pressbot.yml").write_text(settings, encoding="utf-8")
    return root


def refused(done: Done, *lines: str) -> None:
    assert done.code == 2, done
    assert "Traceback" not in done.err, done
    assert done.err_lines == [f"pressbot: .pressbot.yml: {line}" for line in lines], done


def targets(*entries: str) -> str:
    return "publish:\n  targets:\n" + "".join(f"    - {entry}\n" for entry in entries)


FOLDER_IN_POSTS = (
    "publish.targets[0].path: the output folder '_posts/out' is inside _posts, which pressbot reads"
)
FOREM_WITHOUT_URL = (
    "publish.targets[0]: Forem needs each post's absolute URL as its canonical URL, but `url`"
    " is not set in _config.yml (set it to the site's address, e.g. https://blog.example.org)"
)


@pytest.mark.parametrize("command", ["check", "list", "schema"])
@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ("{name: out, type: folder, path: _posts/out}", FOLDER_IN_POSTS),
        ("{name: dev, type: devto}", FOREM_WITHOUT_URL),
        (
            '{name: hook, type: webhook, url: "https://"}',
            "publish.targets[0].url: expected the receiver's address (https://host/...),"
            ' got "https://"',
        ),
    ],
)
def test_a_target_that_cannot_work_fails_every_command(
    tmp_path: Path, command: str, entry: str, line: str
) -> None:
    root = jekyll_site(tmp_path / "site", targets(entry))
    refused(pressbot(command, "--site", root), line)


def test_a_forem_target_on_a_hugo_site_fails_the_check(tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site", targets("{name: dev, type: devto}"))
    refused(
        pressbot("check", "--site", root),
        "publish.targets[0].type: a Forem target takes Jekyll sites only (the Markdown it sends"
        " is converted from Jekyll's Liquid; a Hugo page's shortcodes would be sent as written):"
        " use a webhook or folder target",
    )


def test_a_folder_target_where_hugo_reads_fails_the_check(tmp_path: Path) -> None:
    root = hugo_site(tmp_path / "site", targets("{name: out, type: folder, path: static/feed}"))
    refused(
        pressbot("check", "--site", root),
        "publish.targets[0].path: the output folder 'static/feed' is inside static, which"
        " pressbot reads",
    )


def test_usable_targets_pass(tmp_path: Path) -> None:
    entries = (
        "{name: out, type: folder, path: public/feed}",
        "{name: dev, type: devto}",
        '{name: hook, type: webhook, url: "https://example.org/h?token=1"}',
    )
    config = "title: T\nurl: https://blog.example.org\n"
    root = jekyll_site(tmp_path / "site", targets(*entries), config)
    done = pressbot("check", "--site", root)
    assert done.code == 0 and done.err == "", done


def test_target_problems_come_with_the_others_in_the_order_of_the_file(tmp_path: Path) -> None:
    settings = (
        "requird: [title]\n"
        + targets(
            "{name: out, type: folder, path: _posts/out}",
            "{name: hook, type: webhok}",
            "{name: dev, type: devto}",
        )
        + "rules:\n  ignore: [mojibake]\n"
    )
    root = jekyll_site(tmp_path / "site", settings)
    refused(
        pressbot("check", "--site", root),
        'requird: unknown setting; did you mean "required"?',
        FOLDER_IN_POSTS,
        'publish.targets[1].type: "webhok" is not a target type (folder, webhook, devto or forem)',
        FOREM_WITHOUT_URL.replace("targets[0]", "targets[2]"),
        'rules.ignore[0]: no rule or family "mojibake" (did you mean "encoding/mojibake"?);'
        " `pressbot rule` lists them",
    )


def test_a_target_with_wrong_settings_is_judged_on_those_first(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path / "site", targets("{name: out, path: ../out}"))
    refused(
        pressbot("check", "--site", root),
        "publish.targets[0].path: the output folder '../out' must be inside the site (no '..')",
    )


@pytest.mark.parametrize(
    ("rules", "key", "id_", "close"),
    [
        (
            "severity: {encoding/mojibak: warning}",
            "rules.severity.encoding/mojibak",
            "encoding/mojibak",
            "encoding/mojibake",
        ),
        ("ignore: [encodng]", "rules.ignore[0]", "encodng", "encoding"),
        (
            "select: [schema, encoding/bidi]",
            "rules.select[1]",
            "encoding/bidi",
            "encoding/bidi-control",
        ),
    ],
)
def test_a_misspelt_rule_id_names_the_file_the_key_and_the_closest_id(
    tmp_path: Path, rules: str, key: str, id_: str, close: str
) -> None:
    root = jekyll_site(tmp_path / "site", f"rules:\n  {rules}\nrequired: title\n")
    refused(
        pressbot("check", "--site", root),
        f'{key}: no rule or family "{id_}" (did you mean "{close}"?); `pressbot rule` lists them',
        "required: expected a list, got text",
    )


def test_the_rules_of_pressbot_in_config_yml_are_named_under_their_key(tmp_path: Path) -> None:
    root = tmp_path / "site"
    jekyll_site(root, "", "title: T\npressbot:\n  rules:\n    ignore: [schema/requird]\n")
    (root / ".pressbot.yml").unlink()
    done = pressbot("check", "--site", root)
    assert done.code == 2, done
    assert done.err_lines == [
        'pressbot: _config.yml: pressbot.rules.ignore[0]: no rule or family "schema/requird"'
        ' (did you mean "schema/required"?); `pressbot rule` lists them'
    ], done


def test_a_misspelt_rule_on_the_command_line_names_the_option(tmp_path: Path) -> None:
    root = jekyll_site(tmp_path / "site", "")
    done = pressbot("check", "--site", root, "--select", "encodng", "--ignore", "x,schema/requird")
    assert done.code == 2, done
    assert done.err_lines == [
        'pressbot: --select: no rule or family "encodng" (did you mean "encoding"?);'
        " `pressbot rule` lists them",
        'pressbot: --ignore: no rule or family "x"; `pressbot rule` lists them',
        'pressbot: --ignore: no rule or family "schema/requird" (did you mean'
        ' "schema/required"?); `pressbot rule` lists them',
    ], done


@pytest.mark.parametrize(
    ("settings", "line"),
    [
        ("requird: [title]\n", 'requird: unknown setting; did you mean "required"?'),
        ("max_length: {titel: 3}\n", 'max_length.titel: unknown setting; did you mean "title"?'),
        (
            targets('{name: h, type: webhook, url: "https://e.org", secret: S}'),
            'publish.targets[0].secret: unknown setting; did you mean "secret_env"?',
        ),
        ("colour: blue\n", "colour: unknown setting; remove it or check its spelling"),
    ],
)
def test_a_misspelt_setting_gets_its_closest_name(tmp_path: Path, settings: str, line: str) -> None:
    root = jekyll_site(tmp_path / "site", settings)
    refused(pressbot("check", "--site", root), line)
