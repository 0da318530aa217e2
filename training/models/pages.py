"""TrainingIndexPage → CoursePage → ModulePage (with its knowledge check) → LessonPage.

The pages describe the content and route to their named sub-pages; a route method is the
sub-page's view: it reads the request, asks the services (`learning`, `attempts`, `check_forms`)
and renders or redirects."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal.accounts.models import Profile
from portal.blocks import BodyBlock
from portal.models import BasePage

from .. import attempts, check_forms, learning, scoring
from ..blocks import LessonBodyBlock, QuestionBlock, ScoreBandBlock
from ..catalogue import Audience, Level
from ..forms import CourseFilterForm
from ..referrals import learner_postcode, referral_search_url


class TypedChildRouteMixin:
    """Route to a child of the one page type allowed here in one query (Wagtail's default takes two)."""

    child_model_name: str = ""

    def route(self, request, path_components):
        if path_components:
            model = apps.get_model("training", self.child_model_name)
            child = model.objects.child_of(self).filter(slug=path_components[0]).first()
            if child is not None:
                child._cached_parent_obj = self
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class TrainingIndexPage(TypedChildRouteMixin, BasePage):
    search_section = "training"
    child_model_name = "CoursePage"

    def route(self, request, path_components):
        # course/module/lesson[/...]: find the lesson by its URL path in one query, not three.
        if len(path_components) >= 3:
            url_path = self.url_path + "/".join(path_components[:3]) + "/"
            lesson = LessonPage.objects.filter(url_path=url_path, path__startswith=self.path).first()
            if lesson is not None:
                return lesson.route(request, path_components[3:])
        return super().route(request, path_components)
    intro = models.TextField(blank=True, max_length=600)

    content_panels = BasePage.content_panels + [FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "training index page"

    def courses(self):
        return (
            CoursePage.objects.child_of(self).live().public().defer_streamfields()
            .prefetch_related("audiences").order_by("title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = CourseFilterForm(request.GET or None)
        courses = self.courses()
        if form.is_bound and form.is_valid():
            courses = form.apply(courses)
        context.update(filter_form=form, courses=courses)
        return context


class CoursePage(TypedChildRouteMixin, RoutablePageMixin, BasePage):
    search_section = "training"
    child_model_name = "ModulePage"
    intro = models.TextField(max_length=800, help_text="What the course covers and why it matters.")
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="courses")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.AWARENESS)
    learning_outcomes = models.TextField(
        help_text="One outcome per line, each finishing 'By the end you will be able to…'."
    )
    estimated_minutes = models.PositiveIntegerField(default=60, validators=[MinValueValidator(1)])
    cpd_hours = models.DecimalField(
        "CPD hours", max_digits=4, decimal_places=1, default=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Continuing professional development hours awarded on completion.",
    )
    prerequisites = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, related_name="required_by",
        help_text="Courses learners should finish first.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="More about the course (optional).")

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("level"), FieldPanel("estimated_minutes"), FieldPanel("cpd_hours")]),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Who and how long",
        ),
        FieldPanel("learning_outcomes"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"), index.SearchField("learning_outcomes"), index.SearchField("body"),
        index.FilterField("level"),
    ]
    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = ["training.ModulePage"]

    class Meta:
        verbose_name = "course"

    def outcomes(self) -> list[str]:
        return [line.strip(" -•") for line in self.learning_outcomes.splitlines() if line.strip(" -•")]

    def live_modules(self):
        """The course's published modules in tree order, without their stream fields."""
        return ModulePage.objects.child_of(self).live().defer_streamfields().order_by("path")

    def live_lessons(self):
        """Every published lesson under the course in tree order (also those under an unpublished module)."""
        return LessonPage.objects.descendant_of(self).live().defer_streamfields().order_by("path")

    @path("", name="overview")
    def overview(self, request):
        return self.render(request)

    def start_url(self) -> str:
        return self.url + self.reverse_subpage("start")

    @path("start/", name="start")
    def start(self, request):
        """'Start this course': the one place a learner enrols by choice (a POST, so a link never does)."""
        if request.method != "POST":
            return redirect(self.url)
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        enrolment = learning.enrol(request.user, self)
        if getattr(enrolment, "just_created", False):
            messages.success(request, f"You have started {self.title}. Your progress is saved as you go.")
        return redirect(learning.resume_url(request.user, self) or self.url)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looking at a course never enrols: starting it is the learner's choice (the start/ form).
        context.update(learning.learner_view_of_course(request.user, self))
        previewing = getattr(request, "is_preview", False)
        enrolment = None if previewing else learning.enrolment_of(request.user, self.id)
        context["enrolment"] = enrolment
        if enrolment is not None and not enrolment.completed_at:
            profile = Profile.objects.filter(user=request.user).first()
            context["ask_profile"] = profile is None or not (profile.role and profile.organisation)
        postcode = learner_postcode(request.user)
        context.update(referral_postcode=postcode, referral_url=referral_search_url(postcode))
        # In a preview the prerequisites are the unsaved form's choices (a list, not a queryset).
        chosen = [course.pk for course in self.prerequisites.all()]
        context["prerequisite_courses"] = (
            CoursePage.objects.live().filter(pk__in=chosen).defer_streamfields().order_by("title") if chosen else []
        )
        return context


class ModulePage(TypedChildRouteMixin, RoutablePageMixin, BasePage):
    search_section = "training"
    child_model_name = "LessonPage"

    class CheckMode(models.TextChoices):
        NONE = "none", "No knowledge check"
        PRACTICE = "practice", "Practice: unlimited attempts, answers shown"
        ASSESSED = "assessed", "Assessed: limited attempts, answers not revealed"

    intro = models.TextField(blank=True, max_length=800)
    check_mode = models.CharField(
        "knowledge check", max_length=10, choices=CheckMode.choices, default=CheckMode.NONE
    )
    check_intro = models.TextField(blank=True, max_length=600, help_text="Shown above the questions.")
    pass_mark = models.PositiveSmallIntegerField(
        default=70, validators=[MinValueValidator(1), MaxValueValidator(100)], help_text="Percent needed to pass."
    )
    max_attempts = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="For assessed checks: how many times a learner may submit.",
    )
    questions = StreamField([("question", QuestionBlock())], blank=True)
    score_bands = StreamField(
        [("band", ScoreBandBlock())], blank=True,
        help_text="Feedback by score: learners see the message of the highest band they reach.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("check_mode"),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                FieldPanel("check_intro"),
                FieldPanel("questions"),
                FieldPanel("score_bands"),
            ],
            heading="Knowledge check at the end of the module",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["training.CoursePage"]
    subpage_types = ["training.LessonPage"]

    class Meta:
        verbose_name = "module"

    @property
    def has_check(self) -> bool:
        return self.check_mode != self.CheckMode.NONE

    @property
    def is_assessed(self) -> bool:
        return self.check_mode == self.CheckMode.ASSESSED

    def clean(self):
        super().clean()
        if self.has_check and not len(self.questions):
            raise ValidationError({"questions": "Add at least one question, or choose 'No knowledge check'."})

    def check_questions(self) -> list[scoring.Question]:
        """The check as plain scoring objects (block ids are the question and answer ids)."""
        result = []
        for block in self.questions:
            value = block.value
            answers = tuple(
                scoring.Answer(id=item.id, text=item.value["text"], correct=bool(item.value["correct"]),
                               feedback=item.value["feedback"] or "")
                for item in value["answers"].bound_blocks
            )
            result.append(scoring.Question(id=block.id, kind=value["kind"], text=value["text"], answers=answers))
        return result

    def bands(self) -> list[tuple[int, str]]:
        return [(b.value["minimum"], b.value["message"]) for b in self.score_bands]

    def course(self):
        return CoursePage.objects.ancestor_of(self).defer_streamfields().first()

    @path("", name="overview")
    def overview(self, request):
        return self.render(request)

    def check_url(self) -> str:
        return self.url + self.reverse_subpage("check")

    def result_url(self, token) -> str:
        return self.url + self.reverse_subpage("check_result", kwargs={"token": token})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.course()
        context["course"] = course
        context.update(learning.learner_view_of_course(request.user, course))
        context["module_lessons"] = [lesson for lesson in context["lessons"] if lesson.module_id == self.id]
        return context

    @path("check/", name="check")
    def knowledge_check(self, request):
        """The check: show the learner's attempt, take one submission for it, send them to the result.

        The rules (opening, scoring and closing attempts) are in `training/attempts.py`, the form's
        and result's contents in `training/check_forms.py`."""
        if not self.has_check or not len(self.questions):
            raise Http404("This module has no knowledge check.")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        user = request.user
        check = attempts.standing(user, self)
        instead = self._instead_of_the_check(request, check)
        if instead is not None:
            return instead
        if request.method != "POST":
            attempt = attempts.open_or_resume(user, self, course=check.course, questions=check.questions)
            return self._check_form(request, check, attempt)
        attempt = attempts.find(request.POST.get("attempt"), user, self)
        if attempt is None:
            messages.error(request, "That form did not belong to this knowledge check, so nothing was recorded. "
                                    "Please answer the questions below.")
            return redirect(self.check_url())
        outcome = attempts.submit(attempt, check_forms.parse_answers(request.POST), check)
        if outcome.errors:
            return self._check_form(request, check, attempt, outcome.errors, outcome.selected)
        if outcome.replayed:
            messages.info(request, "You had already submitted those answers; nothing more was recorded.")
        if outcome.certificate is not None:
            messages.success(request, f"You have completed {check.course.title}. Your certificate is ready.")
        return redirect(self.result_url(attempt.token))

    def _check_form(self, request, check, attempt, errors=(), selected=None):
        context = check_forms.form_context(check, attempt, errors, selected)
        return TemplateResponse(request, "training/check.html", context, status=400 if errors else 200)

    def _instead_of_the_check(self, request, check):
        """Where the learner goes when the check is not theirs to take now, or None when it is."""
        if check.already_passed:
            messages.info(request, "You have already passed this check.")
            return redirect(self.result_url(check.last_pass.token))
        locked = attempts.locked(request.user, self, check.course)
        if locked is not None:
            return TemplateResponse(request, "training/check_locked.html", check_forms.check_context(
                self, check.course, unfinished=locked.unfinished, progress=locked.progress))
        if check.out_of_attempts:
            return TemplateResponse(request, "training/check_closed.html",
                                    check_forms.check_context(self, check.course, used=check.used))
        return None

    @path("check/result/<uuid:token>/", name="check_result")
    def check_result(self, request, token):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        attempt = attempts.find_result(token, request.user, self)
        if attempt is None:
            raise Http404("No such result.")
        context = check_forms.result_context(request.user, self, attempt)
        return TemplateResponse(request, "training/check_result.html", context)


class LessonPage(RoutablePageMixin, BasePage):
    search_section = "training"
    body = StreamField(LessonBodyBlock())
    estimated_minutes = models.PositiveIntegerField(default=10, validators=[MinValueValidator(1)])
    preview_allowed = models.BooleanField(
        default=False, help_text="Let visitors who are not signed in read this lesson as a preview."
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("estimated_minutes"), FieldPanel("preview_allowed")]),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["training.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = "lesson"

    def course(self):
        return CoursePage.objects.ancestor_of(self).defer_streamfields().first()

    @path("", name="lesson")
    def lesson(self, request):
        return self.render(request)

    def done_url(self) -> str:
        return self.url + self.reverse_subpage("done")

    @path("done/", name="done")
    def mark_done(self, request):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return redirect_to_login(self.url)
        certificate = learning.mark_lesson_done(request.user, self)
        if certificate is not None:
            messages.success(request, f"You have completed {certificate.course_title}. Your certificate is ready.")
            return redirect("training_dashboard")
        messages.success(request, f"“{self.title}” is marked as done.")
        context = learning.learner_view_of_lesson(request.user, self)
        return redirect(context["resume_url"] or context["course"].url)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(learning.learner_view_of_lesson(request.user, self))
        return context
