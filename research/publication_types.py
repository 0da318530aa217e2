"""The kinds of publication: a page field's choices and a listing filter's, below both."""

from django.db import models


class PublicationType(models.TextChoices):
    EVALUATION = "evaluation", "Evaluation report"
    BRIEFING = "briefing", "Briefing"
    POLICY_RESPONSE = "policy_response", "Policy response"
    PRACTICE_GUIDE = "practice_guide", "Practice guide"
    RESEARCH_SUMMARY = "research_summary", "Research summary"
