from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "rampart.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from rampart.accounts import signals  # noqa: F401  (axes lockout -> audit and alert)
