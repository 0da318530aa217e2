from ..catalogue import Audience
from ..records import Attempt, AttemptAnswer, Certificate, Enrolment, LessonProgress
from .pages import CoursePage, LessonPage, ModulePage, TrainingIndexPage

__all__ = [
    "Attempt", "AttemptAnswer", "Audience", "Certificate", "CoursePage", "Enrolment", "LessonPage",
    "LessonProgress", "ModulePage", "TrainingIndexPage",
]
