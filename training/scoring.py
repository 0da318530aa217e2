"""Knowledge-check scoring: plain functions, no Django.

A check is a list of `Question`s. A learner's submission maps question ids to the answer ids
they chose. `validate` says what is wrong with a submission (missing answers, ids that do not
belong to this check); `score` marks a valid one. Correct answers only ever leave this module in
a `Result`, which views show after submission.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)


@dataclass(frozen=True)
class Answer:
    id: str
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    text: str
    answers: tuple[Answer, ...]

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.answers if a.correct)

    @property
    def answer_ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.answers)

    @property
    def allows_many(self) -> bool:
        return self.kind == MULTIPLE


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    selected: tuple[str, ...]
    score: float  # 0.0 – 1.0

    @property
    def correct(self) -> bool:
        return self.score >= 1.0


@dataclass(frozen=True)
class Result:
    questions: tuple[QuestionResult, ...]
    percent: int
    passed: bool

    @property
    def correct_count(self) -> int:
        return sum(1 for q in self.questions if q.correct)


@dataclass
class Problems:
    """What is wrong with a submission; empty means it can be scored."""

    missing: list[str] = field(default_factory=list)  # question ids with no answer
    too_many: list[str] = field(default_factory=list)  # single-answer questions with several
    foreign: bool = False  # question or answer ids that are not part of this check

    def __bool__(self) -> bool:
        return bool(self.missing or self.too_many or self.foreign)


def validate(questions: Sequence[Question], submitted: Mapping[str, Iterable[str]]) -> Problems:
    problems = Problems()
    by_id = {q.id: q for q in questions}
    if set(submitted) - set(by_id):
        problems.foreign = True
    for question in questions:
        chosen = list(dict.fromkeys(submitted.get(question.id, ())))
        if not chosen:
            problems.missing.append(question.id)
            continue
        if not set(chosen) <= question.answer_ids:
            problems.foreign = True
        if len(chosen) > 1 and not question.allows_many:
            problems.too_many.append(question.id)
    return problems


def score_question(question: Question, selected: Iterable[str]) -> QuestionResult:
    """Single and true/false: right or wrong. Multiple: each right pick earns a share, each wrong
    pick takes one away, never below zero; full marks only for exactly the right set."""
    chosen = tuple(dict.fromkeys(s for s in selected if s in question.answer_ids))
    correct = question.correct_ids
    if not correct:
        value = 0.0
    elif question.allows_many:
        hits = sum(1 for s in chosen if s in correct)
        misses = len(chosen) - hits
        value = max(0.0, (hits - misses) / len(correct))
    else:
        value = 1.0 if len(chosen) == 1 and chosen[0] in correct else 0.0
    return QuestionResult(question=question, selected=chosen, score=round(value, 4))


def percent_of(scores: Iterable[float], count: int) -> int:
    if count <= 0:
        return 0
    # Round half up so that 69.5% shows as 70% and a learner on the boundary is not short-changed.
    return int(sum(scores) * 100 / count + 0.5)


def score(questions: Sequence[Question], submitted: Mapping[str, Iterable[str]], pass_mark: int) -> Result:
    results = tuple(score_question(q, submitted.get(q.id, ())) for q in questions)
    percent = percent_of((r.score for r in results), len(results))
    return Result(questions=results, percent=percent, passed=bool(results) and percent >= pass_mark)


def band_feedback(bands: Iterable[tuple[int, str]], percent: int) -> str:
    """The message of the highest band whose minimum the score reaches ('' if none)."""
    message, best = "", -1
    for minimum, text in bands:
        if best < minimum <= percent:
            message, best = text, minimum
    return message


def shuffled_order(questions: Sequence[Question], rng: random.Random | None = None) -> list[list[str]]:
    """A fresh order for one attempt: [[question id, answer id, answer id, ...], ...].

    True/false questions keep True before False, which readers expect."""
    rng = rng or random.SystemRandom()
    order = []
    for question in rng.sample(list(questions), k=len(questions)):
        answer_ids = [a.id for a in question.answers]
        if question.kind != TRUE_FALSE:
            rng.shuffle(answer_ids)
        order.append([question.id, *answer_ids])
    return order


def apply_order(questions: Sequence[Question], order: Sequence[Sequence[str]]) -> list[Question]:
    """The questions in a stored attempt order. Questions added since go last; removed ones vanish."""
    by_id = {q.id: q for q in questions}
    ordered, seen = [], set()
    for row in order:
        if not row or row[0] not in by_id or row[0] in seen:
            continue
        question = by_id[row[0]]
        seen.add(question.id)
        rank = {aid: i for i, aid in enumerate(row[1:])}
        answers = sorted(question.answers, key=lambda a: rank.get(a.id, len(rank)))
        ordered.append(Question(question.id, question.kind, question.text, tuple(answers)))
    ordered.extend(q for q in questions if q.id not in seen)
    return ordered
