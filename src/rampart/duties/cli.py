"""``rampart duties evaluate FILE``: print the duties for a facts file as JSON.

``FILE`` is a JSON facts object as described in the contract; ``-`` reads standard input.
Exit status: 0 with ``{"duties": [...]}`` on standard output; 2 with a message on standard
error when the arguments are wrong, the file cannot be read, or the facts are invalid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from .facts import InvalidFacts
from .rules import evaluate

USAGE = """\
usage: rampart duties evaluate FILE

Print the statutory and policy duties that apply to the facts in FILE, a JSON object
(see docs/duties.md). Use - to read the facts from standard input.
"""

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def main(
    argv: list[str],
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the duties command with ``argv`` (without the program name); return the exit status.

    The streams default to ``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` as they are when
    called, so output captured by a caller is honoured.
    """
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    if argv in (["-h"], ["--help"], ["help"]):
        stdout.write(USAGE)
        return EXIT_OK
    if len(argv) != 2 or argv[0] != "evaluate":
        stderr.write(USAGE)
        return EXIT_BAD_INPUT
    return _evaluate(argv[1], stdin=stdin, stdout=stdout, stderr=stderr)


def _evaluate(source: str, *, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    name = "standard input" if source == "-" else source
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        stderr.write(f"rampart duties: {name}: no such file\n")
        return EXIT_BAD_INPUT
    except (OSError, UnicodeDecodeError) as error:
        stderr.write(f"rampart duties: {name}: cannot read facts: {error}\n")
        return EXIT_BAD_INPUT
    try:
        facts = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        stderr.write(f"rampart duties: {name}: not valid JSON: {error}\n")
        return EXIT_BAD_INPUT
    try:
        duties = evaluate(facts)
    except InvalidFacts as error:
        stderr.write(f"rampart duties: {name}: invalid facts: {error}\n")
        return EXIT_BAD_INPUT
    json.dump({"duties": [duty.to_json() for duty in duties]}, stdout, indent=2)
    stdout.write("\n")
    return EXIT_OK
