"""The brief's charts (models/charts.py) and the SVG outcome-map writer (sensitivity/svgmap.py)."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from gametheory.models import get_model, world
from gametheory.models.charts import BASELINE, brief_charts
from gametheory.sensitivity.svgmap import Axis, Category, MapPoint, OutcomeMap, bisect_rows, map_svg, map_text

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def scenarios():
    return {n: world.load(n) for n in world.scenario_order()}


@pytest.fixture(scope="module")
def charts(scenarios):
    return brief_charts(scenarios, world.WORLD)


def _solve_key(model, w, scenario=None):
    return model.solve(world=w, scenario=scenario, flips=False).outcome.key


def test_two_charts_with_plain_titles(charts):
    assert [c.name for c in charts] == ["ultimatum-map", "deterrence-map"]
    assert [c.model for c in charts] == ["ultimatum", "extended_deterrence"]
    assert charts[0].variables == ("us_umbrella", "fuk_resolve")
    assert charts[1].variables == ("us_backing", "us_umbrella")
    for c in charts:
        assert c.title and c.caption and c.illustrative
        assert "_" not in c.title  # words, not parameter names
        assert c.evaluations > 0


def test_svg_parses_with_title_axes_legend_and_one_marker_per_scenario(charts, scenarios):
    for c in charts:
        svg = c.to_svg()
        root = ET.fromstring(svg)
        assert root.tag == SVG + "svg" and root.get("width") == "640"
        assert root.find(SVG + "title").text == c.title
        texts = {t.get("class"): "".join(t.itertext()) for t in root.iter(SVG + "text") if t.get("class")}
        assert "Probability" in texts["x-label"]
        assert texts["y-label"]
        legend = [("".join(t.itertext())) for t in root.iter(SVG + "text") if t.get("class") == "legend"]
        model = get_model(c.model)
        assert legend and all(any(o.headline == entry for o in model.outcomes) for entry in legend)
        markers = [e for e in root.iter() if "marker" in (e.get("class") or "")]
        assert sorted(m.get("data-scenario") for m in markers) == sorted(scenarios)
        # standalone: no scripts, no links to anything outside the document
        assert "<script" not in svg and "href" not in svg
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "Illustrative" in svg


def test_scenario_markers_agree_with_the_model(charts, scenarios):
    """A marker is filled with the scenario's own outcome (model.solve at its full world state);
    it is hollow exactly where the map at its point, the other variables at the baseline, differs."""
    base = world.load(BASELINE).point(world.WORLD)
    for c in charts:
        model = get_model(c.model)
        cats = {cat.key: cat for cat in c.outcome_map.categories}
        root = ET.fromstring(c.to_svg())
        markers = {e.get("data-scenario"): e for e in root.iter() if "marker" in (e.get("class") or "")}
        xv, yv = c.variables
        for name, sc in scenarios.items():
            p = sc.point(world.WORLD)
            own = _solve_key(model, p, sc)
            at = _solve_key(model, {**base, xv: p[xv], yv: p[yv]})
            info = c.scenario_outcomes[name]
            assert (info["outcome"], info["map_outcome"], info["differs"]) == (own, at, own != at)
            e = markers[name]
            assert e.get("data-outcome") == own
            colour = e.get("stroke") if own != at else e.get("fill")
            assert colour == cats[own].colour
            assert ("hollow" in e.get("class")) == (own != at)
            if own != at:
                assert name in c.caption
            # the drawn band through the point has the map's outcome there
            band = next(b for b in c.outcome_map.bands if b.y == p[yv])
            assert band.key_at(p[xv]) == at


def test_fuk_forward_is_hollow_on_the_ultimatum_map(charts):
    info = charts[0].scenario_outcomes["fuk-forward"]
    assert info == {**info, "outcome": "no_ultimatum", "map_outcome": "ultimatum", "differs": True}
    assert "French/UK forward posture" in charts[0].caption


def test_cells_agree_with_model_solves_at_sampled_points(charts):
    base = world.load(BASELINE).point(world.WORLD)
    rng = random.Random(16)
    for c in charts:
        model = get_model(c.model)
        xv, yv = c.variables
        bands = c.outcome_map.bands
        x0, x1 = c.outcome_map.x.low, c.outcome_map.x.high
        checked = 0
        while checked < 10:
            band = rng.choice(bands)
            x = x0 + (x1 - x0) * Fraction(rng.randrange(1, 1000), 1000)
            if any(bd.low < x < bd.high for bd in band.boundaries):
                continue  # inside an exact bracket the change may lie either side
            assert band.key_at(x) == _solve_key(model, {**base, xv: x, yv: band.y}), (c.name, x, band.y)
            checked += 1
        # every boundary bracket is exact: its ends solve to the outcomes either side
        band = next(b for b in bands if b.boundaries)
        bd = band.boundaries[0]
        assert _solve_key(model, {**base, xv: bd.low, yv: band.y}) == bd.left
        assert _solve_key(model, {**base, xv: bd.high, yv: band.y}) == bd.right
        assert bd.high - bd.low <= c.parameters["boundary_width_x"]


def test_other_deterrence_models_find_deterrence_across_the_map(charts):
    """The deterrence map's caption says escalation and deterrence find deterrence across it."""
    assert "find deterrence across this map" in charts[1].caption
    base = world.load(BASELINE).point(world.WORLD)
    for name in ("escalation", "deterrence"):
        model = get_model(name)
        for x in (Fraction(0), Fraction(1, 2), Fraction(1)):
            for y in (Fraction(0), Fraction(1, 2), Fraction(1)):
                w = {**base, "us_backing": x, "us_umbrella": y}
                assert model.outcome_key(model.values(model.from_world(w))) == "deterrence", (name, x, y)


def test_text_map_fits_100_columns_with_legend(charts):
    for c in charts:
        text = c.to_text()
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= 100
        for cat in c.outcome_map.categories:
            assert f"{cat.symbol}  {cat.label}" in text
        body = "".join(line for line in lines if "|" in line)
        shown = {p.mark for p in c.outcome_map.points if p.mark in body}
        assert shown  # coincident points share a cell; the legend lists them
        assert all(p.mark in text for p in c.outcome_map.points)


def test_json_is_exact_and_complete(charts, scenarios):
    for c in charts:
        data = json.loads(json.dumps(c.to_json()))
        assert data["arithmetic"] == "exact" and data["model"] == c.model
        assert len(data["map"]["points"]) == len(scenarios)
        rows = data["map"]["rows"]
        assert len(rows) == len(c.outcome_map.bands)
        b = next(r for r in rows if r["boundaries"])
        lo, hi = (Fraction(v) for v in b["boundaries"][0]["between"])
        assert lo < hi
        assert set(data["scenario_outcomes"]) == set(scenarios)


def test_scenarios_as_a_list_and_without_the_baseline(charts):
    few = [world.load("us-out"), world.load("fuk-forward")]
    got = brief_charts(few, world.WORLD)
    assert [sorted(c.scenario_outcomes) for c in got] == [["fuk-forward", "us-out"]] * 2
    for full, part in zip(charts, got):
        assert part.parameters["baseline"] == BASELINE
        assert part.scenario_outcomes["us-out"]["outcome"] == full.scenario_outcomes["us-out"]["outcome"]
    # pattern ids differ between charts, so both can sit inline in one HTML page
    ids = [{e.get("id") for e in ET.fromstring(c.to_svg()).iter(SVG + "pattern")} for c in charts]
    assert not ids[0] & ids[1]


def _capability_chart(scs):
    from gametheory.models.charts import outcome_chart

    return outcome_chart(
        "capability-map", "extended_deterrence", scs, world.WORLD,
        x=("us_backing", Fraction(0), Fraction(1), "US backing", "percent"),
        y=("europe_capability", Fraction(0), Fraction(3), "European capability", "decimal"),
        title="By US backing and European strength", why="test", rows=4, columns=4, depth=5)


def test_a_map_says_when_the_vertical_variable_does_not_matter(charts, scenarios):
    """European capability does not move extended deterrence at the baseline (which is why the
    brief's deterrence map plots the US nuclear umbrella instead): a map over it says so; the
    brief's two maps change along both axes and say nothing of the kind."""
    cap = _capability_chart(scenarios)
    assert "does not change with European conventional capability" in cap.caption
    assert all("does not change with" not in c.caption for c in charts)
    # the umbrella moves the boundary of the deterrence map: its rows differ
    rows = {tuple((s.key, s.x1) for s in b.segments) for b in charts[1].outcome_map.bands}
    assert len(rows) > 1


def test_a_scenario_off_the_map_is_listed_not_marked(tmp_path):
    f = tmp_path / "strong.toml"
    f.write_text('title = "Strong Europe"\nextends = "us-out"\n[world]\neurope_capability = 5\n', encoding="utf-8")
    sc = world.load(f)
    chart = _capability_chart({sc.name: sc})
    assert chart.scenario_outcomes[sc.name]["on_map"] is False
    assert not chart.outcome_map.points and "Outside the map" in chart.caption
    assert "class=\"marker" not in chart.to_svg()


def test_bisect_rows_brackets_an_exact_boundary():
    third = Fraction(1, 3)
    seen = []

    def classify(points):
        seen.extend(points)
        return ["left" if x < third else "right" for x, _ in points]

    bands, n = bisect_rows(classify, (Fraction(0), Fraction(1)), (Fraction(0), Fraction(2)), rows=3, columns=4,
                           depth=6, extra=[(Fraction(1, 7), Fraction(1, 5))])
    assert n == len(seen)
    assert [b.y for b in bands] == [Fraction(1, 5), Fraction(1, 3), Fraction(1), Fraction(5, 3)]
    assert bands[0].y0 == 0 and bands[-1].y1 == 2
    assert all(a.y1 == b.y0 for a, b in zip(bands, bands[1:]))
    for b in bands:
        (bd,) = b.boundaries
        assert bd.low < third <= bd.high and bd.high - bd.low <= Fraction(1, 4 * 2**6)
        assert [s.key for s in b.segments] == ["left", "right"]
    assert (Fraction(1, 7), Fraction(1, 5)) in seen  # the extra point is sampled itself
    with pytest.raises(ValueError):
        bisect_rows(classify, (Fraction(1), Fraction(0)), (Fraction(0), Fraction(1)))


def test_svg_writer_draws_patterns_and_hollow_markers():
    cats = (Category("a", "Peace", "#77AADD"), Category("b", "War", "#CC3311", "crosshatch", "X", "diamond"),
            Category("c", "Unclear", "#DDDDDD", "dots", ":"))
    bands, _ = bisect_rows(lambda pts: ["a" if x < y else "b" if x < 2 * y else "c" for x, y in pts],
                           (Fraction(0), Fraction(1)), (Fraction(0), Fraction(1)), rows=6, columns=4, depth=3)
    m = OutcomeMap("A <test> & map", Axis("x (probability)", Fraction(0), Fraction(1), (Fraction(0), Fraction(1)),
                                           "percent"),
                   Axis("y (units)", Fraction(0), Fraction(1), (Fraction(0), Fraction(1, 2)), "decimal"), cats,
                   tuple(bands), (MapPoint(Fraction(1, 2), Fraction(1, 2), "A", "p", "b", hollow=True),),
                   caption=("caption",), footnote="illustrative")
    svg = map_svg(m)
    root = ET.fromstring(svg)
    assert root.find(SVG + "title").text == "A <test> & map"
    assert len(list(root.iter(SVG + "pattern"))) == 2
    (marker,) = [e for e in root.iter() if "marker" in (e.get("class") or "")]
    assert marker.tag == SVG + "path"  # the war category's diamond
    assert marker.get("fill") == "#ffffff" and marker.get("stroke") == "#CC3311"
    text = map_text(m)
    assert "100%" in text and "0.5" in text and "X  War" in text and "hollow" in text
