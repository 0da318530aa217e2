"""Staff reports: completions and pass rates per course, audience (profile role) and organisation,
and the average score of each question. Everything is counted from stored records."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q
from django.utils import timezone

from portal.accounts.models import Profile
from portal.spreadsheet import safe_row

from .models import Attempt, AttemptAnswer, Enrolment, ModulePage

ROLE_NAMES = dict(Profile.Role.choices)


@dataclass
class Row:
    label: str
    enrolled: int = 0
    completed: int = 0
    attempts: int = 0
    passed: int = 0

    @property
    def completion_rate(self) -> int | None:
        return round(self.completed * 100 / self.enrolled) if self.enrolled else None

    @property
    def pass_rate(self) -> int | None:
        return round(self.passed * 100 / self.attempts) if self.attempts else None


@dataclass
class QuestionRow:
    check: str
    question: str
    answers: int
    average: int  # percent


@dataclass
class Report:
    courses: list[Row] = field(default_factory=list)
    audiences: list[Row] = field(default_factory=list)
    organisations: list[Row] = field(default_factory=list)
    questions: list[QuestionRow] = field(default_factory=list)


def _bounds(date_from: datetime.date | None, date_to: datetime.date | None):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(date_from, datetime.time.min, tz) if date_from else None
    end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, tz) if date_to else None
    return start, end


def _in_range(name: str, start, end) -> Q:
    q = Q(**{f"{name}__isnull": False})
    if start:
        q &= Q(**{f"{name}__gte": start})
    if end:
        q &= Q(**{f"{name}__lt": end})
    return q


def _role(value) -> str:
    return ROLE_NAMES.get(value or "", "Not stated")


def _org(value) -> str:
    return " ".join((value or "").split()) or "Not stated"


def build_report(date_from=None, date_to=None) -> Report:
    start, end = _bounds(date_from, date_to)
    tables: dict[str, dict] = {"course": {}, "role": {}, "org": {}}

    def row(table: str, key: str, label: str) -> Row:
        found = tables[table].get(key)
        if found is None:
            found = tables[table][key] = Row(label)
        return found

    def keys(item, prefix=""):
        return (
            ("course", item[f"{prefix}course_id"], item[f"{prefix}course__title"]),
            ("role", _role(item["user__profile__role"]), _role(item["user__profile__role"])),
            ("org", _org(item["user__profile__organisation"]).casefold(), _org(item["user__profile__organisation"])),
        )

    fields = ("course_id", "course__title", "user__profile__role", "user__profile__organisation")
    enrolled = Enrolment.objects.filter(_in_range("enrolled_at", start, end)).values(*fields)
    for item in enrolled:
        for table, key, label in keys(item):
            row(table, key, label).enrolled += 1
    completed = Enrolment.objects.filter(_in_range("completed_at", start, end)).values(*fields)
    for item in completed:
        for table, key, label in keys(item):
            row(table, key, label).completed += 1
    attempts = Attempt.objects.filter(_in_range("submitted_at", start, end), status="submitted").values(
        *fields, "passed"
    )
    for item in attempts:
        for table, key, label in keys(item):
            target = row(table, key, label)
            target.attempts += 1
            target.passed += int(item["passed"])

    texts = {}
    stats = (
        AttemptAnswer.objects.filter(_in_range("attempt__submitted_at", start, end), attempt__status="submitted")
        .values("attempt__module_id", "attempt__module__title", "question_id")
        .annotate(average=Avg("score"), answers=Count("id"))
    )
    stats = list(stats)
    for module in ModulePage.objects.filter(id__in={s["attempt__module_id"] for s in stats}):
        texts.update({q.id: q.text for q in module.check_questions()})
    missing = {s["question_id"] for s in stats} - set(texts)
    if missing:
        for answer in AttemptAnswer.objects.filter(question_id__in=missing).order_by("pk"):
            texts.setdefault(answer.question_id, answer.question_text + " (since removed)")
    questions = sorted(
        (QuestionRow(s["attempt__module__title"], texts.get(s["question_id"], ""), s["answers"],
                     round((s["average"] or 0) * 100)) for s in stats),
        key=lambda r: (r.average, r.check, r.question),
    )

    def ordered(table):
        return sorted(tables[table].values(), key=lambda r: r.label.casefold())

    return Report(ordered("course"), ordered("role"), ordered("org"), questions)


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["breakdown", "group", "enrolled", "completed", "completion_rate_percent", "attempts",
                     "passed", "pass_rate_percent"])
    for name, rows in (("course", report.courses), ("audience", report.audiences),
                       ("organisation", report.organisations)):
        for r in rows:
            writer.writerow(safe_row([name, r.label, r.enrolled, r.completed, r.completion_rate, r.attempts,
                                      r.passed, r.pass_rate]))
    writer.writerow([])
    writer.writerow(["check", "question", "answers", "average_score_percent"])
    for q in report.questions:
        writer.writerow(safe_row([q.check, q.question, q.answers, q.average]))
    return out.getvalue()
