#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "isvimed_planning.settings")
    from django.core.management import execute_from_command_line

    from isvimed_planning.env import exit_on_bad_settings

    with exit_on_bad_settings():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
