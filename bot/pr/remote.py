"""GitHub's answers, checked before use.

An answer is read the way the artifact is: through a strict model of the fields pressbot uses.
An item of a list that does not fit is skipped (it cannot be ours, nor a match); a single answer
that does not fit is None. Nothing from an answer reaches a URL path unless it passed its model
(a comment id is a positive integer, never ``"../x"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.pr.documents import Branch, PrNumber, RepoName, Sha

Id = Annotated[int, Field(strict=True, ge=1, le=2**63 - 1)]
Text = Annotated[str, Field(strict=True, max_length=1_000_000)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class Repo(_Model):
    full_name: RepoName


class Ref(_Model):
    sha: Sha
    ref: Branch | None = None
    repo: Repo | None = None  # null when the fork was deleted


class Pull(_Model):
    number: PrNumber
    state: Annotated[str, Field(max_length=20)] = "open"
    head: Ref
    base: Ref

    @property
    def head_repo(self) -> str:
        return self.head.repo.full_name if self.head.repo else ""

    @property
    def base_repo(self) -> str:
        return self.base.repo.full_name if self.base.repo else ""


class User(_Model):
    login: Annotated[str, Field(max_length=100)]


def same_login(a: str | None, b: str | None) -> bool:
    """Whether two GitHub logins name the same account: GitHub's logins are ASCII and
    case-insensitive (``My-App[bot]`` is ``my-app[bot]``). Only ASCII letters are folded, so
    no other character can pass for one."""
    if a is None or b is None:
        return False
    return a.encode("utf-8", "surrogatepass").lower() == b.encode("utf-8", "surrogatepass").lower()


class Authored(_Model):
    body: Text | None = None
    user: User | None = None  # null for a deleted account

    @property
    def login(self) -> str | None:
        return self.user.login if self.user else None


class Comment(Authored):
    id: Id


class ChangedFile(_Model):
    filename: Annotated[str, Field(min_length=1, max_length=4096)]
    status: Annotated[str, Field(max_length=20)] = "modified"
    previous_filename: Annotated[str, Field(min_length=1, max_length=4096)] | None = None
    patch: str | None = None  # no cap: a long patch is still the file's, and read linearly


M = TypeVar("M", bound=_Model)


def one(model: type[M], answer: Any) -> M | None:
    try:
        return model.model_validate(answer)
    except ValidationError:
        return None


def each(model: type[M], answers: Iterable[Any]) -> Iterator[M]:
    for answer in answers:
        item = one(model, answer)
        if item is not None:
            yield item
