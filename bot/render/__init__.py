"""Everything pressbot writes for people and for GitHub, made safe in one place.

- `terminal`: untrusted text for a terminal or a job log line (escapes, one line, bounded);
- `workflow`: GitHub workflow commands (``::error file=...::message``);
- `markdown`: inert Markdown (comments, job summaries, announcements), fences, safe URLs;
- `findings`: a list of findings as text, json, github or sarif (`pressbot check --format`).
"""
