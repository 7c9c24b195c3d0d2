"""A run killed while its webhook call was in flight leaves a claim, which records no URL; when
the post is deleted before the next run, that run's unpublish still names the post by the
absolute URL the published event carried (the site's address, on Hugo the `baseURL` of the
page's language), and the ledger records that URL, as after any unpublish.
"""

from __future__ import annotations

from pathlib import Path

from tests.publishkit import STEADY, World
from tests.receiver import Receiver
from tests.test_hugo_publish import NOW, HugoWorld, hook, toml
from tests.test_hugo_publish_files import MULTIHOST


def killed_in_flight(world: World, post: str, env: dict[str, str] | None = None) -> None:
    proc = world.spawn(pause="delivery-sent", env=env)
    world.wait_point("delivery-sent", proc)
    world.kill(proc)
    assert world.ledger()["deliveries"]["hook"][post]["state"] == "claimed"


def urls_sent(receiver: Receiver, post: str) -> list[tuple[str | None, str]]:
    return [(e.type, e.body["data"]["url"]) for e in receiver.events()[post]]


def test_jekyll_unpublish_after_a_killed_publish_names_the_absolute_url(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = World(
        tmp_path, targets=[{"name": "hook", "type": "webhook", "url": receiver.url, **STEADY}]
    )
    name = world.write("2024-02-01-post-1.md", "Post 1")
    world.commit("post")
    world.push()
    post = name.removesuffix(".md")
    killed_in_flight(world, post)
    world.delete("2024-02-01-post-1.md")
    world.commit("delete")
    world.push()
    code, out = world.publish()
    assert code == 0, out
    url = "https://blog.example.org/2024/02/01/post-1.html"
    assert urls_sent(receiver, post) == [("post.published", url), ("post.unpublished", url)]
    entry = world.ledger()["deliveries"]["hook"][post]
    assert entry["state"] == "unpublished" and entry["url"] == url, entry


def test_hugo_unpublish_after_a_killed_publish_names_the_language_host(
    tmp_path: Path, receiver: Receiver
) -> None:
    world = HugoWorld(tmp_path, [hook(receiver)], config=MULTIHOST)
    path = world.page("posts/p.fr.md", toml("Bonjour"))
    world.ship("page")
    post = "fr:/posts/p"  # a Hugo page's id: its language and path
    killed_in_flight(world, post, env={"PRESSBOT_NOW": NOW})
    (world.author / path).unlink()
    world.ship("delete")
    code, out = world.run()
    assert code == 0, out
    [(first, url), (then, gone)] = urls_sent(receiver, post)
    assert (first, then) == ("post.published", "post.unpublished")
    assert url.startswith("https://fr.example.org/") and gone == url, (url, gone)
    assert world.ledger()["deliveries"]["hook"][post]["url"] == url
