"""``rampart duties evaluate FILE``: JSON out, exit 0; bad input, a message naming it, exit 2."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from rampart.duties import evaluate
from rampart.duties.cli import main

from .builders import TRUST_CASE


def run(argv: list[str], stdin_text: str = "") -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main(argv, stdin=io.StringIO(stdin_text), stdout=stdout, stderr=stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "facts.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_evaluate_prints_the_duties_as_json_and_exits_0(tmp_path: Path) -> None:
    code, out, err = run(["evaluate", write(tmp_path, json.dumps(TRUST_CASE))])

    assert code == 0
    assert err == ""
    assert json.loads(out) == {"duties": [duty.to_json() for duty in evaluate(TRUST_CASE)]}


def test_a_dash_reads_the_facts_from_standard_input() -> None:
    code, out, _ = run(["evaluate", "-"], stdin_text=json.dumps(TRUST_CASE))

    assert code == 0
    assert json.loads(out)["duties"][0]["code"] == "REVIEW_GROUP"


def test_facts_with_no_duties_print_an_empty_list() -> None:
    facts = {
        "organisation": {"regulated_activity_provider": False, "cqc_registered": False},
        "concern": {"sexual_dimension": "no"},
        "subject": {"kind": "public"},
    }

    code, out, _ = run(["evaluate", "-"], stdin_text=json.dumps(facts))

    assert code == 0
    assert json.loads(out) == {"duties": []}


def test_unknown_fields_are_ignored() -> None:
    facts: dict[str, Any] = {**TRUST_CASE, "notes": "free text", "version": 3}

    _, out, _ = run(["evaluate", "-"], stdin_text=json.dumps(facts))
    _, plain, _ = run(["evaluate", "-"], stdin_text=json.dumps(TRUST_CASE))

    assert out == plain


def test_invalid_facts_exit_2_with_a_message_naming_the_field() -> None:
    facts = {"concern": {"affected": {"kind": "alien"}}}

    code, out, err = run(["evaluate", "-"], stdin_text=json.dumps(facts))

    assert code == 2
    assert out == ""
    assert "concern.affected.kind" in err
    assert "alien" in err


def test_a_wrong_type_exits_2_naming_the_field(tmp_path: Path) -> None:
    code, _, err = run(["evaluate", write(tmp_path, '{"police": {"involved": "yes"}}')])

    assert code == 2
    assert "police.involved: must be true, false or null" in err


@pytest.mark.parametrize("text", ["", "{", "{'single': 'quotes'}", "[1, 2", "[" * 100_000])
def test_text_that_is_not_json_exits_2(text: str) -> None:
    code, out, err = run(["evaluate", "-"], stdin_text=text)

    assert code == 2
    assert out == ""
    assert "standard input: not valid JSON" in err


def test_json_that_is_not_an_object_exits_2() -> None:
    code, _, err = run(["evaluate", "-"], stdin_text="[]")

    assert code == 2
    assert "facts: must be a JSON object" in err


def test_a_missing_file_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.json")

    code, out, err = run(["evaluate", missing])

    assert code == 2
    assert out == ""
    assert err == f"rampart duties: {missing}: no such file\n"


def test_a_directory_instead_of_a_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run(["evaluate", str(tmp_path)])

    assert code == 2
    assert "cannot read facts" in err


def test_a_file_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"reported_on": "é"}'.encode("latin-1"))

    code, _, err = run(["evaluate", str(path)])

    assert code == 2
    assert "cannot read facts" in err


@pytest.mark.parametrize("argv", [[], ["evaluate"], ["evaluate", "a.json", "b.json"], ["explain", "a.json"]])
def test_wrong_arguments_print_usage_and_exit_2(argv: list[str]) -> None:
    code, out, err = run(argv)

    assert code == 2
    assert out == ""
    assert err.startswith("usage: rampart duties evaluate FILE")


@pytest.mark.parametrize("flag", ["-h", "--help", "help"])
def test_help_prints_usage_and_exits_0(flag: str) -> None:
    code, out, err = run([flag])

    assert code == 0
    assert out.startswith("usage: rampart duties evaluate FILE")
    assert err == ""


def test_the_streams_default_to_the_process_streams(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"concern": {"sexual_dimension": "no"}}'))

    code = main(["evaluate", "-"])

    captured = capsys.readouterr()
    assert code == 0
    assert json.loads(captured.out)["duties"][0]["code"] == "DBS_BARRING_REFERRAL"
    assert main(["evaluate"]) == 2
    assert capsys.readouterr().err.startswith("usage:")
