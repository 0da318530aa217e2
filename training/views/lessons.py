from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect

from ..learning import course_structure, enrol, learner_progress, mark_lesson_done, next_url


def start_course_view(request, course):
    """'Start this course': the one place a learner enrols by choice (a POST, so a link never does)."""
    if request.method != "POST":
        return redirect(course.url)
    if not request.user.is_authenticated:
        return redirect_to_login(course.url)
    enrolment = enrol(request.user, course)
    if getattr(enrolment, "just_created", False):
        messages.success(request, f"You have started {course.title}. Your progress is saved as you go.")
    structure = course_structure(course)
    return redirect(next_url(structure, learner_progress(request.user, course, structure)) or course.url)


def mark_done_view(request, lesson):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    certificate = mark_lesson_done(request.user, lesson)
    if certificate is not None:
        messages.success(request, f"You have completed {certificate.course_title}. Your certificate is ready.")
        return redirect("training_dashboard")
    messages.success(request, f"“{lesson.title}” is marked as done.")
    from ..learning import learner_view_of_lesson

    context = learner_view_of_lesson(request.user, lesson)
    return redirect(context["resume_url"] or context["course"].url)
