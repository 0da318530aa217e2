"""A learner's training records for their data export (registered with the kernel's exporter)."""

from .models import Attempt, Certificate, Enrolment, LessonProgress


def export_training(user) -> dict:
    return {
        "enrolments": [
            {"course": e.course.title, "enrolled_at": e.enrolled_at.isoformat(),
             "completed_at": e.completed_at.isoformat() if e.completed_at else None}
            for e in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at")
        ],
        "lessons_done": [
            {"lesson": p.lesson.title, "completed_at": p.completed_at.isoformat()}
            for p in LessonProgress.objects.filter(user=user).select_related("lesson").order_by("completed_at")
        ],
        "check_attempts": [
            {"module": a.module.title, "submitted_at": a.submitted_at.isoformat(), "score_percent": a.score,
             "passed": a.passed,
             "answers": [{"question": x.question_text, "selected": x.selected, "score": x.score}
                         for x in a.answers.all()]}
            for a in Attempt.objects.filter(user=user, status="submitted").select_related("module")
            .prefetch_related("answers").order_by("submitted_at")
        ],
        "certificates": [
            {"number": c.number, "course": c.course_title, "cpd_hours": str(c.cpd_hours),
             "issued_at": c.issued_at.isoformat(), "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None}
            for c in Certificate.objects.filter(user=user).order_by("issued_at")
        ],
    }
