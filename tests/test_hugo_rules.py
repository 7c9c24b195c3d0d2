"""The `hugo/` rules through the real command, and what they claim of Hugo asked of real
Hugo 0.111 (`hugo list all`, `hugo list future|expired`, a build with a one-line layout)."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.hugo.values import to_bool
from bot.rules.hugo import RULES
from tests.conftest import FIXTURES, write_site
from tests.inputkit import assert_one_line_error, pressbot

CASES = FIXTURES / "rules"
CONFIG = 'baseURL = "https://news.example.org/"\ntimeZone = "Europe/Berlin"\n'
LAYOUTS = {
    "layouts/_default/single.html": "page {{ .File.Path }}\n",
    "layouts/_default/list.html": "list\n",
}


def findings(root: Path, *args: str) -> list[dict[str, object]]:
    run = pressbot("check", "--format", "json", "--site", root, *args, cwd=root)
    assert run.code in (0, 1) and "Traceback" not in run.err, run
    found: list[dict[str, object]] = json.loads(run.out)["findings"]
    return found


def hugo(root: Path, *args: str) -> str:
    done = subprocess.run(["hugo", *args], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def listed(root: Path, what: str = "all") -> dict[str, dict[str, str]]:
    out = hugo(root, "list", what)
    table = out[out.index("path,") :]
    return {row["path"]: row for row in csv.DictReader(io.StringIO(table))}


def scheduled(root: Path, what: str) -> set[str]:
    """The paths `hugo list future|expired` prints (one a line, no header)."""
    return {line.split(",")[0] for line in hugo(root, "list", what).splitlines() if "," in line}


def copy(case: str, kind: str, tmp_path: Path) -> Path:
    root = tmp_path / case / kind
    shutil.copytree(CASES / case / kind, root, ignore=shutil.ignore_patterns("expected.txt"))
    return root


# --- through the command --------------------------------------------------------------


@pytest.mark.parametrize("rule", [r.id for r in RULES])
def test_the_command_flags_the_fixtures_and_passes_their_siblings(rule: str) -> None:
    case = "hugo-" + rule.partition("/")[2]
    flag = CASES / case / "flag"
    expected = (flag / "expected.txt").read_text("utf-8").splitlines()
    run = pressbot("check", "--select", rule, "--format", "text", "--site", flag, cwd=flag)
    assert [line for line in run.out.splitlines() if line.startswith("content/")] == expected
    assert run.code == (1 if RULES[[r.id for r in RULES].index(rule)].severity == "error" else 0)
    clean = CASES / case / "clean"
    assert findings(clean, "--select", rule) == []


def test_the_family_finds_nothing_on_a_jekyll_site(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "_config.yml": "title: x\n",
            "_posts/2026-01-05-a.md": '---\ntitle: A\ndraft: "yes"\npermalink: /n/\n'
            "expiryDate: 2001-01-01\ndate: 2999-01-01\n---\n",
            "_posts/2026-01-06-b.md": "---\ntitle: B\npermalink: /n/\naliases: [/n/]\n---\n",
        },
    )
    assert [f for f in findings(root) if str(f["rule"]).startswith("hugo/")] == []


FENCED = re.compile(r"```md\n(.*?)```", re.DOTALL)


@pytest.mark.parametrize("rule", [r for r in RULES if FENCED.search(r.flags)], ids=str)
def test_the_page_examples_flag_and_pass_on_a_hugo_site(tmp_path: Path, rule: object) -> None:
    from bot.rules.base import Rule

    assert isinstance(rule, Rule)
    for kind, example in (("flags", rule.flags), ("passes", rule.passes)):
        found = FENCED.search(example)
        assert found is not None
        config = CONFIG.replace("Europe/Berlin", EXAMPLE_ZONE.get(rule.id, "Europe/Berlin"))
        root = write_site(
            tmp_path / kind, {"hugo.toml": config, "content/posts/notice.md": found.group(1)}
        )
        rules = {f["rule"] for f in findings(root)}
        assert (rule.id in rules) == (kind == "flags"), (kind, rules)


EXAMPLE_ZONE = {"hugo/date-lossy": "America/Sao_Paulo"}
"""The `timeZone` a rule page's example says the site has."""


def test_hostile_values_are_findings_not_tracebacks(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG + "[frontmatter]\ndate = ['myDate', ':default']\n",
            "content/posts/a.md": '---\ndraft: [1, 2]\nmyDate: "x"\ndate: {a: 1}\n'
            "aliases: [\"\", '/../../..', 7]\nexpiryDate: 99999-01-01\n---\n",
            "content/posts/b.md": "+++\ndraft = 2024-01-01\npublishDate = 10:00:00\n+++\n",
            "content/posts/c.md": '{"draft": null, "date": 1e400, "aliases": "/x/"}\n',
            "content/posts/d.md": '---\nheadless: "\u00e9" \nlastmod: 0001-01-01\n---\n',
        },
    )
    rules = [(f["path"], f["rule"]) for f in findings(root)]
    assert ("content/posts/a.md", "hugo/string-bool") in rules
    assert ("content/posts/a.md", "hugo/invalid-date") in rules
    assert ("content/posts/b.md", "hugo/invalid-date") in rules


def _nested(form: str, depth: int) -> str:
    """A page whose `params.x` holds lists ``depth`` levels deep in all (with the page's
    own mapping and `params`), in front matter of ``form``."""
    inner = "[" * (depth - 2) + "]" * (depth - 2)
    if form == "toml":
        return f"+++\ntitle = 'a'\n[params]\nx = {inner}\n+++\nbody\n"
    if form == "json":
        return '{"title": "a", "params": {"x": ' + inner + "}}\nbody\n"
    return f"---\ntitle: a\nparams:\n  x: {inner}\n---\nbody\n"


@pytest.mark.parametrize("form", ["yaml", "toml", "json"])
def test_front_matter_nested_beyond_reading_is_a_syntax_error_not_a_traceback(
    tmp_path: Path, form: str
) -> None:
    """Each parser and each step after it walks the values one call per level: a page
    nested deeper than pressbot reads is a clear finding at every depth (600 passed the
    parsers and broke a later step; 5,000 broke tomllib itself), and one at the limit is
    read."""
    pages = {f"content/posts/d{depth}.md": _nested(form, depth) for depth in (200, 201, 600, 5000)}
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **pages})
    for command in (("check",), ("list",), ("fix", "--diff")):
        run = pressbot(*command, "--site", root, cwd=root)
        assert run.code in (0, 1) and "Traceback" not in run.err and not run.err, run
    syntax = {f["path"] for f in findings(root) if f["rule"] == "frontmatter/syntax"}
    assert syntax == {f"content/posts/d{depth}.md" for depth in (201, 600, 5000)}
    for finding in findings(root, "--select", "frontmatter/syntax"):
        assert "nested more than 200 levels deep" in str(finding["message"]), finding


@pytest.mark.parametrize("name", ["hugo.toml", "hugo.json", "hugo.yaml"])
def test_a_configuration_nested_beyond_reading_is_a_one_line_error(
    tmp_path: Path, name: str
) -> None:
    deep = "[" * 900 + "]" * 900
    text = {
        "hugo.toml": f"title = 'x'\n[params]\nx = {deep}\n",
        "hugo.json": '{"title": "x", "params": {"x": ' + deep + "}}\n",
        "hugo.yaml": f"title: x\nparams:\n  x: {deep}\n",
    }[name]
    root = write_site(tmp_path, {name: text, "content/posts/a.md": "---\ntitle: a\n---\n"})
    run = pressbot("check", "--site", root, cwd=root)
    assert_one_line_error(run, 2, "nested more than 200 levels deep")


# --- Hugo as the oracle ---------------------------------------------------------------

oracle = pytest.mark.usefixtures("hugo_oracle")


@oracle
@pytest.mark.parametrize(
    "languages", ["", "[languages.fr]\nweight = 1\n[languages.en]\nweight = 2\n"]
)
def test_a_default_language_in_capitals_is_a_one_line_error(tmp_path: Path, languages: str) -> None:
    """Hugo 0.111 stops on `defaultContentLanguage = "FR"`, or with `languages` builds no
    page: either way, not a site to check as if it built."""
    config = CONFIG + 'defaultContentLanguage = "FR"\n' + languages
    root = write_site(tmp_path, {"hugo.toml": config, "content/posts/a.md": "---\ntitle: a\n---\n"})
    built = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    assert built.returncode != 0 or "content/posts/a.md" not in built.stdout, built
    run = pressbot("check", "--site", root, cwd=root)
    assert_one_line_error(run, 2, "defaultContentLanguage 'FR' is not in lower case")


@oracle
@pytest.mark.parametrize("kinds", ['["page"]', '["rss", "page"]', '["Page"]', '["section"]'])
def test_disabled_page_kinds_leave_out_every_page_as_hugo_does(tmp_path: Path, kinds: str) -> None:
    config = CONFIG + f"disableKinds = {kinds}\n"
    root = write_site(tmp_path, {"hugo.toml": config, "content/posts/a.md": "---\ntitle: a\n---\n"})
    run = pressbot("list", "--format", "json", "--site", root, cwd=root)
    assert run.code == 0, run
    ours = {p["path"] for p in json.loads(run.out)["posts"]}
    assert ours == set(listed(root)), (kinds, ours)


@oracle
@pytest.mark.parametrize("weight", ["inf", "nan", "-inf", "1e300"])
def test_a_language_weight_beyond_an_integer_is_read_not_a_crash(
    tmp_path: Path, weight: str
) -> None:
    config = CONFIG + f"[languages.en]\nweight = 1\n[languages.fr]\nweight = {weight}\n"
    page = "---\ntitle: a\n---\n"
    root = write_site(
        tmp_path, {"hugo.toml": config, "content/posts/a.md": page, "content/posts/a.fr.md": page}
    )
    run = pressbot("list", "--format", "json", "--site", root, cwd=root)
    assert run.code == 0 and "internal error" not in run.err, run
    ours = {p["path"]: p["url"] for p in json.loads(run.out)["posts"]}
    theirs = {
        path: row["permalink"].removeprefix("https://news.example.org")
        for path, row in listed(root).items()
    }
    assert ours == theirs


LANGUAGES = 'defaultContentLanguage = "en"\n[languages.en]\nweight = 1\n{en}[languages.fr]\nweight = 2\n{fr}'


@oracle
@pytest.mark.parametrize(
    "config",
    [
        LANGUAGES.format(en="removePathAccents = true\n", fr=""),
        LANGUAGES.format(en="", fr="disablePathToLower = true\n"),
        "disablePathToLower = true\n" + LANGUAGES.format(en="disablePathToLower = false\n", fr=""),
        LANGUAGES.format(en="", fr="uglyURLs = true\n"),
        "uglyURLs = true\n" + LANGUAGES.format(en="", fr="uglyURLs = false\n"),
        '[permalinks]\nposts = "/p/:slug/"\n'
        + LANGUAGES.format(en="", fr='[languages.fr.permalinks]\nposts = "/fr-posts/:slug/"\n'),
        # a language's own mapping replaces the site's whole: posts fall back to the default
        '[permalinks]\nposts = "/p/:slug/"\n'
        + LANGUAGES.format(en="", fr='[languages.fr.permalinks]\nnews = "/n/:slug/"\n'),
    ],
)
def test_url_settings_of_a_language_shape_its_urls_only(tmp_path: Path, config: str) -> None:
    page = "---\ntitle: x\n---\n"
    root = write_site(
        tmp_path,
        {
            "hugo.toml": 'baseURL = "https://news.example.org/"\n' + config,
            "content/posts/Été Ü.md": page,
            "content/posts/Été Ü.fr.md": page,
        },
    )
    run = pressbot("list", "--format", "json", "--site", root, cwd=root)
    ours = {p["path"]: p["url"] for p in json.loads(run.out)["posts"]}
    theirs = {
        path: row["permalink"].removeprefix("https://news.example.org")
        for path, row in listed(root).items()
    }
    assert ours == theirs


@oracle
@pytest.mark.parametrize("section", ["posts", "news"])
def test_an_empty_permalink_pattern_stops_hugo_and_is_a_one_line_error(
    tmp_path: Path, section: str
) -> None:
    """Hugo 0.111 panics on an empty pattern, even for a section without pages."""
    config = CONFIG + f'[permalinks]\n{section} = ""\n'
    root = write_site(tmp_path, {"hugo.toml": config, "content/posts/a.md": "---\ntitle: a\n---\n"})
    built = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    assert built.returncode != 0 and "panic" in built.stderr + built.stdout
    run = pressbot("check", "--site", root, cwd=root)
    assert_one_line_error(run, 2, f"permalinks.{section} is empty")


@oracle
def test_hugo_reads_text_booleans_as_the_messages_say(tmp_path: Path) -> None:
    root = copy("hugo-string-bool", "flag", tmp_path)
    rows = listed(root)
    for finding in findings(root, "--select", "hugo/string-bool"):
        message = str(finding["message"])
        path = str(finding["path"])
        if message.startswith("draft:"):
            said = "so the page is a draft" in message
            assert rows[path]["draft"] == str(said).lower(), (path, message)
        elif message.startswith("published:"):
            assert rows[path]["draft"] == "false", (path, message)
    assert "content/posts/bundle/index.md" in rows  # "on" is false: not headless
    for text in ("true", "True", "1", "t", "yes", "on", "FALSE", "no", "Y"):
        page = root / "content" / "posts" / "probe.md"
        page.write_text(f'---\ntitle: Probe\ndraft: "{text}"\n---\n')
        assert listed(root)["content/posts/probe.md"]["draft"] == str(to_bool(text) is True).lower()


@oracle
def test_hugo_drops_a_date_it_cannot_read_without_stopping(tmp_path: Path) -> None:
    root = copy("hugo-invalid-date", "flag", tmp_path)
    write_site(root, LAYOUTS)
    hugo(root, "--quiet")  # check=True: the build does not stop
    rows = listed(root)
    assert rows["content/posts/month-13.md"]["date"] == "0001-01-01T00:00:00Z"
    assert rows["content/posts/next-tuesday.md"]["publishDate"].startswith("2024-01-02T00:00")
    assert rows["content/posts/toml-bool.md"]["expiryDate"] == "0001-01-01T00:00:00Z"
    messages = {str(f["path"]): str(f["message"]) for f in findings(root)}
    assert "has no date (0001-01-01)" in messages["content/posts/month-13.md"]
    assert "2024-01-02 00:00 (Europe/Berlin)" in messages["content/posts/next-tuesday.md"]
    assert "never expires" in messages["content/posts/toml-bool.md"]
    assert (root / "public/posts/toml-bool/index.html").is_file()


@oracle
@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" + "0" * 400, "1.5e308"])
def test_a_json_number_beyond_a_float_stops_hugo_and_is_a_syntax_error(
    tmp_path: Path, number: str
) -> None:
    """Go decodes a JSON number into a float64 and refuses one beyond its range: the
    build stops, so the page is an error, not a page with an infinite number in it."""
    page = '{\n"title": "a",\n"date": "2020-01-02",\n"extra": ' + number + "\n}\nbody\n"
    root = write_site(tmp_path, {"hugo.toml": CONFIG, "content/posts/a.md": page})
    built = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
    errors = [f for f in findings(root) if f["rule"] == "frontmatter/syntax"]
    if built.returncode == 0:  # 1.5e308 is within range: Hugo reads it, and so does pressbot
        assert number == "1.5e308" and not errors
    else:
        assert "cannot unmarshal number" in built.stderr + built.stdout
        assert errors and "cannot unmarshal number" in str(errors[0]["message"]), errors


@oracle
def test_hugo_moves_a_skipped_local_time_as_the_messages_say(tmp_path: Path) -> None:
    """Each flagged date is what `hugo list all` shows, and the date the message suggests
    puts the page on the day its author wrote."""
    root = copy("hugo-date-lossy", "flag", tmp_path)
    rows = listed(root)
    flagged = findings(root, "--select", "hugo/date-lossy")
    assert len(flagged) == 3
    for finding in flagged:
        message = str(finding["message"])
        key = message.partition(":")[0]
        read = re.search(r"as (\d{4}-\d\d-\d\d) (\d\d:\d\d) \(", message)
        assert read is not None, message
        row = rows[str(finding["path"])]
        assert row[key].startswith(f"{read.group(1)}T{read.group(2)}"), (row, message)
        suggested = re.search(r'write "([^"]+)"$', message)
        assert suggested is not None, message
        page = root / str(finding["path"])
        text = page.read_text(encoding="utf-8")
        line = text.split("\n")[int(finding["line"]) - 1]
        written = re.search(r"\d{4}-\d\d-\d\d[T ]?[\d:]*", line)
        assert written is not None, line
        fixed = line.replace(written.group(0), suggested.group(1))
        page.write_text(text.replace(line, fixed), encoding="utf-8")
        assert listed(root)[str(finding["path"])][key].startswith(written.group(0)[:10])
    assert findings(root, "--select", "hugo/date-lossy") == []


@oracle
def test_hugo_leaves_out_expired_and_future_pages(tmp_path: Path) -> None:
    for case, what, rule in (
        ("hugo-expired", "expired", "hugo/expired"),
        ("hugo-future", "future", "hugo/future"),
    ):
        for kind in ("flag", "clean"):
            root = copy(case, kind, tmp_path)
            write_site(root, LAYOUTS)
            hugo(root, "--quiet")
            flagged = {str(f["path"]) for f in findings(root, "--select", rule)}
            # `hugo list future|expired` also lists drafts: the rules leave those to draft.
            drafts = {p for p, row in listed(root).items() if row["draft"] == "true"}
            assert flagged == scheduled(root, what) - drafts, (case, kind)
            for path in flagged:
                name = Path(path).stem
                assert not (root / "public" / "posts" / name).exists(), path


@oracle
@pytest.mark.parametrize("kind", ["flag", "clean"])
def test_hugo_writes_one_page_where_the_rule_says_two_collide(tmp_path: Path, kind: str) -> None:
    root = copy("hugo-duplicate-url", kind, tmp_path)
    write_site(root, LAYOUTS)
    hugo(root, "--quiet")
    public = root / "public"
    rows = listed(root)
    found = findings(root, "--select", "hugo/duplicate-url")
    claimants: dict[str, set[str]] = {}
    for finding in found:
        match = re.search(r"\((\S+index\.html)\); Hugo", str(finding["message"]))
        assert match is not None, finding
        claimants.setdefault(match.group(1), set()).add(str(finding["path"]))
    for file, paths in claimants.items():
        assert len(paths) >= 2, (file, paths)
        text = (public / file).read_text("utf-8")
        # The file is one page, or one redirect to a page's permalink: the others are lost.
        holders = {
            p
            for p in paths
            if f"page {p.removeprefix('content/')}" in text or rows[p]["permalink"] in text
        }
        assert len(holders) == 1, (file, paths, text[:200])
    if kind == "clean":
        assert found == []
        expired = scheduled(root, "expired")
        for path, row in rows.items():
            if row["draft"] == "false" and path not in expired:
                own = public / row["permalink"].removeprefix("https://news.example.org/")
                assert (own / "index.html").read_text("utf-8") == f"page {path[8:]}\n"
    else:
        assert set(claimants) == {"notice/index.html", "old/index.html", "posts/same/index.html"}


# --- a partial run compares with the whole site ----------------------------------------


def _generated_site(root: Path, seed: int) -> list[str]:
    rng = random.Random(seed)
    files: dict[str, str | bytes] = {"hugo.toml": CONFIG + '[permalinks]\nnews = "/:slug/"\n'}
    names = []
    for i in range(14):
        section = rng.choice(["posts", "news"])
        name = f"content/{section}/p{i}.md"
        lines = [f"title: Page {i}"]
        if rng.random() < 0.4:
            lines.append(f"slug: s{rng.randrange(4)}")
        if rng.random() < 0.3:
            lines.append(f"url: /u{rng.randrange(3)}/")
        if rng.random() < 0.5:
            picks = rng.sample(["/a/", "/a", "s1", "/s2/", "/u1", "../news/p3", "/posts/p2/"], 2)
            lines.append(f"aliases: [{', '.join(picks)}]")
        if rng.random() < 0.15:
            lines.append("draft: true")
        files[name] = "---\n" + "\n".join(lines) + "\n---\n"
        names.append(name)
    write_site(root, files)
    return names


@pytest.mark.parametrize("seed", range(6))
def test_partial_runs_find_what_the_whole_site_run_finds(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "site"
    names = _generated_site(root, seed)

    def key(found: list[dict[str, object]]) -> set[tuple[object, ...]]:
        return {(f["path"], f["message"]) for f in found}

    whole = key(findings(root, "--select", "hugo/duplicate-url"))
    union: set[tuple[object, ...]] = set()
    rng = random.Random(seed)
    rng.shuffle(names)
    for start in range(0, len(names), 4):
        chunk = [str(root / n) for n in names[start : start + 4]]
        union |= key(findings(root, "--select", "hugo/duplicate-url", *chunk))
    assert union == whole
    assert seed != 0 or whole  # the generator does make collisions


# --- keys that differ only in case ------------------------------------------------------

CASE_KEYS = {
    "content/posts/yaml.md": "---\ntitle: lower\nTitle: Upper\n---\n",
    "content/posts/toml.md": '+++\nTitle = "Upper"\ntitle = "lower"\n+++\n',
    "content/posts/nested.md": "---\ntitle: N\nauthor:\n  name: a\n  Name: b\n---\n",
    "content/posts/tables.md": '+++\ntitle = "T"\n[params]\nx = 1\n[Params]\ny = 2\n+++\n',
    "content/posts/draft.md": "---\ntitle: D\ndraft: false\nDRAFT: true\n---\n",
}
CASE_CLEAN = {
    "content/posts/string.md": '+++\ntitle = "S"\nbody = """\nTitle = "no key"\n"""\n+++\n',
    "content/posts/apart.md": "---\ntitle: A\nauthor: {title: x}\nparams: {Title: y}\n---\n",
    "content/posts/list.md": "---\ntitle: L\nlinks: [{url: a}, {URL: b}]\n---\n",
}


def test_keys_that_differ_only_in_case_are_duplicates(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **CASE_KEYS, **CASE_CLEAN})
    found = {
        (f["path"], f["line"], f["message"])
        for f in findings(root, "--select", "frontmatter/duplicate-key")
    }
    one = "; keep one of them"
    keeps = "Hugo ignores the case of keys and keeps"
    assert found == {
        (
            "content/posts/yaml.md",
            3,
            f'key "Title" is also given as "title" (line 2); {keeps} the value of "Title"{one}',
        ),
        (
            "content/posts/toml.md",
            3,
            f'key "title" is also given as "Title" (line 2); {keeps} the value of "Title"{one}',
        ),
        (
            "content/posts/nested.md",
            5,
            f'key "Name" is also given as "name" (line 4); {keeps} the value of "Name"{one}',
        ),
        (
            "content/posts/tables.md",
            5,
            f'key "Params" is also given as "params" (line 3); {keeps} the value of "Params"{one}',
        ),
        (
            "content/posts/draft.md",
            4,
            f'key "DRAFT" is also given as "draft" (line 3); {keeps} the value of "DRAFT"{one}',
        ),
    }


@oracle
def test_hugo_keeps_the_key_written_with_capitals(tmp_path: Path) -> None:
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **CASE_KEYS})
    rows = listed(root)
    assert rows["content/posts/yaml.md"]["title"] == "Upper"
    assert rows["content/posts/toml.md"]["title"] == "Upper"
    assert rows["content/posts/draft.md"]["draft"] == "true"


def test_a_bulk_run_keeps_each_pages_aliases(tmp_path: Path) -> None:
    """Past `PARALLEL_THRESHOLD` pages the workers send what they read: the aliases too."""
    from bot.linter import PARALLEL_THRESHOLD

    files: dict[str, str | bytes] = {"hugo.toml": CONFIG}
    for i in range(PARALLEL_THRESHOLD + 20):
        files[f"content/posts/p{i}.md"] = f"---\ntitle: P{i}\naliases: [/old/{i}/]\n---\n"
    files["content/posts/p7.md"] = "---\ntitle: P7\naliases: [/old/8]\n---\n"
    files["content/posts/p9.md"] = "---\ntitle: P9\naliases: [p10/]\n---\n"
    root = write_site(tmp_path, files)
    expected = {
        ("content/posts/p7.md", "old/8/index.html"),
        ("content/posts/p8.md", "old/8/index.html"),
        ("content/posts/p9.md", "posts/p10/index.html"),
        ("content/posts/p10.md", "posts/p10/index.html"),
    }

    def pairs(*args: str) -> set[tuple[str, str]]:
        found = findings(root, "--select", "hugo/duplicate-url", *args)
        return {(str(f["path"]), str(f["message"]).split("(")[-2].split(")")[0]) for f in found}

    assert pairs("--jobs", "2") == expected
    assert pairs("--jobs", "1") == expected
    assert pairs(str(root / "content/posts/p8.md")) == {("content/posts/p8.md", "old/8/index.html")}


@oracle
def test_languages_with_their_own_hosts_collide_only_within_their_folder(tmp_path: Path) -> None:
    config = 'defaultContentLanguage = "en"\n[languages.en]\nbaseURL = "https://en.x.org/"\n'
    config += '[languages.fr]\nbaseURL = "https://fr.x.org/"\n'
    root = write_site(
        tmp_path,
        {
            "hugo.toml": config,
            **LAYOUTS,
            "content/posts/a.md": "---\ntitle: A\nurl: /notice/\naliases: [/old/]\n---\n",
            "content/posts/a.fr.md": "---\ntitle: A fr\nurl: /notice/\naliases: [/old/]\n---\n",
            "content/posts/b.fr.md": "---\ntitle: B fr\naliases: [/notice/]\n---\n",
        },
    )
    found = findings(root, "--select", "hugo/duplicate-url")
    assert {str(f["path"]) for f in found} == {"content/posts/a.fr.md", "content/posts/b.fr.md"}
    assert all("(fr/notice/index.html)" in str(f["message"]) for f in found)
    hugo(root, "--quiet")
    assert (root / "public/en/notice/index.html").read_text() == "page posts/a.md\n"
    assert (root / "public/fr/notice/index.html").read_text() == "page posts/a.fr.md\n"


@oracle
@pytest.mark.parametrize("ugly", [False, True])
def test_aliases_are_written_where_hugo_writes_them(tmp_path: Path, ugly: bool) -> None:
    config = CONFIG + f"uglyURLs = {str(ugly).lower()}\n"
    root = write_site(
        tmp_path,
        {
            "hugo.toml": config,
            **LAYOUTS,
            "content/posts/a.md": "---\ntitle: A\naliases: [/zz, /yy/, /vv.xml, /ww.html]\n---\n",
            "content/posts/b.md": "---\ntitle: B\n---\n",
            "content/posts/c.md": '---\ntitle: C\nurl: "/zz/"\n---\n',
            "content/posts/d.md": '---\ntitle: D\naliases: ["../yy.html", "/vv.xml/"]\n---\n',
        },
    )
    hugo(root, "--quiet")
    public = root / "public"
    files = {p.relative_to(public).as_posix() for p in public.rglob("*.html")}
    found = findings(root, "--select", "hugo/duplicate-url")
    reported = {re.search(r"\((\S+)\); Hugo", str(f["message"])).group(1) for f in found}  # type: ignore[union-attr]
    assert reported <= files
    if ugly:
        assert {"zz.html", "yy.html", "vv.xml.html", "ww.html"} <= files
        assert reported == {"yy.html", "vv.xml.html"}
    else:
        assert {"zz/index.html", "yy/index.html", "vv.xml/index.html", "ww.html"} <= files
        assert reported == {"zz/index.html", "vv.xml/index.html"}


@oracle
@pytest.mark.parametrize("files", ["whole-site", "one-file"])
def test_a_languages_own_ugly_urls_place_its_aliases(tmp_path: Path, files: str) -> None:
    """The French pages' `uglyURLs` write their alias `/old/` as `old.html`, where an English
    page's `url` is: a collision in that language only (the English alias is a folder)."""
    languages = LANGUAGES.format(en="", fr="uglyURLs = true\n")
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG + languages,
            **LAYOUTS,
            "content/posts/a.fr.md": "---\ntitle: A\naliases: [/old/]\n---\n",
            "content/posts/b.md": "---\ntitle: B\naliases: [/older/]\n---\n",
            "content/posts/c.md": '---\ntitle: C\nurl: "/old.html"\n---\n',
            "content/posts/d.md": '---\ntitle: D\nurl: "/older.html"\n---\n',
        },
    )
    hugo(root, "--quiet")
    public = root / "public"
    written = {p.relative_to(public).as_posix() for p in public.rglob("*.html")}
    assert {"old.html", "older/index.html", "older.html"} <= written
    named = ("content/posts/a.fr.md",) if files == "one-file" else ()
    found = findings(root, "--select", "hugo/duplicate-url", *named)
    reported = {re.search(r"\((\S+)\); Hugo", str(f["message"])).group(1) for f in found}  # type: ignore[union-attr]
    assert reported == {"old.html"}, found


@oracle
@pytest.mark.parametrize("files", ["whole-site", "one-file"])
def test_disable_aliases_writes_no_redirect(tmp_path: Path, files: str) -> None:
    """With `disableAliases` Hugo writes no redirect: two pages with one alias, or an alias
    at the root, are no collision and stop nothing."""
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG + "disableAliases = true\n",
            **LAYOUTS,
            "content/posts/one.md": "---\ntitle: One\naliases: [/old/]\n---\n",
            "content/posts/two.md": '---\ntitle: Two\naliases: [/old/, "/x/.."]\n---\n',
        },
    )
    hugo(root, "--quiet")
    public = root / "public"
    assert not (public / "old").exists()
    named = ("content/posts/two.md",) if files == "one-file" else ()
    assert findings(root, "--select", "hugo/duplicate-url", *named) == []


@oracle
def test_an_alias_at_the_root_stops_hugo(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "content/posts/a.md": '---\ntitle: A\naliases: ["../.."]\n---\n',
            "content/b.md": '---\ntitle: B\naliases: ["/x/.."]\n---\n',
        },
    )
    done = subprocess.run(["hugo", "--quiet"], cwd=root, capture_output=True, text=True)
    assert done.returncode != 0 and "resolves to website root directory" in done.stderr
    found = findings(root, "--select", "hugo/duplicate-url")
    assert {str(f["path"]) for f in found} == {"content/posts/a.md", "content/b.md"}
    assert all("Hugo stops the build" in str(f["message"]) for f in found)


@oracle
@pytest.mark.parametrize("files", ["whole-site", "one-file"])
def test_an_alias_at_the_home_pages_file_is_written_over(tmp_path: Path, files: str) -> None:
    """`aliases: [/index.html]` is no root alias: Hugo writes its redirect, then the home
    page over it, and builds. The alias leads to the home page, and pressbot says so."""
    root = write_site(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            **LAYOUTS,
            "layouts/index.html": "home\n",
            "content/posts/a.md": "---\ntitle: A\naliases: [/index.html]\n---\n",
        },
    )
    hugo(root, "--quiet")
    assert (root / "public" / "index.html").read_text() == "home\n"
    named = ("content/posts/a.md",) if files == "one-file" else ()
    found = findings(root, "--select", "hugo/duplicate-url", *named)
    assert [f["path"] for f in found] == ["content/posts/a.md"], found
    message = str(found[0]["message"])
    assert "stops" not in message and "writes the home page over the redirect" in message


@oracle
@pytest.mark.parametrize("files", ["whole-site", "one-file"])
def test_a_url_ending_in_index_html_slash_is_a_folder(tmp_path: Path, files: str) -> None:
    """`url: /j/index.html/` is written to `j/index.html/index.html` (`url: /k/index.html`
    to `k/index.html`): beside `url: /j/` Hugo's build fails, beside `url: /k/` it builds."""
    pages = {
        "content/posts/j1.md": "---\ntitle: J1\nurl: /j/\n---\n",
        "content/posts/j2.md": "---\ntitle: J2\nurl: /j/index.html/\n---\n",
        "content/posts/k2.md": "---\ntitle: K2\nurl: /k/index.html/\n---\n",
        "content/posts/m1.md": "---\ntitle: M1\nurl: /m/index.html\n---\n",
    }
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **LAYOUTS, **pages})
    done = subprocess.run(["hugo", "--quiet"], cwd=root, capture_output=True, text=True)
    assert done.returncode != 0 and "a directory" in done.stderr, done
    (root / "content/posts/j1.md").unlink()
    public = root / "public"
    shutil.rmtree(public, ignore_errors=True)
    hugo(root, "--quiet")
    assert (public / "k/index.html/index.html").is_file() and (public / "m/index.html").is_file()
    (root / "content/posts/j1.md").write_text(pages["content/posts/j1.md"])
    named = ("content/posts/j2.md",) if files == "one-file" else ()
    found = findings(root, "--select", "hugo/duplicate-url", *named)
    expected = {"content/posts/j2.md"} if named else {"content/posts/j1.md", "content/posts/j2.md"}
    assert {str(f["path"]) for f in found} == expected, found
    assert all("its build fails" in str(f["message"]) for f in found), found


@oracle
@pytest.mark.parametrize(
    ("rule", "clean_pages"), [("hugo/invalid-url", 4), ("hugo/unknown-output", 3)]
)
def test_each_flagged_page_alone_stops_hugo(tmp_path: Path, rule: str, clean_pages: int) -> None:
    """Rules whose pages stop the build: each flagged page alone stops Hugo (a refusal or a
    panic), `check` names it with the rule and `list` calls it invalid; the clean pages
    build."""
    case = rule.replace("/", "-")
    flagged = CASES / case / "flag" / "content" / "posts"
    for page in sorted(flagged.iterdir()):
        root = tmp_path / page.stem
        shutil.copytree(CASES / case / "flag", root)
        for other in (root / "content" / "posts").iterdir():
            if other.name != page.name:
                other.unlink()
        done = subprocess.run(["hugo", "list", "all"], cwd=root, capture_output=True, text=True)
        assert done.returncode != 0, page.name
        assert [f["rule"] for f in findings(root, "--select", "hugo/")] == [rule], page.name
        run = pressbot("list", "--format", "json", "--site", root, cwd=root)
        assert [p["reason"] for p in json.loads(run.out)["posts"]] == ["invalid"], run
    clean = copy(case, "clean", tmp_path)
    assert len(listed(clean)) == clean_pages


OUTPUTS_CONFIG = (
    CONFIG
    + '[permalinks]\nposts = "/:year/:slug/"\n'
    + '[outputFormats.search]\nmediaType = "application/json"\nbaseName = "find"\n'
    + '[outputFormats.feed]\nmediaType = "text/x-feed"\npath = "data"\n'
    + '[mediaTypes."text/x-feed"]\nsuffixes = ["feed"]\n'
    + LANGUAGES.format(en="", fr="")
)


@oracle
@pytest.mark.parametrize(
    ("outputs", "settings"),
    [
        ('["json"]', ""),
        ('["amp", "html"]', "uglyURLs = true\n"),
        ('["rss", "html"]', "uglyURLs = true\n"),  # rss ignores uglyURLs
        ('"csv json"', ""),  # text: split on white space
        ('["calendar"]', ""),
        ('["HTML", "json"]', ""),
        ('["Search"]', ""),  # the site's own format
        ('["feed"]', "uglyURLs = true\n"),  # with its own media type and folder
        ("[]", '[outputs]\npage = ["sitemap", "html"]\n'),  # the site's, for every page
    ],
)
def test_a_pages_first_output_format_gives_its_url(
    tmp_path: Path, outputs: str, settings: str
) -> None:
    """Hugo's permalink of a page is its first output format's: `index.json`, `/amp/...`,
    `sitemap.xml`, a format the site defines; pressbot lists the same URL."""
    page = '{{"title": "{title}", "date": "2024-05-06", "outputs": {outputs}{more}}}\nx\n'
    root = write_site(
        tmp_path,
        {
            # a table goes after the others, a plain setting before them
            "hugo.toml": OUTPUTS_CONFIG + settings
            if settings.startswith("[")
            else settings + OUTPUTS_CONFIG,
            "content/posts/a.md": page.format(title="A", outputs=outputs, more=""),
            "content/posts/a.fr.md": page.format(title="A", outputs=outputs, more=""),
            "content/posts/b.md": page.format(title="B", outputs=outputs, more=', "url": "/x/y/"'),
            "content/posts/c.md": page.format(
                title="C", outputs=outputs, more=', "url": "x/c.htm"'
            ),
            "content/posts/d/index.md": page.format(title="D", outputs=outputs, more=""),
        },
    )
    run = pressbot("list", "--format", "json", "--site", root, cwd=root)
    ours = {p["path"]: p["url"] for p in json.loads(run.out)["posts"]}
    theirs = {path: urlsplit(row["permalink"]).path for path, row in listed(root).items()}
    assert ours == theirs
    assert any(not url.endswith("/") for url in ours.values()) or outputs.startswith('["amp')


@oracle
def test_build_options_as_numbers_are_no_schema_error(tmp_path: Path) -> None:
    """Hugo decodes `_build.list` and `render` as text (0.111's `DecodeBuildConfig`): 0 and
    1 (numbers, or the booleans before 0.67 and 0.76) are never and always, and the page is
    built as they say: no `schema/type` finding, and `list` agrees with the build."""
    pages = {
        "content/posts/a.md": "---\ntitle: A\n_build:\n  render: 0\n---\n",
        "content/posts/b.md": "---\ntitle: B\n_build:\n  list: 0\n  render: 1\n---\n",
        "content/posts/c.md": '+++\ntitle = "C"\n[_build]\nrender = 0.0\n+++\n',
        "content/posts/d.md": '{"title": "D", "_build": {"render": 1, "list": 1}}\n',
        "content/posts/e.md": '---\ntitle: E\n_build:\n  render: "0"\n---\n',
    }
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **LAYOUTS, **pages})
    hugo(root, "--quiet")
    public = root / "public" / "posts"
    written = {p.name for p in public.iterdir() if p.is_dir()}
    assert written == {"b", "d"}
    assert findings(root) == []
    # `list: 0` keeps b off the lists: `hugo list all` leaves it out, as `list` does
    run = pressbot("list", "--format", "json", "--site", root, cwd=root)
    posts = {p["path"]: p["published"] for p in json.loads(run.out)["posts"]}
    hugo_list = listed(root)
    assert posts.keys() == hugo_list.keys()
    assert {path for path, published in posts.items() if published} == {
        path for path, row in hugo_list.items() if row["permalink"]
    }


@oracle
def test_build_options_hugo_ignores_are_a_warning(tmp_path: Path) -> None:
    """`_build` values are taken as written: `Never`, `"false"` or 2 is ignored and the
    page rendered (or listed): `hugo/string-bool` says so, on those pages only."""
    values = {
        "a": "render: Never",
        "b": 'render: "false"',
        "c": "render: 2",
        "d": 'list: "NEVER"',
        "e": "render: never",
        "f": "render: false",
        "g": 'list: "0"',
        "h": "Render: link",
    }
    pages = {
        f"content/posts/{name}.md": f"---\ntitle: {name}\n_build:\n  {value}\n---\n"
        for name, value in values.items()
    }
    root = write_site(tmp_path, {"hugo.toml": CONFIG, **LAYOUTS, **pages})
    hugo(root, "--quiet")
    public = root / "public" / "posts"
    rendered = {p.name for p in public.iterdir() if p.is_dir()}
    assert rendered == {"a", "b", "c", "d", "g"}
    listed_ = {Path(path).stem for path in listed(root)}
    assert {"a", "b", "c", "d"} <= listed_ and "g" not in listed_
    found = findings(root, "--select", "hugo/string-bool")
    assert {Path(str(f["path"])).stem for f in found} == {"a", "b", "c", "d"}, found
    assert all(f["severity"] == "warning" for f in found)
