"""Learning records on top of the page tree: course structure, enrolment, progress, completion.

Views and page models call these; the arithmetic lives in `progress.py`. A course's structure
and a learner's progress each take a fixed number of queries, however many lessons there are.
Pages are reached through the page passed in (its modules, lessons and course), so this module
imports the records and not the pages that call it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone

from portal.generations import Generation

from . import progress as progress_rules
from .certificates import issue_certificate
from .records import Attempt, Enrolment, LessonProgress

STEPLEN = 4  # treebeard's path step used by Wagtail
STRUCTURE_GENERATION = Generation("training:structure-generation")
CACHE_VERSION = 2  # raised when the cached dataclasses change shape
CACHE_SECONDS = 60 * 60


@dataclass
class CourseInfo:
    id: int
    title: str
    url: str


@dataclass
class ModuleInfo:
    id: int
    title: str
    url: str
    check_url: str
    summary: str
    has_check: bool
    is_assessed: bool
    pass_mark: int
    max_attempts: int


@dataclass
class LessonInfo:
    id: int
    title: str
    url: str
    module_id: int
    estimated_minutes: int
    preview_allowed: bool

    @property
    def pk(self) -> int:
        return self.id


@dataclass
class Structure:
    course: CourseInfo
    modules: list[ModuleInfo]
    lessons: list[LessonInfo]
    outline: list[progress_rules.ModuleOutline]


def forget_structures(**_kwargs) -> None:
    """Invalidate every cached course structure (connected to page save, publish, move, delete)."""
    STRUCTURE_GENERATION.bump()


def _build_structure(course) -> Structure:
    modules = list(course.live_modules())
    module_by_path = {m.path: m for m in modules}
    lessons = []
    for lesson in course.live_lessons():
        module = module_by_path.get(lesson.path[:-STEPLEN])
        if module is None:  # under an unpublished module
            continue
        lessons.append(LessonInfo(lesson.id, lesson.title, lesson.get_url(), module.id, lesson.estimated_minutes,
                                  lesson.preview_allowed))
    infos = [
        ModuleInfo(m.id, m.title, m.get_url(), m.check_url(), m.summary, m.has_check, m.is_assessed, m.pass_mark,
                   m.max_attempts)
        for m in modules
    ]
    outline = [
        progress_rules.ModuleOutline(
            id=m.id, lesson_ids=tuple(lesson.id for lesson in lessons if lesson.module_id == m.id),
            has_check=m.has_check, assessed=m.is_assessed,
        )
        for m in infos
    ]
    return Structure(CourseInfo(course.id, course.title, course.get_url()), infos, lessons, outline)


def course_structure(course=None, *, path: str | None = None, find_course=None) -> Structure | None:
    """Live modules and lessons of a course (given as a page, or as its tree path and a function
    that finds the page when the structure is not cached), in tree order.

    Cached until any training page is saved, published, moved or deleted; three queries when not."""
    path = path or course.path
    key = f"training:structure:v{CACHE_VERSION}:{STRUCTURE_GENERATION.current()}:{path}"
    structure = cache.get(key)
    if structure is None or (course is not None and structure.course.id != course.id):
        course = course or find_course()
        if course is None:
            return None
        structure = _build_structure(course)
        cache.set(key, structure, CACHE_SECONDS)
    return structure


def learner_progress(user, course=None, structure: Structure | None = None) -> progress_rules.CourseProgress:
    """The learner's progress on a course (give the course, or its structure if already loaded)."""
    structure = structure or course_structure(course)
    if not user.is_authenticated:
        return progress_rules.course_progress(structure.outline, (), ())
    course_id = structure.course.id
    # Lessons done and checks passed in one query: (0, lesson id) and (1, module id) rows.
    lessons = LessonProgress.objects.filter(user=user, course_id=course_id).annotate(kind=Value(0))
    checks = Attempt.objects.filter(user=user, course_id=course_id, passed=True).annotate(kind=Value(1))
    rows = lessons.values_list("kind", "lesson_id").union(checks.values_list("kind", "module_id"), all=True)
    done, passed = [], []
    for kind, item_id in rows:
        (passed if kind else done).append(item_id)
    return progress_rules.course_progress(structure.outline, done, passed)


def enrol(user, course=None, *, course_id: int | None = None):
    """The learner's enrolment on the course, created if need be: only when they choose to start it
    or record progress on it, never by opening a page."""
    course_id = course_id or course.id
    enrolment = Enrolment.objects.filter(user=user, course_id=course_id).first()
    if enrolment is None:
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(user=user, course_id=course_id)
        except IntegrityError:  # two tabs enrolled at once
            enrolment = Enrolment.objects.get(user=user, course_id=course_id)
        enrolment.just_created = True
    return enrolment


def enrolment_of(user, course_id: int):
    """The learner's enrolment on the course, or None: looking never enrols."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course_id=course_id).first()


def next_url(structure: Structure, course_progress) -> str | None:
    step = course_progress.next_step
    if step is None:
        return None
    if step.kind == "lesson":
        lesson = next((item for item in structure.lessons if item.id == step.lesson_id), None)
        return lesson.url if lesson else None
    module = next((m for m in structure.modules if m.id == step.module_id), None)
    return module.check_url if module else None


def resume_url(user, course) -> str | None:
    """Where the learner picks the course up (their next lesson or check), or None when nothing is left."""
    structure = course_structure(course)
    return next_url(structure, learner_progress(user, course, structure))


def learner_view_of_course(user, course=None, *, structure=None) -> dict:
    structure = structure or course_structure(course)
    course_progress = learner_progress(user, structure=structure)
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
        "resume_url": next_url(structure, course_progress),
    }


def learner_view_of_lesson(user, lesson) -> dict:
    # A lesson sits two levels below its course, so the course's tree path is a prefix of its own.
    structure = course_structure(path=lesson.path[: -2 * STEPLEN], find_course=lesson.course)
    context = learner_view_of_course(user, structure=structure)
    lessons = context["lessons"]
    modules = {m.id: m for m in context["modules"]}
    index = next((i for i, item in enumerate(lessons) if item.id == lesson.id), None)
    here = lessons[index] if index is not None else None
    context.update(
        course=structure.course,
        module=modules.get(here.module_id) if here else None,
        lesson_done=bool(here and here.done),
        previous_lesson=lessons[index - 1] if index else None,
        next_lesson=lessons[index + 1] if index is not None and index + 1 < len(lessons) else None,
        position=(index + 1) if index is not None else None,
        can_read=user.is_authenticated or lesson.preview_allowed,
    )
    return context


def mark_lesson_done(user, lesson):
    """Record a finished lesson (idempotent) and complete the course if that was the last step."""
    course = lesson.course()
    enrol(user, course)
    try:
        with transaction.atomic():
            LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"course": course})
    except IntegrityError:  # the same form sent twice at once: one record is enough
        pass
    return complete_if_finished(user, course)


def complete_if_finished(user, course):
    """Mark the enrolment complete and issue the certificate, once. Returns the certificate or None."""
    structure = course_structure(course)
    if not learner_progress(user, course, structure).complete:
        return None
    enrolment = enrol(user, course)
    newly = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=timezone.now())
    if not newly:
        return None
    return issue_certificate(user, course)
