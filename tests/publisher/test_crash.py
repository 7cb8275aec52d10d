"""A publisher process killed after the network accepted the comment, and before it could commit,
is restarted and leaves exactly one reply."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from monitor.core.clock import SystemClock

from .test_e2e_sandbox import (
    app_context,
    card,
    comment_card,
    events,
    plan_error,
    publications,
    sandbox_replies,
    start_sandbox,
    start_worker,
    wait_for,
    worker_settings,
)


def _log_events(log: Path) -> list[str]:
    names = []
    for line in log.read_text(encoding="utf-8").splitlines():
        try:
            names.append(json.loads(line).get("event"))
        except json.JSONDecodeError:
            continue  # a traceback line, say
    return names


@pytest.mark.slow
def test_sigkill_between_the_post_and_the_commit_leaves_one_reply(db_url: str, tmp_path: Path) -> None:
    """SIGKILL while the accepted comment's answer is still on its way; the restarted worker finds it."""
    sandbox = start_sandbox()
    ctx = app_context(db_url, SystemClock())  # the worker processes run on the real clock too
    base = sandbox.base_url
    try:
        card_id, comment = comment_card(ctx, sandbox)
        plan_error(base, {"method": "wall.createComment", "delay": 30})  # accepted, answered 30 s late
        settings = worker_settings(tmp_path, lease_seconds=2, interval_seconds=0.2)
        first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"

        first = start_worker(settings, db_url, base, "--jobs", "publisher", log=first_log)
        try:
            wait_for(lambda: sandbox_replies(base) or first.poll() is not None, "the first worker to post")
            assert first.poll() is None, first_log.read_text(encoding="utf-8")
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
        [pub] = publications(ctx)
        assert pub.status == "sending" and pub.sent_at is None, "killed before the outcome was committed"
        assert card(ctx, card_id).state == "approved"
        assert len(sandbox_replies(base)) == 1

        second = start_worker(settings, db_url, base, "--jobs", "publisher", log=second_log)
        try:
            wait_for(lambda: publications(ctx)[0].status == "sent" or second.poll() is not None,
                     "the restarted worker to finish the publication")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
        assert second.returncode == 0, second_log.read_text(encoding="utf-8")

        [reply] = sandbox_replies(base)
        assert reply["reply_to_comment"] == comment["comment_id"]
        [pub] = publications(ctx)
        assert (pub.status, pub.attempts) == ("sent", 2)
        stored = card(ctx, card_id)
        assert stored.state == "published" and stored.reply_url and stored.reply_url.endswith(
            f"reply={reply['comment_id']}")
        assert [e.action for e in events(ctx, card_id)][-2:] == ["reply_published", "published"]
        assert "reply.found_existing" in _log_events(second_log), "the restarted worker read the reply back"
    finally:
        sandbox.stop()
        ctx.close()
