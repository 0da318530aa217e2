"""Learning records on top of the page tree: course structure, enrolment, progress, completion.

Views and page models call these; the arithmetic lives in `progress.py`. A course's structure
and a learner's progress each take a fixed number of queries, however many lessons there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import progress as progress_rules

STEPLEN = 4  # treebeard's path step used by Wagtail


@dataclass
class Structure:
    modules: list
    lessons: list
    outline: list[progress_rules.ModuleOutline]


def course_structure(course) -> Structure:
    """Live modules and lessons of a course in tree order: two queries."""
    from .models import LessonPage, ModulePage

    modules = list(ModulePage.objects.child_of(course).live().defer_streamfields().order_by("path"))
    module_by_path = {m.path: m for m in modules}
    lessons = []
    for lesson in LessonPage.objects.descendant_of(course).live().defer_streamfields().order_by("path"):
        module = module_by_path.get(lesson.path[:-STEPLEN])
        if module is None:  # under an unpublished module
            continue
        lesson.module_id = module.id
        lesson.module = module
        lessons.append(lesson)
    outline = [
        progress_rules.ModuleOutline(
            id=m.id, lesson_ids=tuple(lesson.id for lesson in lessons if lesson.module_id == m.id),
            has_check=m.has_check,
        )
        for m in modules
    ]
    return Structure(modules, lessons, outline)


def learner_progress(user, course, structure: Structure) -> progress_rules.CourseProgress:
    from .models import Attempt, LessonProgress

    if not user.is_authenticated:
        return progress_rules.course_progress(structure.outline, (), ())
    done = LessonProgress.objects.filter(user=user, course=course).values_list("lesson_id", flat=True)
    passed = Attempt.objects.filter(user=user, course=course, passed=True).values_list("module_id", flat=True)
    return progress_rules.course_progress(structure.outline, list(done), list(passed))


def enrol(user, course):
    """The learner's enrolment on the course, created on first visit."""
    from .models import Enrolment

    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(user=user, course=course)
        except IntegrityError:  # two tabs enrolled at once
            enrolment = Enrolment.objects.get(user=user, course=course)
        enrolment.just_created = True
    return enrolment


def next_url(structure: Structure, course_progress) -> str | None:
    step = course_progress.next_step
    if step is None:
        return None
    if step.kind == "lesson":
        lesson = next((item for item in structure.lessons if item.id == step.lesson_id), None)
        return lesson.url if lesson else None
    module = next((m for m in structure.modules if m.id == step.module_id), None)
    return module.url + "check/" if module else None


def learner_view_of_course(user, course, *, enrol_learner: bool = False) -> dict:
    structure = course_structure(course)
    enrolment = enrol(user, course) if (enrol_learner and user.is_authenticated) else None
    course_progress = learner_progress(user, course, structure)
    step = course_progress.next_step
    for module in structure.modules:
        module.progress = course_progress.module(module.id)
        module.check_is_next = bool(step and step.kind == "check" and step.module_id == module.id)
    for lesson in structure.lessons:
        lesson.done = lesson.id in course_progress.done_lessons
        lesson.is_next = bool(step and step.kind == "lesson" and step.lesson_id == lesson.id)
    return {
        "structure": structure,
        "modules": structure.modules,
        "lessons": structure.lessons,
        "progress": course_progress,
        "enrolment": enrolment,
        "resume_url": next_url(structure, course_progress),
    }


def learner_view_of_lesson(user, lesson) -> dict:
    from .models import CoursePage

    course = CoursePage.objects.ancestor_of(lesson).defer_streamfields().first()
    context = learner_view_of_course(user, course, enrol_learner=True)
    lessons = context["lessons"]
    index = next((i for i, item in enumerate(lessons) if item.id == lesson.id), None)
    here = lessons[index] if index is not None else None
    context.update(
        course=course,
        module=here.module if here else None,
        lesson_done=bool(here and here.done),
        previous_lesson=lessons[index - 1] if index else None,
        next_lesson=lessons[index + 1] if index is not None and index + 1 < len(lessons) else None,
        position=(index + 1) if index is not None else None,
        can_read=user.is_authenticated or lesson.preview_allowed,
    )
    return context


def mark_lesson_done(user, lesson):
    """Record a finished lesson (idempotent) and complete the course if that was the last step."""
    from .models import CoursePage, LessonProgress

    course = CoursePage.objects.ancestor_of(lesson).defer_streamfields().first()
    enrol(user, course)
    try:
        with transaction.atomic():
            LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})
    except IntegrityError:  # the same form sent twice at once: one record is enough
        pass
    return complete_if_finished(user, course)


def complete_if_finished(user, course):
    """Mark the enrolment complete and issue the certificate, once. Returns the certificate or None."""
    from .certificates import issue_certificate
    from .models import Enrolment

    structure = course_structure(course)
    if not learner_progress(user, course, structure).complete:
        return None
    enrolment = enrol(user, course)
    newly = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=timezone.now())
    if not newly:
        return None
    return issue_certificate(user, course)
