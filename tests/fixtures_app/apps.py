from django.apps import AppConfig


class FixturesAppConfig(AppConfig):
    name = "tests.fixtures_app"
    label = "fixtures_app"
