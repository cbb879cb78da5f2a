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
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "1"), "PYTHONUNBUFFERED": "1"}
    children = {name: subprocess.Popen(cmd, env=env, start_new_session=True) for name, cmd in PROCESSES.items()}

    from isvimed_planning.demo import DEMO_PASSWORD, DEMO_USERS

    print(f"\n  ISVIMED Planeación en http://{ADDRESS}/  (Ctrl-C para detener web, worker y beat)\n")
    print(f"  Usuarios de demostración (contraseña «{DEMO_PASSWORD}»):")
    for username, _first, _last, role in DEMO_USERS:
        print(f"    {username:<14} {role}")
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
    for proc in children.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for proc in children.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
