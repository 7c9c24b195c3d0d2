"""The rule families, one module per id prefix (`file/*` in `file.py`, `encoding/*` in
`encoding.py`...; `encoding/mojibake` has a module of its own for its size).

Each family module declares its `Rule` objects (`bot.rules.base`) and lists them in
`RULES`; it has `check(post, site)` yielding findings for one post, and may have
`check_site(run, site)` for findings across posts (run once after the per-post pass).
`bot.rules.registry` imports every family. A rule says what and where; `bot.linter` stamps
the severity, applies the selection and sorts.
"""
