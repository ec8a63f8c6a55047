"""The import rule (docs/architecture.md): core depends on no app, and apps use each other only
through models, services, selectors and signals. import-linter checks it from pyproject.toml;
these tests run it and make sure its contracts cover every app and every module."""

import pkgutil
from pathlib import Path

from django.apps import apps
from importlinter.api import read_configuration
from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = {"apps", "models", "services", "selectors", "signals", "migrations"}


def our_apps():
    return sorted(
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT and config.name != "core"
    )


def contracts():
    return read_configuration(str(ROOT / "pyproject.toml"))["contracts_options"]


def test_the_code_obeys_the_import_rule(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename="pyproject.toml", no_cache=True) == EXIT_STATUS_SUCCESS


def test_core_may_import_no_app_of_ours():
    (rule,) = [c for c in contracts() if c.get("id") == "core-depends-on-no-app"]
    assert sorted(rule["forbidden_modules"]) == our_apps()


def test_every_internal_module_of_every_app_is_protected():
    """A module added to an app is internal unless it is one of the public ones above."""
    for app in our_apps():
        (rule,) = [c for c in contracts() if c.get("id") == f"{app}-internals"]
        internal = {
            f"{app}.{module.name}"
            for module in pkgutil.iter_modules([str(ROOT / app)])
            if module.name not in PUBLIC
        }
        assert internal <= set(rule["protected_modules"]), f"Unprotected in {app}"
        assert set(rule["allowed_importers"]) == {app, "network"}


def tag_libraries_of_our_apps():
    """{template tag library name: the app (or core) whose templatetags package holds it}."""
    owners = {}
    for app in [*our_apps(), "core"]:
        package = ROOT / app / "templatetags"
        for module in pkgutil.iter_modules([str(package)]) if package.is_dir() else ():
            owners[module.name] = app
    return owners


def test_an_apps_page_templates_load_no_other_apps_tags():
    """Templates are imports too: a page of one app that loads another app's tag library
    depends on its internals (core.page_extras is the way for an app to add to another's page)."""
    owners = tag_libraries_of_our_apps()
    crossings = []
    for app in our_apps():
        for template in sorted((ROOT / "templates" / "pages" / app).rglob("*.html")):
            text = template.read_text()
            for line in text.splitlines():
                if "{% load " not in line:
                    continue
                for load in line.split("{% load ")[1:]:
                    for library in load.split("%}")[0].split():
                        owner = owners.get(library)
                        if owner not in (None, "core", app):
                            crossings.append(
                                f"{template.relative_to(ROOT)} loads {owner}'s {library}"
                            )
    assert not crossings, crossings
