"""Knowledge checks: show an attempt, take one submission for it, show the result.

The rules (opening, scoring and closing attempts) are in `training/attempts.py`; these views
read the request, call it, and render or redirect.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .. import attempts, scoring

FIELD_PREFIX = "q-"


def _parse_answers(post) -> dict[str, list[str]]:
    answers = {}
    for key in post:
        if key.startswith(FIELD_PREFIX):
            answers[key[len(FIELD_PREFIX):]] = [v for v in post.getlist(key) if v][:20]
    return answers


def _context(module, course, **extra):
    return {"page": module, "module": module, "course": course, "self": module, **extra}


def _form(request, check, attempt, errors=(), selected=None):
    """The check's form for this attempt, in its order, with any problems beside their questions."""
    selected = selected or {}
    messages_by_question = {qid: text for qid, text in errors if qid}
    items = [
        {
            "question": q,
            "number": i,
            "error": messages_by_question.get(q.id),
            "answers": [(a, a.id in selected.get(q.id, ())) for a in q.answers],
        }
        for i, q in enumerate(scoring.apply_order(check.questions, attempt.order), start=1)
    ]
    # the summary lists problems in page order: the form's own first, then each question as numbered
    summary_errors = [("", text) for qid, text in errors if not qid] + [
        (f"question-{item['question'].id}", item["error"]) for item in items if item["error"]]
    context = _context(
        check.module, check.course, attempt=attempt, items=items, errors=list(errors),
        summary_errors=summary_errors, used=check.used, remaining=check.remaining,
    )
    return TemplateResponse(request, "training/check.html", context, status=400 if errors else 200)


def _instead_of_the_form(request, check):
    """Where the learner goes when the check is not theirs to take now, or None when it is."""
    module, course = check.module, check.course
    if check.already_passed:
        messages.info(request, "You have already passed this check.")
        return redirect(module.result_url(check.last_pass.token))
    locked = attempts.locked(request.user, module, course)
    if locked is not None:
        return TemplateResponse(request, "training/check_locked.html", _context(
            module, course, unfinished=locked.unfinished, progress=locked.progress))
    if check.out_of_attempts:
        return TemplateResponse(request, "training/check_closed.html", _context(module, course, used=check.used))
    return None


def check_view(request, module):
    if not module.has_check or not len(module.questions):
        raise Http404("This module has no knowledge check.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    user = request.user
    check = attempts.standing(user, module)
    instead = _instead_of_the_form(request, check)
    if instead is not None:
        return instead
    if request.method != "POST":
        return _form(request, check, attempts.open_or_resume(user, module, course=check.course,
                                                             questions=check.questions))
    attempt = attempts.find(request.POST.get("attempt"), user, module)
    if attempt is None:
        messages.error(request, "That form did not belong to this knowledge check, so nothing was recorded. "
                                "Please answer the questions below.")
        return redirect(module.check_url())
    outcome = attempts.submit(attempt, _parse_answers(request.POST), check)
    if outcome.errors:
        return _form(request, check, attempt, outcome.errors, outcome.selected)
    if outcome.replayed:
        messages.info(request, "You had already submitted those answers; nothing more was recorded.")
    if outcome.certificate is not None:
        messages.success(request, f"You have completed {check.course.title}. Your certificate is ready.")
    return redirect(module.result_url(attempt.token))


def result_view(request, module, token):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attempt = attempts.find_result(token, request.user, module)
    if attempt is None:
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
    used = attempts.submitted_attempts(request.user, module).count()
    passed_later = None
    if module.is_assessed and not attempt.passed:
        passed_later = attempts.first_pass(request.user, module)
    context = _context(
        module, course, attempt=attempt, rows=rows,
        band_message=scoring.band_feedback(module.bands(), attempt.score or 0),
        reveal=not attempt.assessed,
        can_retry=not module.is_assessed or (not attempt.passed and passed_later is None
                                             and used < module.max_attempts),
        passed_later=passed_later,
        passed_later_url=module.result_url(passed_later.token) if passed_later else None,
        remaining=(module.max_attempts - used) if module.is_assessed else None,
        practice=not attempt.assessed,
    )
    return TemplateResponse(request, "training/check_result.html", context)
