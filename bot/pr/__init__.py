"""`pressbot pr`: the pull-request check, its GitHub outputs and the fork-safe hand-over.

- ``event``: what the Actions environment and event payload say about the pull request;
- ``changes``: which posts the PR changes, and which of their lines GitHub accepts comments on;
- untrusted text is made safe by `bot.render` (Markdown, workflow commands, log lines);
- ``annotations``, ``summary``, ``comment``, ``review``: the four outputs;
- ``results``: the artifact handed from the unprivileged job to the privileged one.
"""
