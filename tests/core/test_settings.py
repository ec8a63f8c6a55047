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
