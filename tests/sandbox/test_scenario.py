"""The built-in scenario: a believable district, and clear errors for a broken scenario file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monitor.core.clock import FrozenClock
from monitor.sandbox import SandboxServer, ScenarioError
from monitor.sandbox.scenario import build_state, read_scenario
from monitor.sandbox.state import NetworkState

COMMUNITIES = {
    -100001: "Администрация Соболевского муниципального района",
    -100002: "Соболево — наш дом",
    -100003: "Подслушано Устьевое",
    -100004: "Крутогоровский | Новости",
}
LEXICON = Path(__file__).resolve().parents[3] / "shared" / "data" / "toxic-lexicon-ru.txt"


@pytest.fixture
def district(clock: FrozenClock) -> NetworkState:
    return build_state(read_scenario(), clock)


def _all_text(state: NetworkState) -> str:
    posts = state.all_posts()
    return "\n".join([p.text for p in posts] + [c.text for p in posts for c in p.comments]).lower()


def test_four_communities_with_enough_posts_and_comments(district: NetworkState) -> None:
    """The district has its four communities, 40+ posts spread over them and 60+ comments."""
    assert {-c.id: c.name for c in district.communities.values()} == COMMUNITIES
    posts = district.all_posts()
    assert len(posts) >= 40
    assert all(sum(p.owner_id == owner for p in posts) >= 5 for owner in COMMUNITIES)
    assert sum(len(p.comments) for p in posts) >= 60
    assert any(c.thread_root for p in posts for c in p.comments)  # at least one threaded reply


def test_special_posts_exist(district: NetworkState) -> None:
    """There is a pinned post, a post with comments closed, and posts with geo tags."""
    posts = district.all_posts()
    assert sum(p.pinned for p in posts) == 1
    assert any(not p.can_post for p in posts)
    assert len([p for p in posts if p.geo]) >= 2


def test_dates_spread_over_recent_days(district: NetworkState) -> None:
    """Posts are dated over the last days, several within 24 hours, comments after their posts."""
    now = district.now()
    posts = district.all_posts()
    assert all(now - 14 * 86400 <= p.date <= now for p in posts)
    assert len([p for p in posts if p.date >= now - 86400]) >= 8
    assert all(c.date > p.date for p in posts for c in p.comments)


def test_ids_follow_time_on_each_wall(district: NetworkState) -> None:
    """On every wall, a later post or comment has a larger id."""
    for wall in district.walls.values():
        items = [(p.date, p.id) for p in wall.posts] + [(c.date, c.id) for c in wall.comments.values()]
        ids_by_time = [i for _, i in sorted(items)]
        assert ids_by_time == sorted(ids_by_time)


@pytest.mark.parametrize(
    "pattern",
    [r"соболев", r"устьев", r"крутогоров", r"зимник|дорог", r"котельн|батаре", r"вод[аыу]", r"дэс|свет",
     r"мусор", r"фап|больниц", r"школ", r"детск|сад", r"медвед", r"петропавловск", r"рыб|корюшк", r"цен[аы]",
     r"спасибо", r"\?"],
)
def test_topics_of_the_district_are_covered(district: NetworkState, pattern: str) -> None:
    """Posts and comments talk about the district's real concerns (roads, heating, water, power, bears…)."""
    assert re.search(pattern, _all_text(district))


def test_rss_feed_has_ten_items(district: NetworkState) -> None:
    """The district news feed has at least ten entries."""
    assert len(district.feeds["rss-district-news"].items) >= 10


@pytest.mark.skipif(not LEXICON.exists(), reason="shared lexicon not available")
def test_no_obscene_words(district: NetworkState) -> None:
    """No word of the scenario is in the shared Russian profanity lexicon."""
    lexicon = {line.strip().lower() for line in LEXICON.read_text(encoding="utf-8").splitlines() if line.strip()}
    words = set(re.findall(r"[а-яё]+", _all_text(district)))
    assert not words & lexicon


def test_custom_scenario_file(tmp_path: Path, clock: FrozenClock) -> None:
    """A scenario file given to the server replaces the built-in district."""
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "options: {requests_per_second: 0}\n"
        "users: [{id: 7, name: Анна Тест}]\n"
        "communities: [{id: 55, name: Тестовое сообщество}]\n"
        "posts: [{owner: -55, from: 7, ago: 1h, text: Привет, comments: [{from: group, ago: 30m, text: Ответ}]}]\n",
        encoding="utf-8",
    )
    server = SandboxServer("127.0.0.1", 0, scenario=path, clock=clock)
    state = server.state
    assert state.default_owner_id == -55 and state.options.requests_per_second == 0
    post = state.all_posts()[0]
    assert (post.id, post.comments[0].id, post.comments[0].from_id) == (1, 2, -55)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("posts: [{owner: -1, ago: 1h, text: x}]", "posts[0].owner: unknown wall -1"),
        ("communities: [{id: 1, name: A}]\nposts: [{owner: -1, ago: soon, text: x}]", "posts[0].ago: expected"),
        ("communities: [{id: 1, name: A}]\nposts: [{owner: -1, ago: 1h}]", "posts[0].text: required"),
        ("communities: [{id: 1, name: A}]\nposts: [{owner: -1, ago: 1h, text: x, from: 9}]", "posts[0].from: unknown"),
        ("- just a list", "must hold a mapping"),
        ("a: [", "not valid YAML"),
    ],
)
def test_broken_scenario_names_the_place(tmp_path: Path, text: str, message: str) -> None:
    """A broken scenario fails with one line that names the key and the problem."""
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        build_state(read_scenario(path))
    assert message in str(caught.value)


def test_missing_scenario_file(tmp_path: Path) -> None:
    """A scenario path that does not exist is a ScenarioError, not a traceback."""
    with pytest.raises(ScenarioError):
        read_scenario(tmp_path / "nope.yaml")
