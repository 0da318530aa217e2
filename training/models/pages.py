"""TrainingIndexPage → CoursePage → ModulePage (with its knowledge check) → LessonPage."""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.search import index

from portal.blocks import BodyBlock
from portal.models import BasePage

from .. import scoring
from ..blocks import LessonBodyBlock, QuestionBlock, ScoreBandBlock
from ..catalogue import Audience, Level
from ..forms import CourseFilterForm


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

    @path("", name="overview")
    def overview(self, request):
        return self.render(request)

    def start_url(self) -> str:
        return self.url + self.reverse_subpage("start")

    @path("start/", name="start")
    def start(self, request):
        from ..views.lessons import start_course_view

        return start_course_view(request, self)

    def get_context(self, request, *args, **kwargs):
        from ..learning import enrolment_of, learner_view_of_course
        from ..referrals import learner_postcode, referral_search_url

        context = super().get_context(request, *args, **kwargs)
        # Looking at a course never enrols: starting it is the learner's choice (the start/ form).
        context.update(learner_view_of_course(request.user, self))
        previewing = getattr(request, "is_preview", False)
        enrolment = None if previewing else enrolment_of(request.user, self.id)
        context["enrolment"] = enrolment
        if enrolment is not None and not enrolment.completed_at:
            from portal.accounts.models import Profile

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
        from ..learning import learner_view_of_course

        context = super().get_context(request, *args, **kwargs)
        course = self.course()
        context["course"] = course
        context.update(learner_view_of_course(request.user, course))
        context["module_lessons"] = [lesson for lesson in context["lessons"] if lesson.module_id == self.id]
        return context

    @path("check/", name="check")
    def knowledge_check(self, request):
        from ..views.checks import check_view

        return check_view(request, self)

    @path("check/result/<uuid:token>/", name="check_result")
    def check_result(self, request, token):
        from ..views.checks import result_view

        return result_view(request, self, token)


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

    @path("", name="lesson")
    def lesson(self, request):
        return self.render(request)

    def done_url(self) -> str:
        return self.url + self.reverse_subpage("done")

    @path("done/", name="done")
    def mark_done(self, request):
        from ..views.lessons import mark_done_view

        return mark_done_view(request, self)

    def get_context(self, request, *args, **kwargs):
        from ..learning import learner_view_of_lesson

        context = super().get_context(request, *args, **kwargs)
        context.update(learner_view_of_lesson(request.user, self))
        return context
