"""The decision brief (`gametheory brief`, :mod:`gametheory.models.brief`): structure, content
consistent with the model results it cites, the probability yardstick, the four formats and
the command line."""

from __future__ import annotations

import json
from fractions import Fraction
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.errors import GameError
from gametheory.modeling.brief import YARDSTICK, Brief, probability_word
from gametheory.models import get_model, world
from gametheory.models.brief import QUESTIONS, build_brief
from gametheory.sensitivity.montecarlo import wilson
from gametheory.sensitivity.scenarios import scenario_montecarlo

SCENARIOS = ["us-out", "crimea-2014"]  # one with ranges, one a single point
DRAWS = 3


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def brief() -> Brief:
    return build_brief(SCENARIOS, draws=DRAWS, seed=1, flips=False)


@pytest.mark.parametrize(
    ("p", "word", "gap"),
    [
        (Fraction(0), "remote", False),
        (Fraction(5, 100), "remote", False),
        (Fraction(6, 100), "remote", True),
        (Fraction(15, 200), "highly unlikely", True),  # half-way: the range nearer 50%
        (Fraction(10, 100), "highly unlikely", False),
        (Fraction(20, 100), "highly unlikely", False),
        (Fraction(45, 200), "unlikely", True),
        (Fraction(38, 100), "realistic possibility", True),
        (Fraction(1, 2), "realistic possibility", False),
        (Fraction(105, 200), "realistic possibility", True),  # half-way between 50% and 55%
        (Fraction(56, 100), "likely", False),
        (Fraction(155, 200), "likely", True),
        (Fraction(79, 100), "highly likely", True),
        (Fraction(185, 200), "highly likely", True),
        (Fraction(95, 100), "almost certain", False),
        (Fraction(1), "almost certain", False),
    ],
)
def test_probability_word_edges(p: Fraction, word: str, gap: bool) -> None:
    w = probability_word(p)
    assert (w.word, w.in_gap) == (word, gap)
    assert w.low <= p <= w.high or gap


def test_probability_word_refuses_non_probabilities() -> None:
    with pytest.raises(GameError, match="probability"):
        probability_word(Fraction(11, 10))
    assert [w for _, _, w in YARDSTICK][0] == "remote"


def test_every_scenario_and_question_present(brief: Brief) -> None:
    assert [s["name"] for s in brief.scenarios] == SCENARIOS
    assert [q.key for q in brief.questions] == [q.key for q in QUESTIONS]
    assert len(brief.cells) == len(SCENARIOS) * len(QUESTIONS)
    assert len(brief.bullets) == 3


def test_cells_match_the_model_results_they_cite(brief: Brief) -> None:
    for name in SCENARIOS:
        s = world.load(name)
        for q in QUESTIONS:
            c = brief.cell(name, q.key)
            m = get_model(q.model)
            r = m.solve(s.model_settings(m), flips=False, world=s.point(world.WORLD), scenario=s)
            assert (c.model, c.outcome, c.headline) == (q.model, r.outcome.key, r.outcome.headline)
            assert c.illustrative == (r.illustrative or s.illustrative)
            if c.draws:
                fr = scenario_montecarlo(m, s, world.WORLD, draws=DRAWS, seed=1)
                n = sum(fr.counts.get(k, 0) for k in q.yes_outcomes)
                assert c.probability == Fraction(n, DRAWS)
                assert c.interval == tuple(float(x) for x in wilson(n, DRAWS))
            else:
                assert c.probability == (1 if r.outcome.key in q.yes_outcomes else 0)
                assert "*" in c.answer
            assert c.word == probability_word(c.probability).word


def test_bullets_follow_from_the_cells(brief: Brief) -> None:
    for b in brief.bullets:
        q = brief.question(b.question)
        assert b.text.startswith(q.yes)
        for name in SCENARIOS:
            c = brief.cell(name, q.key)
            assert f"{c.word} in" in b.text
            assert name in b.text
        top = max(brief.cell(n, q.key).probability for n in SCENARIOS)
        assert all(brief.cell(n, q.key).probability == top for n in b.scenarios)


def test_json_round_trip(brief: Brief) -> None:
    data = json.loads(brief.render("json"))
    again = Brief.from_json(data)
    assert again == brief
    assert again.table() == data["table"] == brief.table()
    assert all(isinstance(c["probability"], str) for c in data["cells"])  # exact, as strings
    assert data["illustrative"] is True
    assert data["draws"] == DRAWS and data["seed"] == 1


def test_text_fits_a_terminal_and_starts_with_the_bottom_line(brief: Brief) -> None:
    text = brief.render("text")
    lines = text.splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[3] == "Bottom line"
    head = "\n".join(lines[:30])
    assert "scenario" in head and all(n in head for n in SCENARIOS)
    assert "Not covered by these models" in text and "Probability yardstick" in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.seen.add(tag)
        if tag not in ("br", "meta"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def test_html_parses_and_is_self_contained(brief: Brief) -> None:
    page = brief.render("html")
    p = _Tags()
    p.feed(page)
    assert not p.stack
    assert {"table", "style", "ul"} <= p.seen
    assert "<link" not in page and "<script" not in page and "src=" not in page


def test_markdown_table_is_well_formed(brief: Brief) -> None:
    md = brief.render("markdown").splitlines()
    start = md.index("## Scenarios side by side") + 2
    rows = []
    for line in md[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert len(rows) == 2 + len(SCENARIOS)
    widths = {line.replace("\\|", "").count("|") for line in rows}
    assert widths == {len(QUESTIONS) + 2}


def test_cli_writes_files_and_respects_force(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    args = ["brief", "--scenario", "crimea-2014", "--draws", "0", "--no-flips", "-f", "html", "-o", str(out)]
    r = run(*args)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    r = run(*args)
    assert r.exit_code != 0 and "--force" in r.output
    r = run(*args, "--force")
    assert r.exit_code == 0, r.output


def test_cli_bad_scenario_is_one_clear_error() -> None:
    r = run("brief", "--scenario", "no-such-scenario", "--no-flips")
    assert r.exit_code == 1
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:") and "no-such-scenario" in lines[0]


def test_cli_extra_model_column() -> None:
    r = run("brief", "--scenario", "crimea-2014", "--draws", "0", "--no-flips", "--model", "patron", "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    m = get_model("patron")
    s = world.load("crimea-2014")
    key = m.solve(flips=False, world=s.point(world.WORLD), scenario=s).outcome.key
    assert data["table"]["crimea-2014"]["patron"].startswith(key)


def test_full_brief_every_builtin_scenario() -> None:
    # one full run: every built-in scenario, the changes searched, few draws
    r = run("brief", "--draws", "2", "-f", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [s["name"] for s in data["scenarios"]] == world.scenario_order()
    assert set(data["table"]) == set(world.scenario_order())
    assert any(q["changes"] for q in data["questions"])
    b = Brief.from_json(data)
    assert max(len(x) for x in b.render("text").splitlines()) <= 100


def test_cli_brief_takes_a_model_file(tmp_path: Path) -> None:
    """A model written as a file (here the shipped shaping file under another name) joins the
    brief as an extra column, like a built-in name."""
    import shutil

    src = Path(__file__).resolve().parent.parent / "models" / "files"
    shutil.copy(src / "shaping.tree.json", tmp_path / "shaping.tree.json")
    text = (src / "shaping.toml").read_text(encoding="utf-8").replace('name = "shaping"', 'name = "myshaping"', 1)
    (tmp_path / "my.toml").write_text(text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["brief", "--scenario", "us-out", "--model", str(tmp_path / "my.toml"),
                                   "--draws", "2", "--no-flips", "-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert any(c["question"] == "myshaping" for c in data["cells"])
    # the text format of the same brief: the command prints ``brief.render("text")`` and the JSON
    # round trip gives back an equal brief (test_json_round_trip), so rendering the brief read
    # back checks the same text without building the brief a second time
    b = Brief.from_json(data)
    assert any(q.key == "myshaping" for q in b.questions)
    assert max(len(line) for line in b.render("text").splitlines()) <= 100


def test_columns_at_odds_are_read_together(brief: Brief) -> None:
    """Where Russia is deterred (deterrence) yet a nuclear ultimatum is complied with
    (ultimatum) at a scenario's nominal point, the ultimatum question says why both hold; the
    scenarios it names are exactly those where both cells say yes at the nominal point."""
    det, ult = get_model("deterrence"), get_model("ultimatum")
    both = []
    for name in SCENARIOS:
        s = world.load(name)
        point = s.point(world.WORLD)
        d = det.solve(s.model_settings(det), flips=False, world=point, scenario=s).outcome.key
        u = ult.solve(s.model_settings(ult), flips=False, world=point, scenario=s).outcome.key
        if d == "deterrence" and u == "ultimatum":
            both.append(name)
    text = brief.question("ultimatum").together
    if both:
        assert text.startswith(f"in {', '.join(both)}:")
        assert "Deterring a war is not deterring nuclear coercion" in text and "US nuclear umbrella" in text
        assert "Read with the other columns" in brief.render("markdown")
    else:
        assert text == ""
    assert Brief.from_json(json.loads(brief.render("json"))).question("ultimatum").together == text
