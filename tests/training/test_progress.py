from training.progress import ModuleOutline, Step, course_progress

OUTLINE = [ModuleOutline(1, (11, 12), has_check=True), ModuleOutline(2, (21, 22, 23), has_check=False)]


def test_nothing_done_starts_at_the_first_lesson():
    progress = course_progress(OUTLINE, [], [])
    assert progress.percent == 0
    assert (progress.next_step.kind, progress.next_step.lesson_id) == ("lesson", 11)
    assert not progress.started


def test_resume_after_two_lessons_goes_to_lesson_three_past_an_untried_practice_check():
    progress = course_progress(OUTLINE, [11, 12], [])
    assert (progress.next_step.kind, progress.next_step.lesson_id) == ("lesson", 21)
    assert progress.done == 2 and progress.total == 6
    assert progress.percent == 33
    assert course_progress(OUTLINE, [11, 12, 21, 22, 23], []).next_step == Step("check", 1)  # last left


def test_an_assessed_check_is_the_next_step_in_course_order_and_opens_after_its_lessons():
    outline = [ModuleOutline(1, (11, 12), has_check=True, assessed=True), OUTLINE[1]]
    assert course_progress(outline, [11], []).module(1).check_open is False
    progress = course_progress(outline, [11, 12], [])
    assert progress.next_step == Step("check", 1) and progress.module(1).check_open
    assert course_progress(OUTLINE, [], []).module(1).check_open  # practice: open at any time


def test_resume_at_the_first_lesson_not_done_even_if_later_ones_are():
    progress = course_progress(OUTLINE, [11, 12, 22], [1])
    assert progress.next_step.lesson_id == 21


def test_complete_needs_every_lesson_and_every_check():
    assert not course_progress(OUTLINE, [11, 12, 21, 22, 23], []).complete
    done = course_progress(OUTLINE, [11, 12, 21, 22, 23], [1])
    assert done.complete and done.percent == 100 and done.next_step is None
    assert all(m.complete for m in done.modules)


def test_deleted_lessons_drop_out_of_the_percentage():
    # Lesson 99 was deleted: it is not in the outline, so it counts for nothing.
    progress = course_progress(OUTLINE, [11, 99], [7])
    assert progress.done == 1
    assert progress.done_lessons == frozenset({11})
    assert progress.passed_checks == frozenset()


def test_an_empty_course_is_not_complete():
    assert not course_progress([], [], []).complete
    assert course_progress([], [], []).percent == 0
