"""Named points in a publish run where a test can hold the process (and kill it there).

`PRESSBOT_TEST_PAUSE_AT` lists points as ``name`` or ``name@N`` (the N-th time it is
reached, 1-based), comma-separated; `PRESSBOT_TEST_PAUSE_DIR` is a folder. At a listed
point the run writes ``<dir>/<name>.reached`` and waits until ``<dir>/<name>.go`` exists.
The test that set them decides what happens meanwhile: SIGKILL the process, or run a rival
publisher and then let this one go on. Nothing here changes what the run does.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_hits: dict[str, int] = {}
_lock = threading.Lock()


def point(name: str) -> None:
    spec = os.environ.get("PRESSBOT_TEST_PAUSE_AT")
    folder = os.environ.get("PRESSBOT_TEST_PAUSE_DIR")
    if not spec or not folder:
        return
    with _lock:
        _hits[name] = _hits.get(name, 0) + 1
        hit = _hits[name]
    for item in spec.split(","):
        wanted, _, nth = item.strip().partition("@")
        if wanted == name and (not nth or (nth.isdigit() and int(nth) == hit)):
            _hold(Path(folder), name)


def _hold(folder: Path, name: str) -> None:
    go = folder / f"{name}.go"
    (folder / f"{name}.reached").write_text(str(os.getpid()))
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
