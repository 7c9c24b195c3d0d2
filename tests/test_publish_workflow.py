"""The publish workflow template says what the README promises."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pressbot-publish.yml"


def test_publish_workflow() -> None:
    data = yaml.safe_load(WORKFLOW.read_text())
    on = data[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in on and on["schedule"][0]["cron"]
    assert data["concurrency"]["cancel-in-progress"] is False
    assert data["permissions"]["contents"] == "write"
    steps = data["jobs"]["publish"]["steps"]
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = " ".join(str(s.get("run", "")) for s in steps)
    assert "+refs/pressbot/*:refs/pressbot/*" in runs  # every site's ledger
    assert "pressbot publish" in runs
