"""`_config.yml` and `.pressbot.yml` with values of the wrong shape: what Jekyll accepts is
read as Jekyll reads it; what Jekyll refuses is one clear configuration error (exit 2)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.inputkit import GOOD, assert_one_line_error, pressbot

POST = "_posts/2026-01-01-a.md"


def make_site(root: Path, config: bytes | str | None, name: str = "_config.yml") -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / POST).write_text(GOOD, encoding="utf-8")
    if config is not None:
        data = config.encode("utf-8") if isinstance(config, str) else config
        (root / name).write_bytes(data)
    return root


# Each of these makes `jekyll build` stop (checked with Jekyll 4.3): a configuration error.
REFUSED = [
    ("include: 5\n", "'include'"),
    ("time: nonsense\n", "'time'"),
    ("time: [1]\n", "'time'"),
    ('exclude: "x"\n', "'exclude'"),
    ("exclude:\n", "'exclude'"),
    ("permalink: [1]\n", "'permalink'"),
    ("permalink: 5\n", "'permalink'"),
    ("collections: x\n", "'collections'"),
    ("collections: {posts: 5}\n", "'collections.posts'"),
    ("collections: {posts: {permalink: [a]}}\n", "'collections.posts.permalink'"),
    ("timezone: 5\n", "'timezone'"),
    ("markdown_ext: 5\n", "'markdown_ext'"),
    ("markdown_ext: [md]\n", "'markdown_ext'"),
    ("encoding: [utf-8]\n", "'encoding'"),
    ("collections_dir: 5\n", "'collections_dir'"),
    ("timezone: [Europe/Paris]\n", "'timezone'"),
    ("defaults: [{scope: 5, values: {layout: post}}]\n", "'defaults[0].scope'"),
    ("defaults: [{scope: {type: 5}, values: {layout: post}}]\n", "'defaults[0].scope.type'"),
    ("title: [unclosed\n", "not valid YAML"),
    (b"title: caf\xe9\n", "UTF-8"),
    ("a: " + "[" * 5000 + "]" * 5000 + "\n", "_config.yml"),
    ("a: &a [*a, *a]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b, *b]\n", None),
]


@pytest.mark.parametrize(("config", "word"), REFUSED, ids=[repr(c)[:40] for c, _ in REFUSED])
@pytest.mark.parametrize("command", ["check", "list"])
def test_jekyll_config_refused(tmp_path: Path, command: str, config: str, word: str) -> None:
    root = make_site(tmp_path / "site", config)
    done = pressbot(command, "--site", root)
    assert_one_line_error(done, 2, *([word] if word else []))
    assert "_config.yml" in done.err


# Jekyll builds with these; so does pressbot, reading them as Jekyll does.
ACCEPTED = [
    "",
    "url: []\n",
    "baseurl: 5\n",
    "defaults: 3\n",
    "defaults: [3, {values: 5}]\n",
    "defaults: [{scope: {path: 5}, values: {layout: post}}]\n",
    "collections: [posts, recipes]\n",
    "permalink:\n",
    'timezone: ""\n',
    "exclude: [5, null, [a]]\n",
    "future: 'yes'\n",
]


@pytest.mark.parametrize("config", ACCEPTED)
def test_jekyll_config_accepted(tmp_path: Path, config: str) -> None:
    root = make_site(tmp_path / "site", config)
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    assert done.err == ""
    (post,) = json.loads(done.out)["posts"]
    assert post["published"] is True


@pytest.mark.parametrize(
    ("value", "published"),
    [("0", True), ("''", True), ("[]", True), ("'false'", True), ("false", False), ("", False)],
)
def test_future_is_true_as_ruby_sees_it(tmp_path: Path, value: str, published: bool) -> None:
    """Jekyll (Ruby) takes every value but `false` and `nil` as true: `future: 0` is on."""
    root = make_site(tmp_path / "site", f"future: {value}\n")
    (root / "_posts" / "2030-01-01-later.md").write_text(GOOD, encoding="utf-8")
    done = pressbot("list", "--format", "json", "--site", root, env={"PRESSBOT_NOW": "2026-06-01"})
    assert done.code == 0, done
    later = [p for p in json.loads(done.out)["posts"] if "later" in p["path"]]
    assert later[0]["published"] is published, done


@pytest.mark.parametrize(("value", "published"), [("0", True), ("false", False)])
def test_unpublished_is_true_as_ruby_sees_it(tmp_path: Path, value: str, published: bool) -> None:
    root = make_site(tmp_path / "site", f"unpublished: {value}\n")
    (root / "_posts" / "2026-01-02-off.md").write_text(
        "---\ntitle: Off\npublished: false\n---\n", encoding="utf-8"
    )
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    off = [p for p in json.loads(done.out)["posts"] if "off" in p["path"]]
    assert off[0]["published"] is published, done


PRESSBOT_REFUSED = [
    ("- a\n", "mapping"),
    ("publish: 5\n", ".pressbot.yml: publish: expected a mapping, got 5"),
    ("rules: []\n", ".pressbot.yml: rules: expected a mapping, got a list"),
    ("schema: 5\n", ".pressbot.yml: schema: expected text, got 5"),
    ("required: title\n", ".pressbot.yml: required: expected a list, got text"),
    (b"\xff\xfe\n", "UTF-8"),
    ("a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n", ".pressbot.yml"),
    ("rules: {severity: {[a]: error}}\n", "YAML"),
    ("max_length: {title: 1e400}\n", "max_length.title: expected a whole number, got text"),
    ("max_length: {title: 0}\n", "max_length.title: expected a whole number of 1 or more, got 0"),
    (
        "publish: {max_unpublish: -1}\n",
        "publish.max_unpublish: expected a whole number of 0 or more, got -1",
    ),
    ("unknown_fields: nope\n", 'unknown_fields: expected "allow" or "forbid", got "nope"'),
    (
        "publish: {targets: [{name: a, type: webhok}]}\n",
        'publish.targets[0].type: "webhok" is not a target type (folder, webhook, devto or forem)',
    ),
    (
        "publish: {targets: [{name: a, type: webhook}]}\n",
        "publish.targets[0].url: this setting is required; add it",
    ),
    (
        "publish: {targets: [{name: a, type: webhook, url: ftp://x}]}\n",
        'publish.targets[0].url: expected an address starting with http:// or https://, got "ftp://x"',
    ),
    (
        "publish: {targets: [{name: a/b}]}\n",
        'publish.targets[0].name: the target name "a/b" has a "/"',
    ),
    (
        "publish: {targets: [{path: a}, {path: b}]}\n",
        'publish.targets: targets[1] has the name "outbox" of targets[0]',
    ),
    (
        "publish: {targets: [{type: devto, name: d, api_url: 'https://x?y'}]}\n",
        "publish.targets[0].api_url: expected the Forem's address without query",
    ),
    ("tittle: x\n", ".pressbot.yml: tittle: unknown setting; remove it or check its spelling"),
]


@pytest.mark.parametrize(("config", "word"), PRESSBOT_REFUSED)
def test_pressbot_config_refused(tmp_path: Path, config: str, word: str) -> None:
    root = make_site(tmp_path / "site", config, ".pressbot.yml")
    done = pressbot("check", "--site", root)
    assert_one_line_error(done, 2, word)


@pytest.mark.parametrize("config", ["pressbot: 5\n", "pressbot: [a]\n", "pressbot: {nope: 1}\n"])
def test_pressbot_key_of_jekyll_config_refused(tmp_path: Path, config: str) -> None:
    root = make_site(tmp_path / "site", config)
    assert_one_line_error(pressbot("check", "--site", root), 2, "_config.yml")


def test_config_file_that_is_a_folder(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", None)
    (root / "conf").mkdir()
    assert_one_line_error(pressbot("check", "--site", root, "--config", root / "conf"), 2, "conf")


def test_config_file_that_does_not_exist(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", None)
    done = pressbot("check", "--site", root, "--config", tmp_path / "nonexistent.yml")
    assert_one_line_error(done, 2, "nonexistent.yml")


@pytest.mark.parametrize("name", ["_config.yml", ".pressbot.yml", "_data/authors.yml"])
def test_settings_file_linked_outside_the_site_is_not_read(tmp_path: Path, name: str) -> None:
    """A pull request that turns `_config.yml` (or the authors list) into a link to a file of
    the machine running the check learns nothing of that file."""
    secret = tmp_path / "secret.yml"
    secret.write_text("TOPSECRET: 1\ntimezone: Secret/Zone\n", encoding="utf-8")
    root = make_site(tmp_path / "site", "title: t\n")
    if name.startswith("_data"):
        (root / "_data").mkdir()
        (root / ".pressbot.yml").write_text("authors_from_data: true\n", encoding="utf-8")
        (root / POST).write_text("---\ntitle: t\nauthor: TOPSECRET\n---\n", encoding="utf-8")
    (root / name).unlink(missing_ok=True)
    os.symlink(secret, root / name)
    done = pressbot("check", "--site", root)
    assert_one_line_error(done, 2, "outside the site")
    assert "TOPSECRET" not in done.err + done.out and "Secret/Zone" not in done.err


@pytest.mark.parametrize(
    ("config", "files", "known"),
    [
        # Jekyll reads a data folder's *.yaml, then *.yml, then *.json: the last one stays
        ("", {"_data/authors.yml": "a: 1\n", "_data/authors.json": '{"b": 1}\n'}, "b"),
        ("", {"_data/authors.yaml": "a: 1\n", "_data/authors.yml": "b: 1\n"}, "b"),
        ("data_dir: meta\n", {"_data/authors.yml": "a: 1\n", "meta/authors.yml": "b: 1\n"}, "b"),
        # a folder that climbs out of the site is taken from the site's root, as Jekyll does
        ("data_dir: ../../meta\n", {"meta/authors.yml": "b: 1\n"}, "b"),
    ],
)
def test_authors_come_from_the_data_jekyll_reads(
    tmp_path: Path, config: str, files: dict[str, str], known: str
) -> None:
    root = make_site(tmp_path / "site", "title: t\n" + config)
    (root / ".pressbot.yml").write_text("authors_from_data: true\n", encoding="utf-8")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for author, flagged in (("a", known != "a"), ("b", known != "b")):
        (root / POST).write_text(f"---\ntitle: t\nauthor: {author}\n---\n", encoding="utf-8")
        done = pressbot("check", "--site", root)
        assert ("schema/" in done.out) == flagged, (author, done)


@pytest.mark.parametrize(
    ("zone", "said"),
    [("Mars/Olympus", "it builds in UTC"), ("UTC+3", "POSIX TZ string, UTC-03:00")],
)
def test_a_timezone_that_is_no_zone_name_is_read_as_jekyll_reads_it(
    tmp_path: Path, zone: str, said: str
) -> None:
    """Jekyll builds with any `timezone` (glibc reads what is no zone name as a POSIX TZ
    string, else as UTC): so does pressbot, and says once how it reads it."""
    root = make_site(tmp_path / "site", f"title: t\ntimezone: {zone}\n")
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    assert done.err.count("pressbot: _config.yml: timezone") == 1 and said in done.err, done
    date = json.loads(done.out)["posts"][0]["date"]
    assert date.endswith("-03:00" if zone == "UTC+3" else "+00:00"), date


@pytest.mark.parametrize("config", ["- a\n- b\n", "just words\n"])
def test_a_configuration_that_is_no_mapping_is_ignored_as_jekyll_ignores_it(
    tmp_path: Path, config: str
) -> None:
    """Jekyll warns that it cannot read it, and builds with its defaults: so does pressbot."""
    root = make_site(tmp_path / "site", config)
    done = pressbot("list", "--format", "json", "--site", root)
    assert done.code == 0, done
    assert "_config.yml is not a mapping" in done.err and "defaults" in done.err, done
    assert json.loads(done.out)["posts"][0]["url"] == "/2026/01/01/a.html"


@pytest.mark.parametrize(
    ("source", "warned"), [("src", True), (".", False), ("./", False), ('"a\\0b"', True)]
)
def test_a_source_setting_pressbot_does_not_follow_is_said(
    tmp_path: Path, source: str, warned: bool
) -> None:
    root = make_site(tmp_path / "site", f"title: t\nsource: {source}\n")
    (root / "src").mkdir()
    done = pressbot("check", "--site", root)
    assert done.code == 0, done
    assert ("setting 'source'" in done.err) == warned, done


def test_settings_file_too_large(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", None)
    with open(root / "_config.yml", "wb") as f:
        f.write(b"# padding\n" * (17 << 17))
    assert_one_line_error(pressbot("check", "--site", root), 2, "MiB")


def test_every_problem_of_the_configuration_at_once(tmp_path: Path) -> None:
    """One line per problem, each naming the setting as the author wrote it; no pydantic
    wording and no names of pressbot's own classes."""
    config = (
        "tittle: x\n"
        "max_length: {title: -3}\n"
        "publish:\n"
        "  max_unpublish: -1\n"
        "  targets:\n"
        "    - {name: box, type: folder}\n"
        "    - {name: hook, type: webhok}\n"
    )
    root = make_site(tmp_path / "site", config, ".pressbot.yml")
    done = pressbot("check", "--site", root)
    assert done.code == 2, done
    assert done.err_lines == [
        "pressbot: .pressbot.yml: tittle: unknown setting; remove it or check its spelling",
        "pressbot: .pressbot.yml: max_length.title: expected a whole number of 1 or more, got -3",
        "pressbot: .pressbot.yml: publish.max_unpublish: expected a whole number of 0 or more, "
        "got -1",
        'pressbot: .pressbot.yml: publish.targets[1].type: "webhok" is not a target type '
        "(folder, webhook, devto or forem)",
    ]


def test_pressbot_key_of_jekyll_config_is_named_with_its_key(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", "pressbot: {publish: {max_attempts: 0}}\n")
    assert_one_line_error(
        pressbot("check", "--site", root),
        2,
        "_config.yml: pressbot.publish.max_attempts: expected a whole number of 1 or more, got 0",
    )
