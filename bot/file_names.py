"""Whether a file the generator writes for a URL can exist: each part of its path at most
`NAME_MAX` bytes and the whole path under `PATH_MAX`, as Linux's file systems (and the
runners that build sites) allow.

Jekyll writes a page at its URL, %-escapes undone (`/caf%C3%A9/` is the folder `café`, 5
bytes); Hugo writes the path the URL escapes, a `url` or alias as written (`url: /café/` is
`café`, and `url: /%41/` the folder `%41`, not `A`). A longer part makes `jekyll build` and
`hugo` stop with "File name too long", for the whole site, though both read the post without
a word: a long `slug:`, a title that becomes a Hugo slug, a category, a permalink.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

NAME_MAX = 255
"""The most bytes one part of a path may have (ext4, XFS, Btrfs, tmpfs)."""
PATH_MAX = 4096
"""The most bytes a whole path may have, its closing NUL included."""


def written_path(url: str) -> bytes:
    """The bytes of the file Jekyll writes for ``url``'s path: its %-escapes undone (a byte
    of a name that is not UTF-8, kept as a lone surrogate, as that byte)."""
    return unquote_to_bytes(url.encode("utf-8", "surrogateescape"))


def too_long(path: bytes, folder: str) -> str | None:
    """Why the file at ``path`` (below ``folder``, the site's output folder) cannot be
    written, or None when it can."""
    for part in path.split(b"/"):
        if len(part) > NAME_MAX:
            shown = part[:40].decode("utf-8", "replace")
            return (
                f'a part of {len(part)} bytes ("{shown}..."), where a file name may have '
                f"at most {NAME_MAX}"
            )
    whole = len(folder.encode("utf-8", "surrogateescape")) + 1 + len(path.lstrip(b"/"))
    if whole >= PATH_MAX:
        return f"a path of {whole} bytes, where a path may have at most {PATH_MAX - 1}"
    return None
