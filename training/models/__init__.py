from .pages import Audience, CoursePage, LessonPage, ModulePage, TrainingIndexPage
from .records import Attempt, AttemptAnswer, Certificate, Enrolment, LessonProgress

__all__ = [
    "Attempt", "AttemptAnswer", "Audience", "Certificate", "CoursePage", "Enrolment", "LessonPage",
    "LessonProgress", "ModulePage", "TrainingIndexPage",
]
