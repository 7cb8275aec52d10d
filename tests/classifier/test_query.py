"""Watch queries: the operators, their precedence, phrases, NEAR, prefixes, locations, errors."""

from __future__ import annotations

import pytest

from classifier.normalize import lemmatize, normalize
from classifier.query import QueryDoc, QuerySyntaxError, compile_query, validate_query


def plain(word: str) -> str:
    """A lemmatizer that only lower-cases: keeps operator tests independent of morphology."""
    return word.lower()


def doc(text: str, location: str | None = None) -> QueryDoc:
    words = tuple(text.lower().split())
    return QueryDoc(lemmas=words, tokens=words, location=location)


def matches(query: str, text: str, location: str | None = None) -> bool:
    return compile_query(query, plain).matches(doc(text, location))


class TestOperators:
    def test_single_term(self) -> None:
        """A one-word query matches messages containing the word and no others."""
        assert matches("вода", "нет вода третий день")
        assert not matches("вода", "нет света третий день")

    @pytest.mark.parametrize("op", ["AND", "И", ""])
    def test_and(self, op: str) -> None:
        """AND (also И, or nothing) needs both words."""
        query = f"вода {op} нет"
        assert matches(query, "опять нет вода")
        assert not matches(query, "вода ржавая")

    @pytest.mark.parametrize("op", ["OR", "ИЛИ"])
    def test_or(self, op: str) -> None:
        """OR (also ИЛИ) needs either word."""
        query = f"вода {op} свет"
        assert matches(query, "нет свет")
        assert matches(query, "нет вода")
        assert not matches(query, "нет тепло")

    @pytest.mark.parametrize("query", ["вода NOT ржавая", "вода НЕ ржавая", "вода -ржавая"])
    def test_not(self, query: str) -> None:
        """NOT (also НЕ, and -term) excludes messages with the word."""
        assert matches(query, "нет вода")
        assert not matches(query, "вода ржавая")

    def test_lower_case_operators_are_words(self) -> None:
        """Lower-case «и», «не», «или» are ordinary words, not operators."""
        assert matches("не горит", "фонарь не горит")
        assert not matches("не горит", "фонарь горит")

    def test_not_alone(self) -> None:
        """A purely negative query matches every message without the word."""
        assert matches("-спасибо", "нет вода")
        assert not matches("-спасибо", "спасибо за вода")

    def test_negated_group_and_phrase(self) -> None:
        """A minus before parentheses or a phrase negates all of it."""
        assert not matches('вода -(ржавая OR мутная)', "вода мутная")
        assert matches('вода -"спасибо за"', "спасибо вода за")
        assert not matches('вода -"спасибо за"', "спасибо за вода")


class TestPrecedence:
    @pytest.mark.parametrize(
        ("query", "understood"),
        [
            ("a OR b c", "(a OR (b AND c))"),
            ("a b OR c", "((a AND b) OR c)"),
            ("NOT a b", "(NOT a AND b)"),
            ("NOT a OR b", "(NOT a OR b)"),
            ("(a OR b) c", "((a OR b) AND c)"),
            ("a NEAR/2 b c", "((a NEAR/2 b) AND c)"),
            ("NOT a NEAR/2 b", "NOT (a NEAR/2 b)"),
            ("a OR b AND NOT c OR d", "(a OR (b AND NOT c) OR d)"),
        ],
    )
    def test_grouping(self, query: str, understood: str) -> None:
        """NEAR binds tighter than NOT, NOT than AND, AND than OR; parentheses override."""
        assert str(compile_query(query, plain)) == understood

    def test_or_below_and_changes_result(self) -> None:
        """«вода OR свет нет» needs «нет» only with «свет»."""
        assert matches("вода OR свет нет", "вода ржавая")
        assert not matches("вода OR свет нет", "свет горит")
        assert not matches("(вода OR свет) нет", "вода ржавая")


class TestPhrases:
    def test_consecutive_words(self) -> None:
        """A phrase needs its words next to each other and in order."""
        query = '"горячей воды нет"'
        assert matches(query, "опять горячей воды нет")
        assert not matches(query, "воды горячей нет")
        assert not matches(query, "горячей нет воды")

    def test_guillemets(self) -> None:
        """«…» quotes work like straight ones."""
        assert matches("«нет света»", "опять нет света")

    def test_phrase_at_end_of_message(self) -> None:
        """A phrase cut off by the end of the message does not match."""
        assert not matches('"нет света"', "опять нет")


class TestNear:
    def test_within_distance_either_order(self) -> None:
        """NEAR/3 allows up to three words between, in either order."""
        query = "вода NEAR/3 нет"
        assert matches(query, "вода опять третий день нет")
        assert matches(query, "нет опять уже вода")
        assert not matches(query, "вода опять уже третий день нет")

    def test_near_zero_is_adjacent(self) -> None:
        """NEAR/0 means the words touch."""
        assert matches("вода NEAR/0 нет", "нет вода")
        assert not matches("вода NEAR/0 нет", "нет горячая вода")

    def test_ordered_near(self) -> None:
        """NEAR/2f needs the left word first."""
        assert matches("нет NEAR/2f вода", "нет горячая вода")
        assert not matches("нет NEAR/2f вода", "вода горячая нет")

    def test_near_with_groups_and_phrases(self) -> None:
        """NEAR sides can be OR-groups, phrases and prefixes."""
        query = '(вода OR свет) NEAR/2 "не дают"'
        assert matches(query, "свет опять не дают")
        assert not matches(query, "свет горит а воду не дают")
        assert matches("отоплен* NEAR/1 нет", "отопления нет")

    def test_same_word_does_not_satisfy_both_sides(self) -> None:
        """«вода NEAR/2 вода» needs two occurrences."""
        assert not matches("вода NEAR/2 вода", "нет вода")
        assert matches("вода NEAR/2 вода", "вода и вода")


class TestPrefixAndLocation:
    def test_prefix(self) -> None:
        """A trailing star matches any word that starts so."""
        assert matches("отоплен*", "когда дадут отопление")
        assert matches("отоплен*", "сезон отопленческий")
        assert not matches("отоплен*", "топят плохо")

    def test_location(self) -> None:
        """location:code matches the message's location code, and only that."""
        assert matches("location:sobolevo", "что угодно", "sobolevo")
        assert not matches("location:sobolevo", "что угодно", "ustyevoye")
        assert not matches("location:sobolevo", "что угодно", None)
        assert matches("вода location:sobolevo OR location:ustyevoye", "вода", "ustyevoye")


class TestRussianMorphology:
    @pytest.mark.parametrize("text", ["Почините дорогу!", "По дорогам не проехать", "ДОРОГИ разбиты", "на дороге яма"])
    def test_any_form_matches(self, text: str) -> None:
        """«дорога» matches «дорогу», «дорогам», «ДОРОГИ», «дороге»."""
        n = normalize(text)
        assert compile_query("дорога", lemmatize).matches(QueryDoc(n.lemmas, n.tokens))

    def test_query_word_in_any_form(self) -> None:
        """The query word itself may be inflected: «дорогам» finds «дорога»."""
        n = normalize("Дорога разбита")
        assert compile_query("дорогам", lemmatize).matches(QueryDoc(n.lemmas, n.tokens))

    def test_phrase_matches_other_forms(self) -> None:
        """A phrase matches each word in any form: "горячая вода" finds «горячей воды»."""
        n = normalize("Третий день нет горячей воды на Центральной")
        query = compile_query('"горячая вода" NEAR/2 нет location:sobolevo', lemmatize)
        assert query.matches(QueryDoc(n.lemmas, n.tokens, "sobolevo"))
        assert not query.matches(QueryDoc(n.lemmas, n.tokens, "ustyevoye"))

    def test_hyphenated_query_word(self) -> None:
        """A hyphenated word matches the message's hyphen-split tokens."""
        n = normalize("Рейс в Петропавловск-Камчатский отменили")
        assert compile_query("петропавловск-камчатский", lemmatize).matches(QueryDoc(n.lemmas, n.tokens))

    def test_e_with_diaeresis(self) -> None:
        """«ё» in a query is folded like in messages."""
        n = normalize("Вода течет по улице")
        assert compile_query("течёт", lemmatize).matches(QueryDoc(n.lemmas, n.tokens))


class TestErrors:
    @pytest.mark.parametrize(
        ("query", "column", "fragment"),
        [
            ("", 1, "empty"),
            ("   ", 1, "empty"),
            ("(вода OR нет", 13, "expected ')' to close '(' at column 1"),
            ("вода AND (свет OR (газ)", 24, "expected ')' to close '(' at column 10"),
            ("вода)", 5, "unexpected ')'"),
            ("()", 2, "empty parentheses"),
            ("вода AND", 9, "expected a term after 'AND'"),
            ("вода OR OR свет", 9, "expected a term after 'OR', found 'OR'"),
            ("OR вода", 1, "'OR' needs a term on its left"),
            ("вода NOT", 9, "expected a term after 'NOT'"),
            ("вода -", 6, "glued"),
            ("вода - свет", 6, "glued"),
            ('вода "нет света', 6, "never closed"),
            ('вода ""', 6, "empty phrase"),
            ('"нет свет*"', 10, "'*' is not allowed inside a phrase"),
            ("вода NEAR нет", 6, "NEAR/3"),
            ("вода NEAR/x нет", 6, "NEAR/3"),
            ("вода NEAR/99 нет", 11, "too large"),
            ("вода NEAR/3", 12, "expected a term after 'NEAR/3'"),
            ("вода NEAR/3 -нет", 13, "not a negation"),
            ("(вода свет) NEAR/3 нет", 1, "NEAR joins words"),
            ("вода NEAR/3 location:sobolevo", 13, "NEAR joins words"),
            ("от*", 1, "too short"),
            ("*", 1, "needs letters"),
            ("вод*а", 4, "only at the end"),
            ("location:", 10, "needs a code"),
            ("вода location:Соболево", 15, "not a location code"),
            ("вода,", 5, "not a word"),
            ("вода » свет", 6, "outside a phrase"),
        ],
    )
    def test_error_column(self, query: str, column: int, fragment: str) -> None:
        """Every syntax error names the column where the problem is."""
        with pytest.raises(QuerySyntaxError) as caught:
            compile_query(query, plain)
        assert caught.value.column == column
        assert caught.value.message.startswith(f"column {column}: ")
        assert fragment in caught.value.message

    def test_unknown_location_with_known_list(self) -> None:
        """With the known codes given, a misspelt location code is an error at the code."""
        with pytest.raises(QuerySyntaxError) as caught:
            validate_query("вода location:sobolev", plain, locations={"sobolevo", "ustyevoye"})
        assert caught.value.column == 15
        assert "sobolevo, ustyevoye" in caught.value.message
        validate_query("вода location:sobolevo", plain, locations={"sobolevo"})

    def test_caret_under_column(self) -> None:
        """str() of the error shows the query with a caret under the column."""
        with pytest.raises(QuerySyntaxError) as caught:
            compile_query("(вода OR\tнет", plain)
        lines = str(caught.value).splitlines()
        assert lines[0] == "column 13: expected ')' to close '(' at column 1, found the end of the query"
        assert lines[1] == "  (вода OR нет"
        assert lines[2] == "  " + " " * 12 + "^"

    def test_validate_accepts_good_query(self) -> None:
        """validate_query returns quietly for a correct query."""
        assert validate_query('(вода OR свет) NEAR/3 нет -"спасибо"', plain) is None

    def test_error_is_value_error(self) -> None:
        """Callers that catch ValueError for bad settings also catch query errors."""
        with pytest.raises(ValueError):
            compile_query("(", plain)


def test_doc_rejects_mismatched_lengths() -> None:
    """A document whose lemmas and tokens differ in length is refused at once."""
    with pytest.raises(ValueError):
        QueryDoc(lemmas=("a",), tokens=())
