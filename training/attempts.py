"""A learner's attempts at a module's knowledge check: opening, scoring and closing them.

An attempt is opened when the form is shown (with its own shuffled order, and its token in the
form) and closed by the first submission that carries that token. A replayed or concurrent
submission finds it closed and records nothing. Attempts do not expire: an open one is resumed
whenever the learner comes back to the check, until it is submitted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import scoring
from .learning import complete_if_finished, course_structure, enrol, learner_progress
from .records import Attempt, AttemptAnswer

OPEN, SUBMITTED = Attempt.Status.OPEN, Attempt.Status.SUBMITTED


@dataclass
class Standing:
    """Where the learner stands on a module's check, before this request changes anything."""

    user: object
    module: object
    course: object
    questions: list[scoring.Question]
    used: int  # attempts submitted so far
    last_pass: Attempt | None  # the latest attempt that passed

    @property
    def already_passed(self) -> bool:
        """An assessed check is taken until it is passed, then no more."""
        return self.module.is_assessed and self.last_pass is not None

    @property
    def out_of_attempts(self) -> bool:
        return self.module.is_assessed and self.used >= self.module.max_attempts

    @property
    def remaining(self) -> int | None:
        return (self.module.max_attempts - self.used) if self.module.is_assessed else None


@dataclass
class Locked:
    """An assessed check before the module's lessons are done: what is left to do first."""

    progress: object
    unfinished: list


@dataclass
class Outcome:
    """What one submission did. Nothing is recorded unless `recorded`."""

    attempt: Attempt
    recorded: bool = False  # this submission closed the attempt and stored its answers
    replayed: bool = False  # the attempt was already submitted: nothing more was recorded
    errors: list[tuple[str, str]] = field(default_factory=list)  # (question id or "", message)
    selected: dict[str, list[str]] = field(default_factory=dict)  # the answers to show again
    result: scoring.Result | None = None
    certificate: object = None  # issued because this submission completed the course


def standing(user, module) -> Standing:
    course = module.course()
    questions = module.check_questions()
    previous = submitted_attempts(user, module)
    used = previous.count()
    last_pass = previous.filter(passed=True).order_by("-submitted_at").first()
    return Standing(user, module, course, questions, used, last_pass)


def submitted_attempts(user, module):
    return Attempt.objects.filter(user=user, module=module, status=SUBMITTED)


def locked(user, module, course) -> Locked | None:
    """Why the check is not open to the learner yet, or None when it is."""
    structure = course_structure(course)
    course_progress = learner_progress(user, course, structure)
    progress = course_progress.module(module.id)
    if progress is None or progress.check_open:
        return None
    unfinished = [lesson for lesson in structure.lessons
                  if lesson.module_id == module.id and lesson.id not in course_progress.done_lessons]
    return Locked(progress, unfinished)


def open_or_resume(user, module, *, course=None, questions=None) -> Attempt:
    """The learner's open attempt at the check, opened now (with a new shuffled order) if there is none."""
    attempt = Attempt.objects.filter(user=user, module=module, status=OPEN).first()
    if attempt is not None:
        return attempt
    course = course or module.course()
    questions = module.check_questions() if questions is None else questions
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, module=module, course=course, assessed=module.is_assessed,
                order=scoring.shuffled_order(questions),
            )
    except IntegrityError:  # opened by another tab at the same moment
        return Attempt.objects.get(user=user, module=module, status=OPEN)


def find(token, user, module) -> Attempt | None:
    """The learner's attempt at this module with the token a form carried (open or not), else None."""
    try:
        token = uuid.UUID(str(token or ""))
    except ValueError:
        return None
    return Attempt.objects.filter(token=token, user=user, module=module).first()


def find_result(token, user, module) -> Attempt | None:
    """A submitted attempt of the learner's; someone else's looks exactly like a missing one."""
    return submitted_attempts(user, module).filter(token=token).first()


def first_pass(user, module) -> Attempt | None:
    return submitted_attempts(user, module).filter(passed=True).order_by("submitted_at").first()


def problems(questions, attempt, selected) -> tuple[list[tuple[str, str]], dict[str, list[str]]]:
    """What stops these answers being scored, numbered as the attempt showed the questions,
    and the answers that belong to the check (to show in the form again)."""
    errors = []
    found = scoring.validate(questions, selected)
    if found.foreign:
        errors.append(("", "Some answers did not match this check's questions, so nothing was recorded. "
                           "Please check your answers and submit again."))
        selected = {qid: ids for qid, ids in selected.items() if qid in {q.id for q in questions}}
    numbers = {q.id: i for i, q in enumerate(scoring.apply_order(questions, attempt.order), start=1)}
    for qid in found.missing:
        errors.append((qid, f"Answer question {numbers[qid]}."))
    for qid in found.too_many:
        errors.append((qid, f"Choose only one answer for question {numbers[qid]}."))
    return errors, selected


def submit(attempt, answers: dict[str, list[str]], check: Standing) -> Outcome:
    """Score the answers and close the attempt with them, once.

    Incomplete or foreign answers record nothing and come back as errors. Closing the attempt
    enrols the learner (taking a check is taking the course); a pass may complete the course."""
    if attempt.status == SUBMITTED:
        return Outcome(attempt, replayed=True)
    errors, selected = problems(check.questions, attempt, answers)
    if errors:
        return Outcome(attempt, errors=errors, selected=selected)
    result = scoring.score(check.questions, selected, check.module.pass_mark)
    outcome = Outcome(attempt, selected=selected, result=result)
    outcome.recorded = close(attempt, result, number=check.used + 1)
    if outcome.recorded:
        enrol(check.user, check.course)
        if result.passed:
            outcome.certificate = complete_if_finished(check.user, check.course)
    return outcome


def close(attempt, result: scoring.Result, number: int) -> bool:
    """Record the result on the attempt if it is still open. False when another submission closed it first."""
    with transaction.atomic():
        closed = Attempt.objects.filter(pk=attempt.pk, status=OPEN).update(
            status=SUBMITTED, submitted_at=timezone.now(), score=result.percent, passed=result.passed,
            number=number,
        )
        if closed:
            AttemptAnswer.objects.bulk_create(
                AttemptAnswer(attempt=attempt, question_id=r.question.id, question_text=r.question.text,
                              selected=list(r.selected), score=r.score)
                for r in result.questions
            )
    return bool(closed)
