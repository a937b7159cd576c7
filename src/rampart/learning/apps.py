from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "rampart.learning"
    verbose_name = "Learning and workforce"

    def navigation(self, request: Any) -> list[dict[str, Any]]:
        from rampart.learning.permissions import LearningAction
        from rampart.organisations.current import nav_link

        return nav_link(request, "Training", "/training/", LearningAction.MANAGE_TRAINING)

    def load_demo_data(self, *, orgs: dict[str, Any], users: dict[str, Any]) -> None:
        from datetime import date

        from rampart.learning.models import Course, TrainingRecord

        ivy = users["ivy.investigator@riverside.example"]
        cara = users["cara.clinician@riverside.example"]
        for user, course, done, expires in [
            (ivy, Course.SPECIALIST_INVESTIGATION, date(2025, 9, 1), date(2028, 9, 1)),
            (cara, Course.CHAPERONE, date(2025, 1, 15), date(2027, 1, 15)),
            (cara, Course.SEXUAL_SAFETY_ELEARNING, date(2025, 11, 1), None),
        ]:
            TrainingRecord.objects.get_or_create(
                organisation=orgs["R1A"],
                user=user,
                course=course,
                completed_on=done,
                defaults={"person_name": user.get_full_name(), "expires_on": expires},
            )
