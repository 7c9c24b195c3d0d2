"""`pressbot init`'s parts: what a site already has (`survey`, one per generator), the
`.pressbot.yml` made from it (`config_text`), and the pre-commit entry (`precommit`)."""
