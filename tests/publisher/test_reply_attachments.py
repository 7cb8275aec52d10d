"""A reply's photos and video link (p. 19) from the card to the network, against the sandbox:
the photo is uploaded to the community's wall (photos.getWallUploadServer, the upload,
photos.saveWallPhoto) and attached to the comment; the video goes as a link in the text; a
connector that takes no photos sends the reply to a person instead of posting it without them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.registry import build_connector
from db.models import Message
from monitor.app.context import AppContext
from monitor.app.wiring import make_publisher, workflow_service
from monitor.sandbox import SandboxServer

from .test_e2e_sandbox import (
    VK_SOURCE,
    app_context,
    card,
    inject,
    publications,
    sandbox_replies,
    start_sandbox,
    vk_config,
    vk_message,
)

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
VIDEO = "https://vk.com/video-100001_456239017"
TEXT = "Яму у школы заделают до пятницы."


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = start_sandbox()
    yield server
    server.stop()


@pytest.fixture
def ctx(db_url: str) -> Iterator[AppContext]:
    context = app_context(db_url)
    yield context
    context.close()


def _card_with_attachments(ctx: AppContext, sandbox: SandboxServer, tmp_path: Path) -> int:
    post = inject(sandbox, text="Яма у школы на ул. Советской", author="Павел Черкасов")
    message = vk_message(ctx, post, author="Павел Черкасов", text="Яма у школы на ул. Советской")
    service = workflow_service(ctx)
    photo = tmp_path / "3f9c.jpg"
    photo.write_bytes(JPEG)
    with ctx.sessions() as s, s.begin():
        card_id = service.open_card(s, s.get(Message, message)).id
    steps = [("route", (["gkh"],), {"actor": "curator"}),
             ("add_attachment", (), {"actor": "exec_gkh", "kind": "photo", "name": "яма.jpg", "size": len(JPEG),
                                     "content_type": "image/jpeg", "path": str(photo)}),
             ("add_attachment", (), {"actor": "exec_gkh", "kind": "video", "name": VIDEO, "url": VIDEO}),
             ("submit_draft", (), {"actor": "exec_gkh", "text": TEXT}),
             ("approve", (), {"actor": "curator"})]
    for action, args, kwargs in steps:
        with ctx.sessions() as s, s.begin():
            getattr(service, action)(s, card_id, *args, **kwargs)
    return card_id


def test_a_reply_goes_out_with_its_photo_uploaded_and_its_video_as_a_link(ctx: AppContext, sandbox: SandboxServer,
                                                                          tmp_path: Path) -> None:
    card_id = _card_with_attachments(ctx, sandbox, tmp_path)
    config = dataclasses.replace(vk_config(ctx, sandbox), token="usr.sandbox", token_type="user")
    make_publisher(ctx, {VK_SOURCE: build_connector(config)}).run_until_idle()
    [reply] = [r for r in sandbox_replies(sandbox.base_url) if TEXT in r["text"]]
    assert VIDEO in reply["text"]  # the video as a link: VK takes no video upload with a reply
    [photo] = reply["attachments"]
    assert photo.startswith("photo-100001_")  # uploaded to the community's wall, then attached
    assert card(ctx, card_id).state == "published"


def test_a_connector_without_photos_hands_the_reply_to_a_person(ctx: AppContext, sandbox: SandboxServer,
                                                                tmp_path: Path) -> None:
    card_id = _card_with_attachments(ctx, sandbox, tmp_path)
    connector = build_connector(vk_config(ctx, sandbox))  # a service token: no photo uploads
    assert not connector.capabilities.photos
    make_publisher(ctx, {VK_SOURCE: connector}).run_until_idle()
    assert not [r for r in sandbox_replies(sandbox.base_url) if TEXT in r["text"]]  # never posted without it
    [pub] = publications(ctx)
    assert pub.status == "manual" and "фотографии" in (pub.last_error or "")
    assert card(ctx, card_id).state == "approved"
