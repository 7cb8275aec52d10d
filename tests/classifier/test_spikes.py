"""Spike detection: the Poisson rule, the minimum count, the figures, hourly buckets."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from classifier.pipeline import read_settlements
from classifier.spikes import AREA_NAMES_RU, TOPIC_NAMES_RU, Spike, detect_spikes, hourly_counts, poisson_tail

WEEK = 7 * 24
NOW = datetime(2025, 1, 15, 10, 5, tzinfo=UTC)
#: the project's district: its settlements' names are the gazetteer's (rules/), the rest fixed
NAMES = {**read_settlements(), **AREA_NAMES_RU}


def exact_tail(count: int, mean: float) -> float:
    """P(X >= count) by summing many pmf terms with fsum: the reference for the fast version."""
    terms = [math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(count, count + 400)]
    return math.fsum(terms)


def series(history: list[int], current: int) -> list[int]:
    return [*history, current]


class TestPoissonTail:
    @pytest.mark.parametrize(
        ("count", "mean"), [(5, 0.2), (12, 0.4), (1, 3.0), (3, 3.0), (10, 6.0), (30, 6.0), (60, 2.0), (200, 150.0)]
    )
    def test_matches_reference_sum(self, count: int, mean: float) -> None:
        """The tail equals a direct high-precision sum, tiny tails included."""
        assert poisson_tail(count, mean) == pytest.approx(exact_tail(count, mean), rel=1e-9)

    def test_edges(self) -> None:
        """P(X >= 0) is 1, and with a zero mean any positive count is impossible."""
        assert poisson_tail(0, 2.0) == 1.0
        assert poisson_tail(3, 0.0) == 0.0

    def test_small_tail_closed_form(self) -> None:
        """P(X >= 1 | λ) = 1 - e^-λ."""
        assert poisson_tail(1, 0.7) == pytest.approx(1 - math.exp(-0.7), rel=1e-12)


class TestDetectSpikes:
    def test_flat_series_gives_nothing(self) -> None:
        """A topic that runs at its usual rate raises no alarm."""
        flat = [2] * WEEK
        assert detect_spikes({("heating", "sobolevo"): series(flat, 2)}) == []

    def test_sudden_jump_is_flagged_with_figures(self) -> None:
        """A jump from about 0.4/h to 12 in an hour is flagged with its count, baseline and p."""
        history = ([1, 0, 0, 1, 0] * 34)[:WEEK]  # 0.4/h
        spikes = detect_spikes({("heating", "sobolevo"): series(history, 12)})
        assert len(spikes) == 1
        spike = spikes[0]
        assert (spike.topic, spike.location, spike.count) == ("heating", "sobolevo", 12)
        assert spike.baseline == pytest.approx(sum(history) / WEEK)
        assert spike.p_value == pytest.approx(exact_tail(12, spike.baseline), rel=1e-9)
        assert spike.p_value < 1e-3
        assert "count 12 >= 5" in spike.rule and "168 previous hours" in spike.rule
        assert (spike.describe(TOPIC_NAMES_RU, NAMES)
                == "Всплеск: отопление, Соболево — 12 сообщений за час при обычных 0,4/ч")

    def test_busy_but_normal_pair_is_not_flagged(self) -> None:
        """A busy pair (6/h as usual) with 11 this hour is within its habit."""
        busy = [6] * WEEK
        assert poisson_tail(11, 6.0) > 1e-3
        assert detect_spikes({("heating", "sobolevo"): series(busy, 11)}) == []

    def test_busy_pair_flagged_beyond_habit(self) -> None:
        """The same busy pair is flagged once it goes far beyond its habit."""
        busy = [6] * WEEK
        spikes = detect_spikes({("heating", "sobolevo"): series(busy, 20)})
        assert [s.count for s in spikes] == [20]

    def test_min_count_holds_for_tiny_baselines(self) -> None:
        """Four messages on a usually silent pair are improbable, yet below the minimum count."""
        silent = [0] * WEEK
        assert poisson_tail(4, 0.2) < 1e-3
        assert detect_spikes({("animals", "ustyevoye"): series(silent, 4)}) == []

    def test_min_count_reached_on_silent_pair(self) -> None:
        """Five messages where there are usually none is a spike, with the baseline at its floor."""
        spikes = detect_spikes({("animals", "ustyevoye"): series([0] * WEEK, 5)})
        assert len(spikes) == 1
        assert spikes[0].baseline == pytest.approx(0.2)
        assert (spikes[0].describe(TOPIC_NAMES_RU, NAMES)
                == "Всплеск: животные, Устьевое — 5 сообщений за час при обычных 0,2/ч")

    def test_min_count_is_configurable(self) -> None:
        """A lower minimum count lets four messages on a silent pair through."""
        assert detect_spikes({("animals", "ustyevoye"): [0] * WEEK + [4]}, min_count=4) != []

    def test_current_hour_excluded_from_baseline(self) -> None:
        """The surge itself does not raise its own baseline."""
        spikes = detect_spikes({("water", "sobolevo"): [1] * WEEK + [40]})
        assert spikes[0].baseline == pytest.approx(1.0)

    def test_baseline_uses_last_week_only(self) -> None:
        """Hours older than seven days do not count towards the baseline."""
        old_busy = [10] * 100
        spikes = detect_spikes({("water", "sobolevo"): old_busy + [0] * WEEK + [8]})
        assert spikes[0].baseline == pytest.approx(0.2)

    def test_short_history_and_sorting(self) -> None:
        """A new pair with little history is judged on what there is; the most unusual comes first."""
        counts = {
            ("roads", "sobolevo"): [0, 0, 1, 8],
            ("power", "district"): [0] * WEEK + [25],
            ("waste", "krutogorovsky"): [],
        }
        spikes = detect_spikes(counts)
        assert [(s.topic, s.location) for s in spikes] == [("power", "district"), ("roads", "sobolevo")]
        assert spikes[1].baseline == pytest.approx(1 / 3)
        assert "3 previous hours" in spikes[1].rule

    @pytest.mark.parametrize(
        "kwargs", [{"min_count": 0}, {"p_threshold": 0}, {"p_threshold": 1.5}, {"baseline_floor": 0}]
    )
    def test_rejects_bad_parameters(self, kwargs: dict[str, float]) -> None:
        """Nonsensical thresholds are refused rather than silently flagging everything."""
        with pytest.raises(ValueError):
            detect_spikes({}, **kwargs)  # type: ignore[arg-type]


class TestDescribe:
    @pytest.mark.parametrize(
        ("count", "baseline", "text"),
        [
            (21, 1.25, "21 сообщение за час при обычных 1,2/ч"),
            (22, 0.05, "22 сообщения за час при обычных 0,05/ч"),
            (12, 0.4, "12 сообщений за час при обычных 0,4/ч"),
            (111, 14.0, "111 сообщений за час при обычных 14/ч"),
        ],
    )
    def test_russian_numbers(self, count: int, baseline: float, text: str) -> None:
        """Counts agree with «сообщение» in Russian and rates use a decimal comma."""
        spike = Spike("water", "sobolevo", count, baseline, 1e-9, "")
        assert spike.describe(TOPIC_NAMES_RU, NAMES) == f"Всплеск: вода, Соболево — {text}"

    def test_unknown_codes_and_custom_names(self) -> None:
        """Codes without a Russian name are shown as they are; names can be overridden."""
        spike = Spike("ferry", "ozernovsky", 6, 0.2, 1e-6, "")
        assert spike.describe().startswith("Всплеск: ferry, ozernovsky — ")
        assert spike.describe({"ferry": "паром"}, {"ozernovsky": "Озерновский"}).startswith(
            "Всплеск: паром, Озерновский — "
        )


class TestHourlyCounts:
    def test_rolling_hours_end_at_now(self) -> None:
        """The last bucket is the hour up to now; earlier rows fall into earlier hours."""
        rows = [
            (NOW, "water", "sobolevo"),
            (NOW - timedelta(minutes=59), "water", "sobolevo"),
            (NOW - timedelta(minutes=60), "water", "sobolevo"),  # closes the previous hour
            (NOW - timedelta(minutes=61), "water", "sobolevo"),
            (NOW - timedelta(hours=5, minutes=30), "roads", "district"),
        ]
        counts = hourly_counts(rows, now=NOW, hours=8)
        assert counts[("water", "sobolevo")] == [0, 0, 0, 0, 0, 0, 2, 2]
        assert counts[("roads", "district")] == [0, 0, 1, 0, 0, 0, 0, 0]

    def test_ignores_rows_outside_window(self) -> None:
        """Rows older than the window or after now are not counted."""
        rows = [
            (NOW + timedelta(seconds=1), "water", "sobolevo"),
            (NOW - timedelta(hours=3), "water", "sobolevo"),  # closes the hour before the window
            (NOW - timedelta(hours=2, minutes=59), "water", "sobolevo"),
        ]
        assert hourly_counts(rows, now=NOW, hours=3) == {("water", "sobolevo"): [1, 0, 0]}

    def test_default_window_feeds_detect_spikes(self) -> None:
        """A week of one message a day then a burst of 9 within the last hour is reported."""
        rows = [(NOW - timedelta(days=d, hours=3), "heating", "sobolevo") for d in range(7)]
        rows += [(NOW - timedelta(minutes=5 * i), "heating", "sobolevo") for i in range(9)]
        counts = hourly_counts(rows, now=NOW)
        assert len(counts[("heating", "sobolevo")]) == WEEK + 1
        spikes = detect_spikes(counts)
        assert len(spikes) == 1 and spikes[0].count == 9
        assert spikes[0].baseline == pytest.approx(0.2)

    def test_rejects_empty_window(self) -> None:
        """A window of no hours is a programming error."""
        with pytest.raises(ValueError):
            hourly_counts([], now=NOW, hours=0)


def test_every_code_has_a_russian_name() -> None:
    """Every topic and location code of the classifier reads in Russian in a spike alert."""
    from _default_classifier import default_classifier

    from classifier.codes import TOPICS

    assert set(TOPICS) <= set(TOPIC_NAMES_RU)
    assert set(default_classifier().locations) <= set(NAMES)
