"""`make run`: the web server, a Celery worker and Celery beat in the foreground; Ctrl-C stops all three."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")

PROCESSES = {
    "web": [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
    "worker": [sys.executable, "-m", "celery", "-A", "isvimed_planning", "worker", "-P", "solo", "-l", "INFO"],
    "beat": [sys.executable, "-m", "celery", "-A", "isvimed_planning", "beat", "-l", "INFO"],
}


def main() -> int:
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")
    import django

    django.setup()
    from tooling.demo import DEMO_PASSWORD, DEMO_USERS

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    children = {name: subprocess.Popen(cmd, env=env, start_new_session=True) for name, cmd in PROCESSES.items()}
    try:
        return _supervise(children, password=DEMO_PASSWORD, users=DEMO_USERS)
    finally:
        _stop(children)


def _supervise(children, *, password: str, users) -> int:
    from isvimed_planning.roles import ROLES

    print(f"\n  ISVIMED Planeación en http://{ADDRESS}/  (Ctrl-C para detener web, worker y beat)\n")
    print(f"  Usuarios de demostración (contraseña «{password}»):")
    for username, _first, _last, role in users:
        print(f"    {username:<14} {ROLES[role]}")
    print(flush=True)

    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, proc in children.items():
            if proc.poll() is not None:
                print(f"{name} terminó con código {proc.returncode}; deteniendo el resto.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
        time.sleep(0.5)
    return exit_code


def _stop(children) -> None:
    for proc in children.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
