"""The card page's own parts (issue 12 items 5, 6): each label with the rule that gave it and the
curator's correction (p. 8), draft versions with their diff, reply templates per topic kept by
the admin, attachments checked by content and size (p. 19), interim then final replies (p. 15),
the parts of several units (p. 17). Through the real app, signed in, with CSRF tokens."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.base import Capabilities
from db.models import Message, Publication, ReplyTemplate, User
from monitor.app.wiring import workflow_listeners
from monitor.web.auth import hash_password

from ..workflow.helpers import Desk, settings_with
from .conftest import PASSWORD, csrf_of

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def desk(session_factory, clock) -> Desk:  # type: ignore[no-untyped-def]
    """A critical card is due in 2 hours (pp. 8, 16); approval queues the publication, as in `otklik run`."""
    desk = Desk(session_factory, settings_with(deadlines={"shorten_by_importance": {"critical": "2h"}}), clock,
                workflow_listeners(notify=False))
    with session_factory() as s, s.begin():
        for user in s.scalars(select(User)):
            user.password_hash = _hash()
    return desk


@cache
def _hash() -> str:
    """One argon2 hash for every demo user (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


def _post(client, path: str, files=None, **data: str):  # type: ignore[no-untyped-def]
    """A form sent from the card page (its CSRF token taken from the page)."""
    page = client.get(re.sub(r"^(/cards/\d+)/.*$", r"\1", path))
    return client.post(path, data={"csrf": csrf_of(page.text), **data}, files=files, follow_redirects=False)


def _with_rules(desk: Desk, card: int, rules: list[str], kind: str = "complaint") -> None:
    with desk.sessions() as s, s.begin():
        message = s.get(Message, desk.card(card).first_message_id)
        assert message is not None
        message.rules, message.message_kind = rules, kind


def test_each_label_shows_its_rule_and_the_curator_corrects_it_with_a_reason(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды третий день", topic="water", importance="normal")
    _with_rules(desk, card, ["topic:water:phrase=нет вода", "importance:normal:default", "kind:complaint:lemma=нет"])
    curator = client_for("curator")
    page = curator.get(f"/cards/{card}").text
    assert "фраза «нет вода»" in page and "слово «нет»" in page and "Вид сообщения" in page
    due_before = desk.card(card).reply_due_at
    refused = _post(curator, f"/cards/{card}/set_labels", importance="critical")
    assert refused.status_code == 409 and desk.card(card).importance_set is None  # a reason is required
    assert _post(curator, f"/cards/{card}/set_labels", importance="critical", kind="question",
                 reason="Дети без воды").status_code == 303
    row = desk.card(card)
    assert (row.importance_set, row.kind_set) == ("critical", "question")
    assert row.reply_due_at is not None and due_before is not None and row.reply_due_at < due_before  # 2 h now
    page = curator.get(f"/cards/{card}").text
    assert "Куратор исправил метки" in page and "Дети без воды" in page
    assert "исправлено куратором; классификатор: Обычная" in page
    [event] = [e for e in desk.events(card) if e.action == "labels_corrected"]
    assert event.before["importance"] == "normal" and event.after["kind"] == "question"


def test_an_executor_cannot_correct_labels(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    assert "Исправить признаки" not in executor.get(f"/cards/{card}").text
    answer = _post(executor, f"/cards/{card}/set_labels", importance="critical", reason="хочу")
    assert answer.status_code == 403 and desk.card(card).importance_set is None


def test_consecutive_draft_versions_are_shown_with_their_diff_as_text(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor, curator = client_for("exec_gkh"), client_for("curator")
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделают до пятницы.").status_code == 303
    assert _post(curator, f"/cards/{card}/rework", reason="Дата?").status_code == 303
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделают 6 марта <b>точно</b>.").status_code == 303
    page = curator.get(f"/cards/{card}").text
    assert "Изменения: версия 1 → версия 2" in page
    assert "<del>до пятницы</del>" in page and "<ins>6 марта &lt;b&gt;точно&lt;/b&gt;</ins>" in page
    assert "<b>точно</b>" not in page and "&lt;b&gt;" in page  # the executor's text stays text


def test_the_admin_keeps_templates_per_topic_and_the_executor_inserts_one(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    admin = client_for("admin")
    page = admin.get("/admin/templates").text
    for topic, title, text in (("roads", "Ремонт дороги", "Дорогу отремонтируют в рамках плана."),
                               ("water", "Вода", "Водоснабжение восстановят.")):
        answer = admin.post("/admin/templates", data={"csrf": csrf_of(page), "topic": topic, "title": title,
                                                      "text": text}, follow_redirects=False)
        assert answer.status_code == 303
    with desk.sessions() as s:
        ids = {t.title: t.id for t in s.scalars(select(ReplyTemplate))}
    assert client_for("curator").get("/admin/templates").status_code == 403
    card = desk.open(topic="roads")
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    page = executor.get(f"/cards/{card}").text
    assert "Шаблон ответа" in page and "Ремонт дороги" in page and ">Вода<" not in page  # its topic only
    filled = executor.get(f"/cards/{card}/template?template={ids['Ремонт дороги']}").text
    assert 'id="draft-text"' in filled and "Дорогу отремонтируют в рамках плана." in filled
    assert "Водоснабжение" not in executor.get(f"/cards/{card}/template?template={ids['Вода']}").text
    page = admin.get("/admin/templates").text
    answer = admin.post(f"/admin/templates/{ids['Вода']}", data={
        "csrf": csrf_of(page), "topic": "", "title": "Общий", "text": "Спасибо за обращение."}, follow_redirects=False)
    assert answer.status_code == 303
    assert "Общий" in executor.get(f"/cards/{card}").text  # a template for any topic is offered everywhere
    answer = admin.post(f"/admin/templates/{ids['Вода']}/delete", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert answer.status_code == 303 and "Общий" not in executor.get(f"/cards/{card}").text


def test_a_photo_is_checked_by_its_bytes_stored_aside_and_served_only_as_an_image(client_for, desk, app) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    uploads: Path = app.state.deps.uploads_dir
    html = b"<html><script>alert(1)</script></html>"
    refused = _post(executor, f"/cards/{card}/attachments", files={"photo": ("photo.png", html, "image/png")})
    assert refused.status_code == 400 and "Принимаются только фотографии JPEG и PNG" in refused.text
    big = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024)
    refused = _post(executor, f"/cards/{card}/attachments", files={"photo": ("big.jpg", big, "image/jpeg")})
    assert refused.status_code == 400 and "больше 5 МБ" in refused.text
    assert not uploads.exists() or not any(uploads.iterdir())
    answer = _post(executor, f"/cards/{card}/attachments", files={"photo": ("../../яма.txt", PNG, "text/html")})
    assert answer.status_code == 303
    [stored] = list(uploads.iterdir())
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name) and stored.read_bytes() == PNG
    [row] = desk.view(card).attachments
    served = executor.get(f"/cards/{card}/attachments/{row.id}")
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    assert served.headers["content-disposition"].startswith("inline; filename=") and "яма" not in served.headers[
        "content-disposition"]
    assert served.headers["x-content-type-options"] == "nosniff"
    assert client_for("exec_social").get(f"/cards/{card}/attachments/{row.id}").status_code == 404
    page = executor.get(f"/cards/{card}").text
    assert f'src="/cards/{card}/attachments/{row.id}"' in page and "яма.txt" in page


def test_a_reply_goes_for_approval_with_its_photo_and_video_link(client_for, desk, app) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor, curator = client_for("exec_gkh"), client_for("curator")
    photo = {"photo": ("a.png", PNG, "image/png")}
    assert _post(executor, f"/cards/{card}/attachments", files=photo).status_code == 303
    assert _post(executor, f"/cards/{card}/attachments", video="https://vk.com/video-1_456").status_code == 303
    preview = _post(executor, f"/cards/{card}/preview", text="Яму заделают.")
    assert "https://vk.com/video-1_456" in preview.text and "<img" in preview.text  # the preview as posted
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделают.").status_code == 303
    app.state.deps.connectors = {"vk-walls": _NoPhotos()}
    page = curator.get(f"/cards/{card}").text
    assert "фотографий: 1" in page and "не принимает фотографии" in page  # said before approval
    assert _post(curator, f"/cards/{card}/approve").status_code == 303
    with desk.sessions() as s:
        [pub] = s.scalars(select(Publication)).all()
    assert "https://vk.com/video-1_456" in pub.text and len(pub.attachments) == 1
    assert Path(pub.attachments[0]).read_bytes() == PNG


class _NoPhotos:
    platform = "vk"
    capabilities = Capabilities(replies=True, photos=False)


def test_a_removed_attachment_does_not_go_with_the_next_version(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    assert _post(executor, f"/cards/{card}/attachments", video="https://vk.com/video-1_9").status_code == 303
    [row] = desk.view(card).attachments
    page = executor.get(f"/cards/{card}").text
    answer = executor.post(f"/cards/{card}/attachments/{row.id}/remove", data={"csrf": csrf_of(page)},
                           follow_redirects=False)
    assert answer.status_code == 303
    assert _post(executor, f"/cards/{card}/draft", text="Ответ.").status_code == 303
    [draft] = desk.drafts(card)
    assert "video-1_9" not in draft.publish_text and not draft.attachment_ids
    assert "Вложение убрано из ответа" in executor.get(f"/cards/{card}").text


def test_an_interim_reply_then_the_final_one_by_hand(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor, curator = client_for("exec_gkh"), client_for("curator")
    assert _post(executor, f"/cards/{card}/draft", text="Выясняем, ответим позже.", kind="interim").status_code == 303
    assert "Промежуточный ответ" in curator.get(f"/cards/{card}").text
    assert _post(curator, f"/cards/{card}/approve").status_code == 303
    assert _post(executor, f"/cards/{card}/publish", url="https://vk.com/wall-1_1?reply=5").status_code == 303
    assert desk.card(card).state == "interim"
    page = executor.get(f"/cards/{card}").text
    assert "Дан промежуточный ответ" in page and "окончательный ответ после промежуточного (п. 15)" in page
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделали.", kind="final").status_code == 303
    assert _post(curator, f"/cards/{card}/approve").status_code == 303
    assert _post(executor, f"/cards/{card}/publish", url="https://vk.com/wall-1_1?reply=6").status_code == 303
    assert desk.card(card).state == "published"
    with desk.sessions() as s:
        cancelled = s.scalars(select(Publication).where(Publication.status == "cancelled")).all()
    assert len(cancelled) == 2  # published by hand: the queued ones withdrawn, nothing posted twice


def test_a_repeated_appeals_reply_is_confirmed_to_report_the_measures_from_the_page(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    first = desk.open(text="Яма на Советской")
    card = desk.open(text="Опять та же яма на Советской", repeat_of=first)
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    assert "Ответ сообщает о принятых мерах или ходе решения вопроса" in executor.get(f"/cards/{card}").text
    refused = _post(executor, f"/cards/{card}/draft", text="Яму заделают.", kind="final")
    assert "Повторное обращение (п. 18)" in refused.text and "--measures" not in refused.text  # words, not a flag
    assert desk.card(card).state == "assigned"
    assert _post(executor, f"/cards/{card}/draft", text="Яму заделали щебнем 5 марта, асфальт положат в мае.",
                 kind="final", measures_reported="1").status_code == 303
    assert desk.card(card).state == "draft" and desk.drafts(card)[0].measures_reported


def test_the_curator_shortens_the_reply_deadline_from_the_card(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет воды во всём посёлке")
    curator = client_for("curator")
    assert "Сократить срок (пп. 8, 16)" in curator.get(f"/cards/{card}").text
    assert "Срок ответа — число часов" in _post(curator, f"/cards/{card}/shorten", hours="два", reason="важно").text
    assert "Срок можно только сократить" in _post(curator, f"/cards/{card}/shorten", hours="12", reason="важно").text
    answer = _post(curator, f"/cards/{card}/shorten", hours="1,5", reason="Весь посёлок без воды")
    assert answer.status_code == 303
    assert desk.card(card).reply_due_at == desk.clock.now() + timedelta(minutes=90)  # 10:00 → 11:30, working time
    assert any(e.action == "deadline_shortened" and e.note == "Весь посёлок без воды" for e in desk.events(card))
    desk.do("route", card, ["gkh"], actor="curator")
    assert "Сократить срок" not in client_for("exec_gkh").get(f"/cards/{card}").text  # the curator's decision


def test_the_curator_reports_a_card_to_the_head_once(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    from db.models import Notification

    card = desk.open(text="Мост на Заречной подмыло, машины ещё ездят")
    curator, head = client_for("curator"), client_for("head")
    assert "Доложить главе (п. 25)" in curator.get(f"/cards/{card}").text
    assert _post(curator, f"/cards/{card}/report_to_head", note="Мост может обрушиться").status_code == 303
    page = curator.get(f"/cards/{card}").text
    assert "оложено главе (п. 25)" in page and "Доложить главе (п. 25)" not in page  # once
    overview = head.get("/dashboard").text  # a case the head acknowledges
    assert "Социально значимое сообщение" in overview and f'href="/cards/{card}"' in overview
    _post(curator, f"/cards/{card}/report_to_head", note="ещё раз")
    with desk.sessions() as s:
        told = s.scalars(select(Notification.user_id).where(Notification.kind == "reported_to_head",
                                                            Notification.channel == "inbox")).all()
    assert len(told) == len(set(told)) >= 2  # the head and the curators, each once
    executor = client_for("exec_gkh")
    desk.do("route", card, ["gkh"], actor="curator")
    assert "Доложить главе" not in executor.get(f"/cards/{card}").text


def test_a_joint_reply_shows_each_units_part(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh", "social"], actor="curator")
    social, gkh, curator = client_for("exec_social"), client_for("exec_gkh"), client_for("curator")
    for executor in (social, gkh):  # both owe their part; neither writes the joint reply yet
        page = executor.get(f"/cards/{card}").text
        assert "Направить информацию" in page and "Направить на согласование" not in page
    assert _post(social, f"/cards/{card}/contribute", text="Соцзащита выделит транспорт.").status_code == 303
    given = social.get(f"/cards/{card}").text
    assert "общий ответ готовит последний исполнитель" in given
    assert "Направить информацию" not in given and "Направить на согласование" not in given
    composer = gkh.get(f"/cards/{card}").text  # the last unit composes (p. 17.3)
    assert "Направить на согласование" in composer and "Направить информацию" not in composer
    page = curator.get(f"/cards/{card}").text
    assert "Части подразделений (п. 17)" in page and "Соцзащита выделит транспорт." in page
    assert "информация не поступила" in page
    assert _post(gkh, f"/cards/{card}/draft", text="Яму заделают, транспорт выделят.").status_code == 303
    assert desk.card(card).state == "draft"
    assert any(e.action == "contributed" for e in desk.events(card))


def test_a_deputy_finds_the_absent_colleagues_card_in_the_inbox_and_acts_on_it(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from db.models import Absence

    card = desk.open(text="Прорвало трубу на ул. Лесной")
    desk.do("route", card, ["gkh"], actor="curator")
    now = desk.clock.now()
    with desk.sessions() as s, s.begin():
        s.add(Absence(user_id=desk.user_id("exec_gkh"), deputy_id=desk.user_id("exec_social"), starts_at=now,
                      ends_at=now + timedelta(days=5), reason="отпуск", created_at=now, created_by="admin"))
    deputy = client_for("exec_social")
    inbox = deputy.get("/queue").text
    assert "Входящие подразделения" in inbox and "Прорвало трубу" in inbox and "осталось" in inbox  # with its deadline
    page = deputy.get(f"/cards/{card}").text
    for button in ("Вернуть куратору", "Направить на согласование"):
        assert button in page
    assert "Направить информацию" not in page  # one unit: its reply, no part of a joint one (p. 17)
    assert _post(deputy, f"/cards/{card}/draft", text="Трубу заменят сегодня.", kind="interim").status_code == 303
    assert desk.drafts(card)[0].kind == "interim"


def test_a_read_only_network_and_a_failed_publication_are_said_on_the_card(client_for, desk, app) -> None:  # type: ignore[no-untyped-def]
    from connectors.base import READ_ONLY

    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    desk.do("submit_draft", card, actor="exec_gkh", text="Ответ.")
    app.state.deps.connectors = {"ok-groups": _ReadOnly()}
    curator = client_for("curator")
    assert "не принимает ответы через API" in curator.get(f"/cards/{card}").text  # before approval
    assert READ_ONLY.replies is False
    desk.do("approve", card, actor="curator")
    with desk.sessions() as s, s.begin():
        pub = s.scalars(select(Publication)).one()
        pub.status, pub.last_error = "manual", "источник только для чтения"
    executor = client_for("exec_gkh")
    page = executor.get(f"/cards/{card}").text
    assert "Ответ не размещён автоматически: источник только для чтения" in page and "Отметить размещение" in page
    assert _post(executor, f"/cards/{card}/publish", url="https://vk.com/wall-1_1?reply=7").status_code == 303
    assert desk.card(card).state == "published" and desk.card(card).reply_url == "https://vk.com/wall-1_1?reply=7"


class _ReadOnly:
    platform = "vk"
    capabilities = Capabilities(replies=False)


def test_an_oversized_upload_is_refused_before_it_is_read(client_for, desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open()
    desk.do("route", card, ["gkh"], actor="curator")
    executor = client_for("exec_gkh")
    answer = executor.post(f"/cards/{card}/attachments", content=b"x" * 16,
                           headers={"content-length": str(50 * 1024 * 1024), "content-type": "multipart/form-data"})
    assert answer.status_code == 413
