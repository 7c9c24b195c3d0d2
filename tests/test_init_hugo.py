"""`pressbot init` on a Hugo site: the configuration it writes is made from the pages as Hugo
reads them, and the site's pages pass the check with it."""

from __future__ import annotations

from pathlib import Path

from tests.inputkit import pressbot

PAGES = {
    "posts/one.md": (
        '+++\ntitle = "One"\ncategories = "Local News"\ntags = ["ferry"]\n'
        'Author = "Ana"\nsubtitle = "x"\n+++\n'
    ),
    "posts/two.md": "---\ntitle: Two\ncategories: [Sport]\nauthor: Ben\nsubtitle: y\n---\n",
    "posts/three.md": '{\n  "title": "Three",\n  "categories": ["Sport"],\n  "author": "Ana",'
    '\n  "subtitle": "z"\n}\n',
}


def _site(root: Path) -> Path:
    (root / "hugo.toml").write_text('title = "T"\ntimeZone = "Europe/Lisbon"\n', encoding="utf-8")
    for rel, text in PAGES.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "data").mkdir()
    (root / "data" / "authors.toml").write_text("[Ana]\n[Ben]\n", encoding="utf-8")
    return root


def test_init_writes_what_the_pages_hold_as_hugo_reads_them(tmp_path: Path) -> None:
    root = _site(tmp_path)
    done = pressbot("init", cwd=root)
    assert done.code == 0, done
    config = (root / ".pressbot.yml").read_text(encoding="utf-8")
    assert 'categories: ["Local News", "Sport"]' in config  # a string is one value to Hugo
    assert 'required: ["title", "author", "categories"]' in config
    assert "authors_from_data: true\n" in config  # Ana and Ben are keys of data/authors.toml
    assert 'extra_fields: ["subtitle"]' in config
    assert '"Europe/Lisbon" (`timeZone` in Hugo\'s configuration)' in config
    assert "All 3 post(s) pass `pressbot check`" in done.out
    assert pressbot("check", cwd=root).code == 0


def test_the_configuration_init_wrote_catches_a_new_category(tmp_path: Path) -> None:
    root = _site(tmp_path)
    assert pressbot("init", cwd=root).code == 0
    (root / "content" / "posts" / "four.md").write_text(
        '+++\ntitle = "Four"\ncategories = ["Sports"]\nauthor = "Cy"\n+++\n', encoding="utf-8"
    )
    done = pressbot("check", "--format", "json", cwd=root)
    assert done.code == 1, done
    assert '"schema/value"' in done.out and "Sports" in done.out and "Cy" in done.out
