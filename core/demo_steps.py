"""The steps of `manage.py seed_demo`, declared by each app.

Each app lists its demo builders on its AppConfig (`demo_builders`, like `daily_jobs`), so the demo
seed in core names no app. A builder is a function taking core.demo.DemoContext; builders run in
`order`, lowest first. Apps also declare the logins they create (`demo_logins`, printed by the
command) and values other apps' builders need (`demo_values`, read with `demo_value`).
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class DemoStep:
    """One builder: its dotted path ("app.demo.build_things"), imported only when run, and its
    place in the run. `progress` is False for steps that should not print a progress line."""

    builder: str
    order: int
    progress: bool = True

    @property
    def name(self):
        """What the command prints while the step runs: "build_things" -> "things"."""
        return self.builder.rsplit(".", 1)[-1].removeprefix("build_").replace("_", " ")

    def load(self):
        return import_string(self.builder)


@dataclass(frozen=True)
class DemoLogin:
    """A login an app's builder creates, printed after the seed: its label, its email, and whose
    password it shares (`shares_with`): the staff or the member login's, "staff" or "member"."""

    label: str
    email: str
    shares_with: str = "member"


def declared_demo_steps():
    """Every DemoStep the installed apps declare, by `order` (INSTALLED_APPS order on ties)."""
    steps = [
        step for config in apps.get_app_configs() for step in getattr(config, "demo_builders", ())
    ]
    return sorted(steps, key=lambda step: step.order)


def declared_demo_logins():
    """Every DemoLogin the installed apps declare, in INSTALLED_APPS order."""
    return [
        login for config in apps.get_app_configs() for login in getattr(config, "demo_logins", ())
    ]


def demo_value(name):
    """A value an app declares in its `demo_values` for other apps' builders.

    Raises KeyError when no installed app declares `name`.
    """
    for config in apps.get_app_configs():
        values = getattr(config, "demo_values", {})
        if name in values:
            return values[name]
    raise KeyError(f"No installed app declares the demo value {name!r}")
