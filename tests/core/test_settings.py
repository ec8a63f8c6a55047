import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run_production_check(**extra_env):
    # The browser tests relax Django's async guard for Playwright; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "ALLOWED_HOSTS": "network.example.org",
        "SITE_URL": "https://network.example.org",
        **extra_env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_checks_with_real_secrets():
    result = run_production_check(SECRET_KEY=secrets.token_urlsafe(64))

    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_production_check(SECRET_KEY="")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_settings_refuse_placeholder_secrets():
    for placeholder in [
        "change-me-to-a-long-random-string-of-at-least-fifty-characters",
        "build-only-secret-key-not-used-at-run-time-0123456789abcdef",
        "django-insecure-" + "x" * 50,
        "x" * 50,
        "change_me_" + "a" * 45,
        "your-secret-key-goes-here-please-replace-with-random-string-xx",
        "REPLACE_WITH_OUTPUT_OF_SECRETS_TOKEN_URLSAFE_50_CHARACTERS_LONG",
    ]:
        result = run_production_check(SECRET_KEY=placeholder)
        assert result.returncode != 0, placeholder
        assert "Set SECRET_KEY" in result.stderr


def read_production_setting(expression):
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "network.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "SITE_URL": "https://network.example.org",
        "DATABASE_URL": "postgres://network:network@127.0.0.1:5432/network",
    }
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_keeps_checked_database_connections_and_a_cache_shared_by_workers():
    assert read_production_setting('settings.DATABASES["default"]["CONN_MAX_AGE"]') == "60"
    assert read_production_setting('settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]') == "True"
    assert (
        read_production_setting('settings.CACHES["default"]["BACKEND"]')
        == "django.core.cache.backends.db.DatabaseCache"
    )


def test_copying_the_example_environment_file_leaves_make_run_as_it_was(tmp_path):
    """Every line of .env.example is a comment or harmless for the dev settings."""
    active = [
        line
        for line in (REPO / ".env.example").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert active == []


def test_production_settings_refuse_to_start_without_the_public_address():
    result = run_production_check(SECRET_KEY=secrets.token_urlsafe(64), SITE_URL="")
    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr
