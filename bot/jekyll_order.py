"""The order of Jekyll's posts, where `limit_posts` keeps the latest of them.

Jekyll sorts its posts with `Document#<=>` (date, then path) by Ruby's `Array#sort!`, which
on Debian 12 is glibc 2.36's `qsort_r`: a top-down merge sort. While every post has a date
the order is the plain one. A post that gives no date (its front matter Jekyll could not
read, a draft named without one) has none yet when it sorts on a site with `future` (without
it, the check for future posts dates it first), and `nil <=> time` falls back to the paths:
the comparison is then not an order, and where the posts land depends on where the sort
met them, which is the order Jekyll read them in. So that order is rebuilt here too:

- folders in the order the file system lists them (Ruby's `Dir.entries`, which Jekyll does
  not sort), each folder's own posts before those of its subfolders (`read_directories`);
- in one folder, its posts before its drafts (with `show_drafts`);
- inside a `_posts` (`_drafts`) folder, Ruby's sorted glob `**/*`: each level by bytes,
  a folder's files right after its name.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

POSTS_FOLDERS = {"_posts": 0, "_drafts": 1}

ReadKey = tuple[tuple[int, ...], int, tuple[bytes, ...]]


def read_key(root: Path, rel: str, collections: str = "") -> ReadKey:
    """Where Jekyll reads the post at ``rel`` (site-relative, `/`-separated; under
    ``collections``, the site's `collections_dir`) among the others."""
    here = str(root)
    if collections and rel.startswith(collections + "/"):
        rel = rel[len(collections) + 1 :]
        here = os.path.join(here, collections)  # its folders are listed there
    parts = rel.split("/")
    cut = next((i for i, part in enumerate(parts) if part in POSTS_FOLDERS), len(parts) - 1)
    folders = []
    for name in parts[:cut]:
        folders.append(_listed(here).get(name, -1))
        here = os.path.join(here, name)
    inside = tuple(p.encode("utf-8", "surrogateescape") for p in parts[cut + 1 :])
    return tuple([*folders, -1]), POSTS_FOLDERS.get(parts[cut], 0), inside


@cache
def _listed(folder: str) -> dict[str, int]:
    """The position of each entry of ``folder`` as the file system lists it."""
    try:
        return {name: i for i, name in enumerate(os.listdir(folder))}
    except OSError:
        return {}


def merge_sort(items: Sequence[T], compare: Callable[[T, T], int]) -> list[T]:
    """glibc's `msort_with_tmp`: halves (the first one the smaller), each sorted, merged
    taking from the first while it compares lower or equal."""
    if len(items) <= 1:
        return list(items)
    half = len(items) // 2
    first, second = merge_sort(items[:half], compare), merge_sort(items[half:], compare)
    out: list[T] = []
    i = j = 0
    while i < len(first) and j < len(second):
        if compare(first[i], second[j]) <= 0:
            out.append(first[i])
            i += 1
        else:
            out.append(second[j])
            j += 1
    return [*out, *first[i:], *second[j:]]


SortItem = tuple[dt.datetime | None, bytes]
"""A post as `Document#<=>` sees it: its date (None before it has one) and its path."""


def document_compare(a: SortItem, b: SortItem) -> int:
    """`Document#<=>`: dates first (`nil` compares with nothing but `nil`), then paths."""
    cmp = 0
    if a[0] is not None and b[0] is not None:
        cmp = (a[0] > b[0]) - (a[0] < b[0])
    if cmp == 0:
        cmp = (a[1] > b[1]) - (a[1] < b[1])
    return cmp
