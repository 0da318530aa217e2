"""Course progress and where to resume: plain functions over a course outline, no Django.

Units of progress are lessons and knowledge checks. A module is complete when every lesson is
marked done and its check (if it has one) is passed; a course when every module is complete.
Lessons that no longer exist are simply not in the outline, so they drop out of the percentage.

The next step follows the order the course shows, lessons and assessed checks alike; a practice
check is optional along the way (lesson 3 follows lesson 2 even if module 1's practice check is
untried) and becomes the next step only when nothing else is left. An assessed check opens once
every lesson of its module is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ModuleOutline:
    id: int
    lesson_ids: tuple[int, ...]
    has_check: bool
    assessed: bool = False


@dataclass(frozen=True)
class Step:
    kind: str  # "lesson" or "check"
    module_id: int
    lesson_id: int | None = None


@dataclass(frozen=True)
class ModuleProgress:
    module_id: int
    lessons_done: int
    lessons_total: int
    has_check: bool
    check_passed: bool
    assessed: bool = False

    @property
    def lessons_complete(self) -> bool:
        return self.lessons_done == self.lessons_total

    @property
    def check_open(self) -> bool:
        """A practice check can be tried at any time; an assessed one once the module's lessons are done."""
        return self.has_check and (not self.assessed or self.lessons_complete)

    @property
    def complete(self) -> bool:
        return self.lessons_complete and (self.check_passed or not self.has_check)


@dataclass(frozen=True)
class CourseProgress:
    done: int
    total: int
    modules: tuple[ModuleProgress, ...]
    next_step: Step | None
    started: bool
    done_lessons: frozenset[int] = frozenset()
    passed_checks: frozenset[int] = frozenset()

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    def module(self, module_id: int) -> ModuleProgress | None:
        return next((m for m in self.modules if m.module_id == module_id), None)


def course_progress(
    outline: Sequence[ModuleOutline], done_lessons: Iterable[int], passed_checks: Iterable[int]
) -> CourseProgress:
    done_lessons, passed_checks = set(done_lessons), set(passed_checks)
    done = total = 0
    modules, next_step, optional_step = [], None, None
    for module in outline:
        lessons_done = sum(1 for lesson in module.lesson_ids if lesson in done_lessons)
        check_passed = module.has_check and module.id in passed_checks
        modules.append(ModuleProgress(
            module.id, lessons_done, len(module.lesson_ids), module.has_check, check_passed, module.assessed,
        ))
        total += len(module.lesson_ids) + (1 if module.has_check else 0)
        done += lessons_done + (1 if check_passed else 0)
        if next_step is None:
            pending = next((lesson for lesson in module.lesson_ids if lesson not in done_lessons), None)
            if pending is not None:
                next_step = Step("lesson", module.id, pending)
            elif module.has_check and not check_passed:
                if module.assessed:
                    next_step = Step("check", module.id)
                elif optional_step is None:
                    optional_step = Step("check", module.id)
    next_step = next_step or optional_step
    in_outline = {lesson for module in outline for lesson in module.lesson_ids}
    checks = {module.id for module in outline if module.has_check}
    started = bool(done_lessons or passed_checks)
    return CourseProgress(
        done, total, tuple(modules), next_step, started,
        frozenset(done_lessons & in_outline), frozenset(passed_checks & checks),
    )
