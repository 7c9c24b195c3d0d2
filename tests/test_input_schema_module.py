"""`schema: module:Class` names the site's own model; anything else it names, or a module that
fails to load, is one clear configuration error (exit 2), never a traceback or a silent exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inputkit import GOOD, assert_one_line_error, pressbot

MODEL = "from pydantic import BaseModel\n\nclass Post(BaseModel):\n    title: str\n"


def make_site(root: Path, spec: str, modules: dict[str, str] | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    (root / "_posts" / "2026-01-01-a.md").write_text(GOOD, encoding="utf-8")
    (root / ".pressbot.yml").write_text(f"schema: {spec!r}\n", encoding="utf-8")
    for name, code in (modules or {}).items():
        (root / name).write_text(code, encoding="utf-8")
    return root


CASES = [
    (".foo:X", {}, "module:Class"),
    ("..:X", {}, "module:Class"),
    ("foo-bar:X", {}, "module:Class"),
    ("foo:X.Y", {}, "module:Class"),
    ("foo:", {}, "module:Class"),
    ("pydantic:BaseModel", {}, "pydantic:BaseModel"),
    ("pydantic:RootModel", {}, "pydantic:RootModel"),
    ("os:system", {}, "os:system"),
    ("nowhere:Post", {}, "nowhere"),
    ("model:Missing", {"model.py": MODEL}, "Missing"),
    ("model:Post", {"model.py": "raise RuntimeError('site code broke')\n" + MODEL}, "broke"),
    ("model:Post", {"model.py": "import sys\nsys.exit(0)\n"}, "exit"),
    ("model:Post", {"model.py": "import sys\nsys.exit('bye')\n"}, "exit"),
    ("model:Post", {"model.py": "def f(:\n"}, "model"),
    ("model:Post", {"model.py": "import does_not_exist_anywhere\n"}, "does_not_exist_anywhere"),
    ("model:Post", {"model.py": "Post = 5\n"}, "not a pydantic model"),
    ("model:Post", {"model.py": "class Post:\n    title: str\n"}, "not a pydantic model"),
]


@pytest.mark.parametrize(("spec", "modules", "word"), CASES)
@pytest.mark.parametrize("command", ["check", "schema"])
def test_bad_schema_setting(
    tmp_path: Path, command: str, spec: str, modules: dict[str, str], word: str
) -> None:
    root = make_site(tmp_path / "site", spec, modules)
    done = pressbot(command, "--site", root)
    assert_one_line_error(done, 2, "schema", word)


def test_the_sites_own_model_is_used(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", "model:Post", {"model.py": MODEL + "    author: str\n"})
    done = pressbot("check", "--format", "json", "--site", root)
    assert done.code == 1, done
    assert '"rule": "schema/required"' in done.out


def test_the_site_root_leaves_the_import_path(tmp_path: Path) -> None:
    """The site root is on the import path only while its model is imported: a `yaml.py` or
    `markdown_it.py` of the site never replaces a library pressbot imports later."""
    import sys

    from bot.schema import load_model

    root = make_site(tmp_path / "site", "pb_test_model_a:Post", {"pb_test_model_a.py": MODEL})
    (root / "pb_test_shadowed.py").write_text("raise SystemExit('the site shadowed it')\n")
    model = load_model("pb_test_model_a:Post", root)
    assert model.__name__ == "Post" and "title" in model.model_fields
    assert str(root) not in sys.path
    with pytest.raises(ImportError):
        __import__("pb_test_shadowed")


def test_model_without_a_json_schema(tmp_path: Path) -> None:
    code = (
        "from typing import Callable\nfrom pydantic import BaseModel\n\n"
        "class Post(BaseModel):\n    title: str\n    hook: Callable[[], None] | None = None\n"
    )
    root = make_site(tmp_path / "site", "model:Post", {"model.py": code})
    done = pressbot("schema", "--site", root)
    assert_one_line_error(done, 2, "JSON Schema", "model:Post")


def test_a_module_that_prints_does_not_spoil_the_output(tmp_path: Path) -> None:
    import json

    code = "print('hello from the site')\n" + MODEL
    root = make_site(tmp_path / "site", "model:Post", {"model.py": code})
    done = pressbot("check", "--format", "json", "--site", root)
    assert done.code == 0, done
    assert json.loads(done.out)["files_checked"] == 1
