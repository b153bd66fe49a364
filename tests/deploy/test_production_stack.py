"""The production stack of deploy/ runs, and does what production must (issue 21, item 1).

The whole check (`./haven deploy-check`, config/deploy_check.py) runs here as CI runs it: Caddy,
gunicorn, the worker and an SMTP sink on this machine. The other tests pin down what the check
relies on, so that it keeps checking the files an operator installs.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config import deploy_check

BASE_DIR = Path(__file__).resolve().parents[2]
# Lets two checkouts run the check at once on one PostgreSQL.
DATABASE = os.environ.get("HAVEN_DEPLOY_CHECK_DATABASE", "haven_deploy_check")


def _filled(template: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return deploy_check.environment(
        template,
        site_url="https://localhost:8443",
        bind="127.0.0.1:8000",
        database_url="postgresql://postgres@127.0.0.1:5432/haven_deploy_check",
        smtp_port=2525,
        folder=tmp_path,
    )


@pytest.mark.deploy
def test_production_stack_passes_its_check():
    if shutil.which("caddy") is None:
        if os.environ.get("CI"):
            pytest.fail("caddy is missing: .ci/run installs Debian's caddy package.")
        pytest.skip("Caddy is not installed (apt-get install caddy): the production stack check needs it.")
    result = subprocess.run(
        [sys.executable, "-m", "config.deploy_check"],
        cwd=BASE_DIR,
        env={**os.environ, "HAVEN_DEPLOY_CHECK_DATABASE": DATABASE},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "==> All checks passed" in result.stdout


@pytest.mark.parametrize(
    "name",
    [
        "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "HAVEN_SITE_URL", "DATABASE_URL",
        "BIND", "BEHIND_TLS_PROXY", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS", "DEFAULT_FROM_EMAIL", "HAVEN_CONTACT_EMAIL", "TASKS_BACKEND", "HAVEN_OPERATOR_NAME",
        "HAVEN_DATA_PROTECTION_CONTACT", "HAVEN_MAIL_PROCESSOR", "HAVEN_PRIVATE_UPLOADS_DIR", "STATIC_ROOT",
        "HAVEN_BACKUP_RECIPIENTS", "HAVEN_BACKUP_DIR", "HAVEN_IDENTITY_HASH_KEY",
    ],
)  # fmt: skip
def test_env_template_sets_each_setting_production_needs(name):
    assert name in deploy_check.read_env_file(deploy_check.ENV_TEMPLATE)


def test_env_template_keeps_debug_off_and_email_on_the_worker():
    template = deploy_check.read_env_file(deploy_check.ENV_TEMPLATE)
    assert (template["DEBUG"], template["TASKS_BACKEND"], template["BEHIND_TLS_PROXY"]) == (
        "0",
        "database",
        "1",
    )


def test_env_file_is_read_as_systemd_reads_it(tmp_path):
    env_file = tmp_path / "haven.env"
    env_file.write_text(
        '# a comment\n\nDEFAULT_FROM_EMAIL="Haven <no-reply@x.example>"\nBIND=127.0.0.1:8000\n'
    )
    assert deploy_check.read_env_file(env_file) == {
        "DEFAULT_FROM_EMAIL": "Haven <no-reply@x.example>",
        "BIND": "127.0.0.1:8000",
    }


def test_check_fills_every_change_me_in_the_template(tmp_path):
    filled = _filled(deploy_check.read_env_file(deploy_check.ENV_TEMPLATE), tmp_path)
    assert [key for key, value in filled.items() if "CHANGE-ME" in value] == []


def test_check_refuses_a_template_with_a_change_me_it_does_not_know(tmp_path):
    template = {**deploy_check.read_env_file(deploy_check.ENV_TEMPLATE), "NEW_SETTING": "CHANGE-ME"}
    with pytest.raises(deploy_check.CheckFailed, match="NEW_SETTING"):
        _filled(template, tmp_path)


def test_check_passes_nothing_of_the_callers_environment_to_the_stack(tmp_path, monkeypatch):
    monkeypatch.setenv("HAVEN_PUBLIC_READ", "1")
    assert "HAVEN_PUBLIC_READ" not in _filled(deploy_check.read_env_file(deploy_check.ENV_TEMPLATE), tmp_path)


def test_worker_unit_runs_the_worker_command_the_check_runs():
    unit = (BASE_DIR / "deploy" / "systemd" / "haven-worker.service").read_text()
    exec_start = re.search(r"^ExecStart=\S+python (.+)$", unit, re.MULTILINE)
    assert exec_start is not None and exec_start.group(1).split() == deploy_check.WORKER_COMMAND


def test_caddyfile_compresses_and_caps_request_bodies():
    caddyfile = deploy_check.CADDYFILE.read_text()
    assert "encode zstd gzip" in caddyfile
    assert re.search(r"request_body \{\s*max_size 6MB\s*\}", caddyfile)


def _step(title, outcome, *, setup=False, ran=None):
    def run():
        (ran if ran is not None else []).append(title)
        if outcome == "fail":
            raise deploy_check.CheckFailed("no")

    return deploy_check.Step(title, 0.1, run, setup=setup)


def test_a_failed_check_fails_the_run_and_the_other_checks_still_run(capsys):
    ran = []
    run = deploy_check.Run([_step("a", "fail", ran=ran), _step("b", "pass", ran=ran)], budget=30)
    assert (run.execute(), ran) == (False, ["a", "b"])


def test_a_failed_setup_step_ends_the_run(capsys):
    ran = []
    run = deploy_check.Run([_step("a", "fail", setup=True, ran=ran), _step("b", "pass", ran=ran)], budget=30)
    assert (run.execute(), ran) == (False, ["a"])


def test_each_step_is_printed_with_progress_and_time_to_go(capsys):
    deploy_check.Run([_step("Start Caddy", "pass")], budget=30).execute()
    assert re.search(
        r"\[1/1\] Start Caddy  \(0 s in, about 0 s to go\)\n      ok in \d+\.\d s", capsys.readouterr().out
    )
