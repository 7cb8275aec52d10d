"""Kind: complaint, question, suggestion, gratitude or info, from ``rules/kinds.yaml``.

Each kind's score is the sum of its fired rules' weights; a question mark adds a fixed weight
to ``question``. The highest score wins, a tie goes to the earlier kind in ``priority``; when no
kind reaches ``min_score`` the kind is ``default`` (a complaint: that is what people mostly write).
The form of an announcement (a sender's name and a colon first, times, dates: classifier/notice.py)
adds the weights of ``notice`` to ``info``. A message that states a problem first and asks about
it afterwards (classifier/question_form.py) with no more than a weak sign of a real question
(its words adding less than ``stated_question.below`` to ``question``) is a complaint phrased as a
question: its question mark counts ``stated_question.weight`` for ``complaint`` instead, unless its
words propose something («…Может камеры поставить?»). An announcement's word in a question
(«когда отопительный сезон начнется?») adds nothing to ``info``, and a cue among the first
``LEAD_WORDS`` words («Хорошо бы…», «Спасибо связистам…») adds its kind's ``lead`` weight once more.
A sentence proposing with «может» and an infinitive («Может на мосту поставить фонарь?») adds
``proposal`` to ``suggestion``.
The learned kind weights (classifier/kind_model.py), where the rules folder has them, add their
scores to the rules' before the highest is taken; a cue weighing ``firm`` or more for the kind the
rules chose keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from classifier.codes import KINDS
from classifier.kind_model import KindModel, kind_features
from classifier.lexicon import Hit, Lexicon
from classifier.notice import MARKS, notice_marks
from classifier.question_form import asked_only, proposes, stated_then_asked
from classifier.rules import RulesError, add_code_rules, code_sections, tally

__all__ = ["KindDecision", "KindRules"]

GROUP = "kind"
#: the form of a complaint phrased as a question: the rules' answer, which the learned table does not overturn
STATED_THEN_ASKED = "kind:complaint:form=stated, then asked"
#: a cue starting among a message's first words opens it («Хорошо бы…», «А давайте…», «Спасибо…»)
LEAD_WORDS = 3


class KindDecision(NamedTuple):
    kind: str
    rules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KindRules:
    default: str = "complaint"
    question_mark: float = 1.0
    priority: tuple[str, ...] = KINDS
    min_score: float = 0.6
    #: weight each mark of an announcement's form adds to ``info`` (classifier/notice.py)
    notice: Mapping[str, float] = field(default_factory=dict)
    #: a problem stated, then asked about: (weight for ``complaint``, the question words' score it overrides below)
    stated_question: tuple[float, float] = (0.0, 0.0)
    #: weight a kind's cue adds once more when it opens the message (within ``LEAD_WORDS`` words)
    lead: Mapping[str, float] = field(default_factory=dict)
    #: weight «может» with an infinitive («Может поставить…?») adds to ``suggestion``
    proposal: float = 0.0
    #: per kind, the weight of one cue that keeps the kind the rules chose from the learned weights
    firm: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def compile(cls, data: dict[str, Any], lex: Lexicon, lemmatize: Callable[[str], str]) -> KindRules:
        f = "kinds.yaml"
        for code, spec in code_sections(data.get("kinds"), f"{f}: kinds", KINDS).items():
            add_code_rules(lex, GROUP, code, spec, f"{f}: kinds.{code}", lemmatize)
        default = data.get("default", "complaint")
        if default not in KINDS:
            raise RulesError(f"{f}: default: unknown kind {default!r} (expected one of {', '.join(KINDS)})")
        mark = data.get("question_mark", 1.0)
        if isinstance(mark, bool) or not isinstance(mark, int | float):
            raise RulesError(f"{f}: question_mark: must be a number")
        priority = tuple(data.get("priority") or KINDS)
        if sorted(priority) != sorted(KINDS):
            raise RulesError(f"{f}: priority: must list each of {', '.join(KINDS)} once")
        min_score = data.get("min_score", 0.6)
        if isinstance(min_score, bool) or not isinstance(min_score, int | float) or min_score < 0:
            raise RulesError(f"{f}: min_score: must be a number, 0 or more")
        notice = data.get("notice") or {}
        if not isinstance(notice, Mapping) or any(
                k not in MARKS or isinstance(v, bool) or not isinstance(v, int | float) for k, v in notice.items()):
            raise RulesError(f"{f}: notice: must map {', '.join(MARKS)} to weights")
        stated = data.get("stated_question") or {}
        if not isinstance(stated, Mapping) or set(stated) - {"weight", "below"} or any(
                isinstance(v, bool) or not isinstance(v, int | float) or v < 0 for v in stated.values()):
            raise RulesError(f"{f}: stated_question: must give weight and below, numbers 0 or more")
        lead = data.get("lead") or {}
        if not isinstance(lead, Mapping) or any(
                k not in KINDS or isinstance(v, bool) or not isinstance(v, int | float) for k, v in lead.items()):
            raise RulesError(f"{f}: lead: must map kinds to weights")
        proposal = data.get("proposal", 0.0)
        if isinstance(proposal, bool) or not isinstance(proposal, int | float) or proposal < 0:
            raise RulesError(f"{f}: proposal: must be a number, 0 or more")
        firm = data.get("firm") or {}
        if not isinstance(firm, Mapping) or any(k not in KINDS or isinstance(v, bool) or not isinstance(v, int | float)
                                                or v <= 0 for k, v in firm.items()):
            raise RulesError(f"{f}: firm: must map kinds to weights above 0")
        return cls(default, float(mark), priority, float(min_score), {k: float(v) for k, v in notice.items()},
                   (float(stated.get("weight", 0.0)), float(stated.get("below", 0.0))),
                   {k: float(v) for k, v in lead.items()}, float(proposal), {k: float(v) for k, v in firm.items()})

    def decide(self, hits: Sequence[Hit], text: str, tokens: Sequence[str] = (), start: int = 0,
               model: KindModel | None = None, lemmas: Sequence[str] = ()) -> KindDecision:
        """The kind of a message from its kind hits, its folded text and (to tell which words it
        asks about) its tokens; ``start``: the first token after an opening mention. ``model``
        (learned weights) adds its scores, read from the message's ``lemmas`` and form, unless one cue
        of the chosen kind weighs ``firm`` or more («кто додумался…?» is a complaint, whatever the
        words of questions around it)."""
        marks = notice_marks(text) if self.notice or model is not None else None
        proposed = proposes(text) if self.proposal or model is not None else False
        scores, why = self.score(hits, text, tokens, start, marks, proposed)
        decision = self.choose(scores, why)
        firm = self.firm.get(decision.kind)
        if model is None or (firm and any(h.rule.code == decision.kind and h.weight >= firm for h in hits)) or (
                decision.kind == "complaint" and STATED_THEN_ASKED in why.get("complaint", ())):
            return decision
        # the kinds the rules chose among, and those a rule ruled out (a negative score stays, so that
        # the weights cannot bring back «спасибо» in «Спасибо за ответ, а когда дорогу починят?»)
        counted = {k: s for k, s in scores.items() if s >= self.min_score or s < 0}
        if not any(s >= self.min_score for s in counted.values()):
            counted[self.default] = self.min_score
        learned = model.revise(counted, kind_features(lemmas, text, marks, proposed, tokens), self.priority,
                               keep=decision.kind)
        if learned is None:
            return decision
        return KindDecision(learned.code, (learned.label(), *why.get(learned.code, ())))

    def choose(self, scores: Mapping[str, float], why: Mapping[str, Sequence[str]]) -> KindDecision:
        """The kind of the highest score reaching ``min_score`` (a tie to the earlier in ``priority``),
        or ``default``."""
        positive = {k: s for k, s in scores.items() if s >= self.min_score}
        if not positive:
            return KindDecision(self.default, (f"kind:{self.default}:default",))
        best = max(positive, key=lambda k: (positive[k], -self.priority.index(k)))
        return KindDecision(best, tuple(why[best]))

    def score(self, hits: Sequence[Hit], text: str, tokens: Sequence[str] = (), start: int = 0,
              marks: Mapping[str, bool] | None = None,
              proposed: bool | None = None) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Each kind's score and the rules behind it (see ``decide``); ``marks``: the text's notice
        marks (classifier/notice.py) and ``proposed``: whether it proposes with «может», when read already."""
        if tokens and "?" in text and any(h.rule.code == "info" for h in hits):
            # an announcement's word asked about announces nothing
            hits = [h for h in hits if h.rule.code != "info" or not asked_only(text, tokens[h.position])]
        scores, why = tally(hits, GROUP)
        if self.lead:
            limit = start + LEAD_WORDS
            for code in {h.rule.code for h in hits if h.position < limit and h.weight > 0}:
                weight = self.lead.get(code, 0.0)
                if weight and scores[code] > 0:  # «Спасибо заранее, …» opens a request, not thanks
                    scores[code] += weight
                    why[code].append(f"kind:{code}:form=opens the message")
        if self.proposal and (proposes(text) if proposed is None else proposed):
            scores["suggestion"] = scores.get("suggestion", 0.0) + self.proposal
            why.setdefault("suggestion", []).append("kind:suggestion:form=может + infinitive")
        weight, below = self.stated_question
        if ("?" in text and weight and scores.get("question", 0.0) < below and scores.get("suggestion", 0.0) < below
                and stated_then_asked(text)):
            scores["complaint"] = scores.get("complaint", 0.0) + weight
            why.setdefault("complaint", []).append(STATED_THEN_ASKED)
        elif "?" in text and self.question_mark:
            scores["question"] = scores.get("question", 0.0) + self.question_mark
            why.setdefault("question", []).append("kind:question:punctuation=?")
        if self.notice:
            for mark, present in (notice_marks(text) if marks is None else marks).items():
                weight = self.notice.get(mark, 0.0)
                if present and weight:
                    scores["info"] = scores.get("info", 0.0) + weight
                    why.setdefault("info", []).append(f"kind:info:notice={mark}")
        return scores, why
