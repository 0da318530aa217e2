"""What a knowledge check's pages show: the answers read from its form, the form's questions
in the attempt's order with any problems beside them, and the result of a submitted attempt.

Plain context for the check's templates; `ModulePage`'s check routes render it. The rules
(opening, scoring and closing attempts) are in `training/attempts.py`.
"""

from __future__ import annotations

from . import attempts, scoring

FIELD_PREFIX = "q-"


def parse_answers(post) -> dict[str, list[str]]:
    """The chosen answer ids by question id, from the form's "q-<question id>" fields."""
    answers = {}
    for key in post:
        if key.startswith(FIELD_PREFIX):
            answers[key[len(FIELD_PREFIX):]] = [v for v in post.getlist(key) if v][:20]
    return answers


def check_context(module, course, **extra) -> dict:
    return {"page": module, "module": module, "course": course, "self": module, **extra}


def form_context(check: attempts.Standing, attempt, errors=(), selected=None) -> dict:
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
    return check_context(
        check.module, check.course, attempt=attempt, items=items, errors=list(errors),
        summary_errors=summary_errors, used=check.used, remaining=check.remaining,
    )


def result_context(user, module, attempt) -> dict:
    """A submitted attempt's result: each answer as marked, the band's feedback, and what may come next."""
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
    used = attempts.submitted_attempts(user, module).count()
    passed_later = None
    if module.is_assessed and not attempt.passed:
        passed_later = attempts.first_pass(user, module)
    return check_context(
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
