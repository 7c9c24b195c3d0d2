"""Hugo sites, read as Hugo 0.111 reads them: configuration (`config.py`), front matter
(`frontmatter.py`, with Go's value types in `values.py`), content files, bundles and sections
(`content.py`), dates (`dates.py`, Go's time layouts in `gotime.py`), URLs (`urls.py`) and
what is published (`describe.py`)."""
