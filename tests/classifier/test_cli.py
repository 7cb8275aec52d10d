"""``otklik classify``: JSON lines in, one JSON line of labels out; ``--eval`` for a labelled CSV."""

from __future__ import annotations

import argparse
import gc
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from _default_classifier import RULES_DIR, default_classifier

from monitor.cli.classify import _rules_dir, classify_lines

ROOT = Path(__file__).resolve().parents[2]
Otklik = Callable[..., subprocess.CompletedProcess[str]]  # `otklik ARGS`, stdin= → its exit code, stdout, stderr
FIELDS = ["id", "topic", "topics", "location", "importance", "kind", "excluded", "rules"]


def _run(lines: list[str]) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(out) for out in classify_lines(default_classifier(), lines)]


def test_one_output_line_per_input_line_with_exact_fields() -> None:
    """Each message gives one JSON object with exactly the contract's fields, in order."""
    out = _run([
        json.dumps({"id": 1, "text": "Нет воды в Устьевом третий день", "platform": "vk"}),
        json.dumps({"id": "ok-7", "text": "Спасибо за дорогу!", "official": True}),
    ])
    assert [list(o) for o in out] == [FIELDS, FIELDS]
    assert out[0]["id"] == 1 and out[0]["topic"] == "water" and out[0]["location"] == "ustyevoye"
    assert out[1]["id"] == "ok-7" and out[1]["kind"] == "gratitude" and out[1]["importance"] == "low"
    assert out[0]["excluded"] is None
    assert isinstance(out[0]["topics"], list) and isinstance(out[0]["rules"], list)


def test_official_flag_raises_importance() -> None:
    """``"official": true`` marks a message to a regional-government account as high."""
    (plain,) = _run([json.dumps({"id": 1, "text": "Яма у школы"})])
    (official,) = _run([json.dumps({"id": 1, "text": "Яма у школы", "official": True})])
    assert (plain["importance"], official["importance"]) == ("normal", "high")


def test_malformed_lines_give_an_error_line_and_the_run_goes_on() -> None:
    """A bad line gives ``{"id": null, "error": "line N: …"}`` and the next line is still labelled."""
    out = _run([
        "{not json",
        "[1, 2]",
        json.dumps({"id": 5, "text": 42}),
        json.dumps({"id": 6, "text": "ок", "official": "yes"}),
        "",
        json.dumps({"id": 8, "text": "Свет отключили"}),
    ])
    assert out[0]["id"] is None and out[0]["error"].startswith("line 1: not valid JSON")
    assert out[1] == {"id": None, "error": "line 2: expected a JSON object"}
    assert out[2] == {"id": 5, "error": "line 3: 'text' must be a string"}
    assert out[3] == {"id": 6, "error": "line 4: 'official' must be true or false"}
    assert out[4]["id"] == 8 and out[4]["topic"] == "power"
    assert len(out) == 5  # the blank line 5 is skipped


def test_output_is_streamed_line_by_line() -> None:
    """Labels come out while input is still being read, so a huge input needs no memory."""
    def endless() -> Iterator[str]:
        n = 0
        while True:
            n += 1
            yield json.dumps({"id": n, "text": "нет воды"})

    stream = classify_lines(default_classifier(), endless())
    first = [json.loads(next(stream)) for _ in range(3)]
    assert [o["id"] for o in first] == [1, 2, 3]


def test_russian_text_is_written_as_is() -> None:
    """Output is UTF-8 JSON without \\u escapes (ensure_ascii=False)."""
    (line,) = list(classify_lines(default_classifier(), [json.dumps({"id": 1, "text": "котельная встала"})]))
    assert "котельная" in line and "\\u" not in line


def test_rules_dir_defaults_to_settings_folder(tmp_path: Path) -> None:
    """Without --rules, the settings' rules_dir is used, relative to the settings file's folder."""
    (tmp_path / "settings.yaml").write_text("rules_dir: my-rules\n", encoding="utf-8")
    args = argparse.Namespace(rules=None, settings=str(tmp_path / "settings.yaml"))
    assert _rules_dir(args) == tmp_path / "my-rules"
    assert _rules_dir(argparse.Namespace(rules="/x/y", settings=None)) == Path("/x/y")


def _otklik(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command in its own process: what a user runs, end to end (the rules built again)."""
    return subprocess.run([sys.executable, "-m", "monitor", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120, check=False)


@pytest.fixture
def otklik(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
           ) -> Iterator[Otklik]:
    """The same command through ``monitor.cli.main.main`` in this process, with the session's
    classifier for the project's rules: what a subprocess adds (building the rules again) no
    test here is about. Any other rules folder is still built from its files."""
    from classifier.pipeline import Classifier
    from monitor.cli.main import main

    real = Classifier.from_dir.__func__  # type: ignore[attr-defined]

    def from_dir(cls, path, *a, **kw):  # type: ignore[no-untyped-def]
        if Path(path).resolve() == RULES_DIR.resolve():
            return default_classifier()
        return real(cls, path, *a, **kw)

    monkeypatch.setattr(Classifier, "from_dir", classmethod(from_dir))
    threshold = gc.get_threshold()

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8"))
        code = main(list(args))
        out = capsys.readouterr()
        return subprocess.CompletedProcess(list(args), code, out.out, out.err)

    yield run
    gc.unfreeze()  # `classify` freezes the collector and raises its threshold for its own run
    gc.set_threshold(*threshold)


def test_command_end_to_end() -> None:
    """`otklik classify --rules rules` reads stdin and writes labels, exit 0."""
    done = _otklik("classify", "--rules", str(RULES_DIR),
                   stdin='{"id": "a", "text": "На Заречной опять ямы"}\nnot json\n')
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines()]
    assert lines[0]["id"] == "a" and lines[0]["topic"] == "roads" and lines[0]["location"] == "sobolevo"
    assert lines[1]["error"].startswith("line 2:")


def test_broken_rules_exit_2_with_one_line(tmp_path: Path, otklik: Otklik) -> None:
    """A broken rule file stops the command with exit code 2 and a one-line reason."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "topics.yaml").write_text("topics: [\n", encoding="utf-8")
    done = otklik("classify", "--rules", str(rules), stdin="")
    assert done.returncode == 2
    assert done.stderr.strip().startswith("otklik: rules: topics.yaml: line")


def test_eval_command_prints_report(tmp_path: Path, otklik: Otklik) -> None:
    """`--eval` prints per-field precision/recall/F1 and confusions; `--json` prints them as JSON."""
    csv_file = tmp_path / "set.csv"
    csv_file.write_text(
        "text,topic,location,importance,kind,excluded\n"
        "Нет воды в Устьевом,water,ustyevoye,normal,complaint,\n"
        "Спасибо за дорогу,roads,,low,gratitude,\n"
        "пиздец а не дорога,roads,unknown,normal,complaint,obscene\n",
        encoding="utf-8")
    text = otklik("classify", "--rules", str(RULES_DIR), "--eval", str(csv_file))
    assert text.returncode == 0, text.stderr
    assert "== topic: accuracy" in text.stdout and "precision" in text.stdout
    data = json.loads(otklik("classify", "--rules", str(RULES_DIR), "--eval", str(csv_file), "--json").stdout)
    assert data["examples"] == 3
    assert data["fields"]["location"]["labelled"] == 2  # the empty cell is not labelled
    assert data["fields"]["excluded"]["any"]["recall"] == 1.0


@pytest.mark.parametrize("content", ["no header here\n", "a,b\n1,2\n"])
def test_eval_rejects_a_csv_without_text_column(tmp_path: Path, content: str, otklik: Otklik) -> None:
    """A CSV without a text column is refused with exit 2."""
    bad = tmp_path / "bad.csv"
    bad.write_text(content, encoding="utf-8")
    done = otklik("classify", "--rules", str(RULES_DIR), "--eval", str(bad))
    assert done.returncode == 2 and "text" in done.stderr


def test_deeply_nested_and_huge_lines_are_refused_and_the_rest_labelled(otklik: Otklik) -> None:
    """A line nested 100 000 deep and a 2-million-character line each get an error line; the
    message after them is still labelled and the command exits 0, without a traceback."""
    from monitor.cli.classify import MAX_LINE_CHARS

    nested = "[" * 100_000 + "]" * 100_000
    huge = json.dumps({"id": 2, "text": "а" * (2 * MAX_LINE_CHARS)})
    done = otklik("classify", "--rules", str(RULES_DIR),
                   stdin=f'{nested}\n{huge}\n{{"id": 3, "text": "Нет воды в Устьевом"}}\n')
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    first, second, third = (json.loads(x) for x in done.stdout.splitlines())
    assert first == {"id": None, "error": "line 1: not valid JSON (nested too deeply)"}
    assert second == {"id": None, "error": f"line 2: longer than {MAX_LINE_CHARS} characters"}
    assert third["id"] == 3 and third["topic"] == "water"


def test_no_readable_line_is_a_failure_said_in_one_line(otklik: Otklik) -> None:
    """When not one line could be used, stderr says so in one Russian line and the exit code is 2."""
    done = otklik("classify", "--rules", str(RULES_DIR), stdin="not json\n" + "{" * 50_000 + "\n")
    assert done.returncode == 2
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr.strip() == ('otklik classify: ни одна строка не прочитана (строк с ошибками: 2); '
                                   'нужна строка JSON вида {"id": 1, "text": "…"}')


def test_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    """`otklik classify < many | head -1`: when the reader leaves, the command stops quietly
    (exit 141, as a shell reports SIGPIPE), with nothing on stderr."""
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({"id": n, "text": "нет воды в Соболево"}) + "\n" for n in range(3000)),
                    encoding="utf-8")
    with many.open("rb") as stdin:
        process = subprocess.Popen([sys.executable, "-m", "monitor", "classify", "--rules", str(RULES_DIR)],
                                   stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        assert process.stdout is not None and process.stderr is not None
        assert json.loads(process.stdout.readline())["id"] == 0
        process.stdout.close()
        assert process.wait(timeout=120) == 141
        assert process.stderr.read().decode() == ""


def test_reactions_the_network_reports_raise_importance() -> None:
    """``"reactions": {"likes": N, "comments": N, "reposts": N}`` is read like the top-level counts,
    and the rule that used it is named; a malformed object is an error line (issue 15 item 1)."""
    text = "Яма у школы на Заречной"
    out = _run([
        json.dumps({"id": 1, "text": text}),
        json.dumps({"id": 2, "text": text, "reactions": {"likes": 80, "comments": 3, "reposts": 0}}),
        json.dumps({"id": 3, "text": text, "reactions": {"comments": 25}}),
        json.dumps({"id": 4, "text": text, "reactions": {"likes": -1}}),
        json.dumps({"id": 5, "text": text, "reactions": [1, 2]}),
    ])
    assert [o.get("importance") for o in out[:3]] == ["normal", "high", "high"]
    assert "importance:high:engagement:likes=80" in out[1]["rules"]
    assert "importance:high:engagement:comments=25" in out[2]["rules"]
    assert out[3] == {"id": 4, "error": "line 4: 'reactions.likes' must be a non-negative whole number"}
    assert out[4]["error"].startswith("line 5: 'reactions' must be an object")
