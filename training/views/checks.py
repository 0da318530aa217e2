"""Knowledge checks: show an attempt, take one submission for it, show the result.

An attempt is opened when the form is shown (with its own shuffled order and a token in the
form) and closed by the first submission that carries that token. A replayed or concurrent
submission finds it closed and changes nothing.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from .. import scoring
from ..learning import complete_if_finished, course_structure, enrol, learner_progress
from ..models import Attempt, AttemptAnswer

FIELD_PREFIX = "q-"


def _submitted_count(user, module) -> int:
    return Attempt.objects.filter(user=user, module=module, status=Attempt.Status.SUBMITTED).count()


def _open_attempt(user, module, course, questions):
    attempt = Attempt.objects.filter(user=user, module=module, status=Attempt.Status.OPEN).first()
    if attempt is not None:
        return attempt
    try:
        with transaction.atomic():
            return Attempt.objects.create(
                user=user, module=module, course=course, assessed=module.is_assessed,
                order=scoring.shuffled_order(questions),
            )
    except IntegrityError:  # opened by another tab at the same moment
        return Attempt.objects.get(user=user, module=module, status=Attempt.Status.OPEN)


def _load_attempt(token, user, module):
    return Attempt.objects.filter(token=token, user=user, module=module).first()


def _parse_answers(post) -> dict[str, list[str]]:
    answers = {}
    for key in post:
        if key.startswith(FIELD_PREFIX):
            answers[key[len(FIELD_PREFIX):]] = [v for v in post.getlist(key) if v][:20]
    return answers


def _context(module, course, **extra):
    return {"page": module, "module": module, "course": course, "self": module, **extra}


def _locked_context(user, module, course):
    """The page's context when the check is not open yet (an assessed check before the lessons), else None."""
    structure = course_structure(course)
    course_progress = learner_progress(user, course, structure)
    progress = course_progress.module(module.id)
    if progress is None or progress.check_open:
        return None
    unfinished = [lesson for lesson in structure.lessons
                  if lesson.module_id == module.id and lesson.id not in course_progress.done_lessons]
    return _context(module, course, unfinished=unfinished, progress=progress)


def check_view(request, module):
    if not module.has_check or not len(module.questions):
        raise Http404("This module has no knowledge check.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = module.course()
    questions = module.check_questions()
    user = request.user
    previous = Attempt.objects.filter(user=user, module=module, status=Attempt.Status.SUBMITTED)
    used = previous.count()
    best_passed = previous.filter(passed=True).order_by("-submitted_at").first()
    if module.is_assessed and best_passed is not None:
        messages.info(request, "You have already passed this check.")
        return redirect(module.url + f"check/result/{best_passed.token}/")
    locked = _locked_context(user, module, course)
    if locked is not None:
        return TemplateResponse(request, "training/check_locked.html", locked)
    if module.is_assessed and used >= module.max_attempts:
        return TemplateResponse(request, "training/check_closed.html", _context(module, course, used=used), status=200)

    errors, selected = [], {}
    attempt = None
    if request.method == "POST":
        try:
            token = uuid.UUID(request.POST.get("attempt", ""))
        except ValueError:
            token = None
        attempt = _load_attempt(token, user, module) if token else None
        if attempt is None:
            messages.error(request, "That form did not belong to this knowledge check, so nothing was recorded. "
                                    "Please answer the questions below.")
            return redirect(module.url + "check/")
        if attempt.status == Attempt.Status.SUBMITTED:
            messages.info(request, "You had already submitted those answers; nothing more was recorded.")
            return redirect(module.url + f"check/result/{attempt.token}/")
        selected = _parse_answers(request.POST)
        problems = scoring.validate(questions, selected)
        if problems.foreign:
            errors.append(("", "Some answers did not match this check's questions, so nothing was recorded. "
                               "Please check your answers and submit again."))
            selected = {qid: ids for qid, ids in selected.items() if qid in {q.id for q in questions}}
        numbers = {q.id: i for i, q in enumerate(scoring.apply_order(questions, attempt.order), start=1)}
        for qid in problems.missing:
            errors.append((qid, f"Answer question {numbers[qid]}."))
        for qid in problems.too_many:
            errors.append((qid, f"Choose only one answer for question {numbers[qid]}."))
        if not errors:
            result = scoring.score(questions, selected, module.pass_mark)
            with transaction.atomic():
                closed = Attempt.objects.filter(pk=attempt.pk, status=Attempt.Status.OPEN).update(
                    status=Attempt.Status.SUBMITTED, submitted_at=timezone.now(), score=result.percent,
                    passed=result.passed, number=used + 1,
                )
                if closed:
                    AttemptAnswer.objects.bulk_create(
                        AttemptAnswer(attempt=attempt, question_id=r.question.id, question_text=r.question.text,
                                      selected=list(r.selected), score=r.score)
                        for r in result.questions
                    )
            if closed:  # taking a check is taking the course (opening the page is not)
                enrol(user, course)
            if closed and result.passed:
                if complete_if_finished(user, course) is not None:
                    messages.success(request, f"You have completed {course.title}. Your certificate is ready.")
            return redirect(module.url + f"check/result/{attempt.token}/")
    if attempt is None:
        attempt = _open_attempt(user, module, course, questions)
    ordered = scoring.apply_order(questions, attempt.order)
    messages_by_question = {qid: text for qid, text in errors if qid}
    items = [
        {
            "question": q,
            "number": i,
            "error": messages_by_question.get(q.id),
            "answers": [(a, a.id in selected.get(q.id, ())) for a in q.answers],
        }
        for i, q in enumerate(ordered, start=1)
    ]
    # the summary lists problems in page order: the form's own first, then each question as numbered
    summary_errors = [("", text) for qid, text in errors if not qid] + [
        (f"question-{item['question'].id}", item["error"]) for item in items if item["error"]]
    context = _context(
        module, course, attempt=attempt, items=items, errors=errors, summary_errors=summary_errors, used=used,
        remaining=(module.max_attempts - used) if module.is_assessed else None,
    )
    return TemplateResponse(request, "training/check.html", context, status=400 if errors else 200)


def result_view(request, module, token):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = Attempt.objects.filter(
        token=token, user=request.user, module=module, status=Attempt.Status.SUBMITTED
    ).first()
    if attempt is None:  # someone else's attempt looks exactly like a missing one
        raise Http404("No such result.")
    course = module.course()
    questions = {q.id: q for q in module.check_questions()}
    rows = []
    for answer in attempt.answers.order_by("pk"):
        question = questions.get(answer.question_id)
        if question is None:  # removed from the check since
            rows.append({"text": answer.question_text, "correct": answer.score >= 1, "removed": True})
            continue
        rows.append({
            "text": question.text,
            "question": question,
            "correct": answer.score >= 1,
            "partial": 0 < answer.score < 1,
            "selected": set(answer.selected),
        })
    used = _submitted_count(request.user, module)
    passed_later = None
    if module.is_assessed and not attempt.passed:
        passed_later = Attempt.objects.filter(
            user=request.user, module=module, status=Attempt.Status.SUBMITTED, passed=True
        ).order_by("submitted_at").first()
    context = _context(
        module, course, attempt=attempt, rows=rows,
        band_message=scoring.band_feedback(module.bands(), attempt.score or 0),
        reveal=not attempt.assessed,
        can_retry=not module.is_assessed or (not attempt.passed and passed_later is None
                                             and used < module.max_attempts),
        passed_later=passed_later,
        remaining=(module.max_attempts - used) if module.is_assessed else None,
        practice=not attempt.assessed,
    )
    return TemplateResponse(request, "training/check_result.html", context)
