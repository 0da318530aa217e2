"""Blocks for lessons and knowledge checks. Lessons reuse the shared body stream and add four."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from portal.blocks import BodyBlock

from . import scoring

SIMPLE_RICH_TEXT = ["bold", "italic", "ol", "ul", "link"]


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    scenario = blocks.RichTextBlock(features=SIMPLE_RICH_TEXT, help_text="What happened, in plain words.")
    discussion = blocks.RichTextBlock(
        features=SIMPLE_RICH_TEXT, required=False, help_text="What a good response looks like, and why."
    )

    class Meta:
        icon = "user"
        template = "training/blocks/case_study.html"
        description = "A short case study from practice, with a discussion of the response"
        preview_value = {
            "title": "A patient discloses",
            "scenario": "<p>A patient says he 'loses it' at home and wants help.</p>",
            "discussion": "<p>Thank him for telling you, ask about risk and children, and refer.</p>",
        }


class ReflectBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text="A question learners think about before reading on.")

    class Meta:
        icon = "help"
        template = "training/blocks/reflect.html"
        description = "A prompt asking the learner to stop and reflect"
        preview_value = {"prompt": "When did someone last tell you about abuse at home? What did you do?"}


class KeyPointBlock(blocks.StructBlock):
    text = blocks.TextBlock()

    class Meta:
        icon = "pick"
        template = "training/blocks/key_point.html"
        description = "A key point the learner should remember"
        preview_value = {"text": "Ask about children in every conversation about domestic abuse."}


class ResourceBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(max_length=200, required=False, help_text="Defaults to the document's title.")
    description = blocks.TextBlock(required=False)

    class Meta:
        icon = "download"
        template = "training/blocks/resource.html"
        description = "A resource learners can download (a form, a checklist, a guide)"


class LessonBodyBlock(BodyBlock):
    case_study = CaseStudyBlock()
    reflect = ReflectBlock()
    key_point = KeyPointBlock()
    resource = ResourceBlock()


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)
    correct = blocks.BooleanBlock(required=False, help_text="Tick if this answer is right.")
    feedback = blocks.TextBlock(required=False, help_text="Shown after submission to learners who chose it.")

    class Meta:
        icon = "radio-full"
        description = "An answer with its feedback"


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[(scoring.SINGLE, "Single choice"), (scoring.MULTIPLE, "Multiple choice (choose all that apply)"),
                 (scoring.TRUE_FALSE, "True or false")],
        default=scoring.SINGLE,
    )
    text = blocks.TextBlock(help_text="The question.")
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=8)

    def clean(self, value):
        value = super().clean(value)
        answers = list(value["answers"])
        right = sum(1 for a in answers if a["correct"])
        kind = value["kind"]
        message = None
        if kind == scoring.TRUE_FALSE and len(answers) != 2:
            message = "A true-or-false question has exactly two answers: True and False."
        elif kind in (scoring.SINGLE, scoring.TRUE_FALSE) and right != 1:
            message = "Mark exactly one answer as correct."
        elif kind == scoring.MULTIPLE and right < 1:
            message = "Mark at least one answer as correct."
        if message:
            raise StructBlockValidationError(block_errors={"answers": ValidationError(message)})
        return value

    class Meta:
        icon = "help"
        template = "training/blocks/question_preview.html"
        description = "A question with its answers; the right answers stay on the server until submission"
        preview_value = {
            "kind": scoring.TRUE_FALSE,
            "text": "Referrals to Drive come through Marac.",
            "answers": [
                {"text": "True", "correct": True, "feedback": "Yes: the Marac is the route in."},
                {"text": "False", "correct": False, "feedback": "Referrals come through Marac."},
            ],
        }


class ScoreBandBlock(blocks.StructBlock):
    minimum = blocks.IntegerBlock(min_value=0, max_value=100, help_text="Lowest score (percent) for this message.")
    message = blocks.TextBlock()

    class Meta:
        icon = "list-ol"
        template = "training/blocks/score_band.html"
        description = "Feedback for learners whose score reaches a minimum"
        preview_value = {"minimum": 80, "message": "Well done: you know the referral routes."}
