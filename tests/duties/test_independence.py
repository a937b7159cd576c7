"""The duties engine is plain Python: importing and running it never loads Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"

PROGRAM = """
import sys
import rampart.duties
import rampart.duties.cli
rampart.duties.evaluate({"concern": {"sexual_dimension": "yes"}})
loaded = sorted(name for name in sys.modules if name == "django" or name.startswith("django."))
print(",".join(loaded))
"""


def test_importing_and_running_the_engine_loads_no_django_module() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC)},
    )

    assert result.stdout.strip() == ""
