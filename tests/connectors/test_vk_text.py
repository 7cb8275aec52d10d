"""Reply text fitted to VK: no markup, a personal address, within the length limit."""

from __future__ import annotations

from connectors.vk.text import (
    VK_COMMENT_LIMIT,
    address_author,
    cut_to_limit,
    fit_reply_text,
    strip_markup,
)


class TestMarkup:
    def test_html_tags_and_entities_become_plain_text(self) -> None:
        """A draft pasted from a web editor shows as clean text with paragraphs kept."""
        text = strip_markup("<p>Подача воды <b>восстановлена</b>&nbsp;в 14:00.</p><p>Спасибо за&nbsp;терпение!</p>")
        assert text == "Подача воды восстановлена в 14:00.\n\nСпасибо за терпение!"

    def test_markdown_emphasis_links_and_lists_are_removed(self) -> None:
        """Markdown asterisks, headings and link syntax never reach the citizen."""
        draft = "## Ответ\n**Важно:** график по ссылке [на сайте](https://sobolevomr.ru/voda).\n- ул. Набережная\n- ул. Комсомольская\n_спасибо_"
        assert strip_markup(draft) == (
            "Ответ\nВажно: график по ссылке на сайте (https://sobolevomr.ru/voda).\n• ул. Набережная\n• ул. Комсомольская\nспасибо"
        )

    def test_underscores_inside_words_and_urls_survive(self) -> None:
        """Plain text with snake_case or URLs with underscores is left alone."""
        assert strip_markup("см. https://vk.com/sobolevo_adm и файл plan_2024.pdf") == "см. https://vk.com/sobolevo_adm и файл plan_2024.pdf"


class TestAddress:
    def test_author_is_greeted_by_first_name(self) -> None:
        """A reply to «Марина Колесникова» opens with «Марина, здравствуйте!»."""
        assert address_author("Воду подадут к вечеру.", "Марина Колесникова") == "Марина, здравствуйте! Воду подадут к вечеру."

    def test_a_reply_already_opening_with_the_name_is_unchanged(self) -> None:
        """An executor who already wrote the name does not get it twice."""
        text = "Марина, добрый день! Воду подадут к вечеру."
        assert address_author(text, "Марина Колесникова") == text

    def test_a_greeting_without_a_name_gets_the_name_in_front(self) -> None:
        """«Здравствуйте! …» becomes «Пётр, здравствуйте! …», not a double greeting."""
        assert address_author("Здравствуйте! Дорогу отсыплют в июле.", "Пётр Ганиев") == "Пётр, здравствуйте! Дорогу отсыплют в июле."

    def test_a_greeting_that_names_the_author_is_not_addressed_twice(self) -> None:
        """«Здравствуйте, Иван! …» to «Иван Петров» stays as written (it became «Иван, здравствуйте, Иван! …»)."""
        for text in ("Здравствуйте, Иван! Яму засыплем до 6 марта.", "Добрый день, Иван Петров! Яму засыплем.",
                     "Уважаемый Иван, яму засыплем до 6 марта.", "Иван Петрович, здравствуйте! Яму засыплем."):
            assert address_author(text, "Иван Петров") == text
        assert address_author("Здравствуйте, Петр! Дорогу отсыплют.", "Пётр Ганиев") == "Здравствуйте, Петр! Дорогу отсыплют."

    def test_a_word_that_merely_starts_with_the_name_is_no_address(self) -> None:
        """«Ивановка» is not «Иван»: the greeting still gets the name."""
        assert address_author("Здравствуйте! Ивановка получит воду.", "Иван Петров") == (
            "Иван, здравствуйте! Ивановка получит воду.")

    def test_communities_are_addressed_by_their_full_name(self) -> None:
        """A community author is addressed by its name as a whole."""
        assert address_author("Информация принята.", "Совет ветеранов Соболево").startswith("Совет ветеранов Соболево, здравствуйте!")

    def test_unknown_author_gets_no_address(self) -> None:
        """Without a known name the reply is left as written."""
        assert address_author("Информация принята.", None) == "Информация принята."


class TestLength:
    def test_short_text_is_not_cut(self) -> None:
        """A reply within the limit is posted whole."""
        assert cut_to_limit("Коротко.", 100) == "Коротко."

    def test_long_text_is_cut_at_a_sentence_with_an_ellipsis(self) -> None:
        """An over-long reply ends at a full sentence, marked with «…», within the limit."""
        text = "Первое предложение ответа. Второе предложение ответа. Третье предложение ответа."
        cut = cut_to_limit(text, 60)
        assert cut == "Первое предложение ответа. Второе предложение ответа.…"
        assert len(cut) <= 60

    def test_text_without_sentences_is_cut_at_a_word(self) -> None:
        """Without a sentence end in reach, the cut falls between words."""
        cut = cut_to_limit("слово " * 20, 40)
        assert cut.endswith("слово…") and len(cut) <= 40

    def test_fitted_reply_respects_the_vk_limit(self) -> None:
        """Whatever the draft, the posted text never exceeds VK's 16,384 characters."""
        fitted = fit_reply_text("Это длинный ответ. " * 2000, "Марина Колесникова")
        assert len(fitted) <= VK_COMMENT_LIMIT
        assert fitted.startswith("Марина, здравствуйте! Это длинный ответ.") and fitted.endswith("…")

    def test_a_sentence_ending_in_an_ellipsis_gets_no_second_one(self) -> None:
        """A cut after «…» does not print «……»."""
        assert cut_to_limit("Мы всё проверим и сообщим… Потом ответим подробно и обстоятельно.", 40) == "Мы всё проверим и сообщим…"
