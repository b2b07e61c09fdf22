"""The generated sample of 示例市: determinism, the counts issue 2 asks for, realism, and the story it tells."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from govdash.core.workdays import WorkdayCalendar
from govdash.domain import vocab
from govdash.frameworks import Framework, list_frameworks, reported_indicators
from govdash.synthetic import (
    SAMPLE_FILES,
    SampleData,
    SampleSpec,
    evaluation_chunks,
    generate_sample,
    write_sample,
)
from govdash.synthetic.boundaries import write_sample_boundaries
from govdash.synthetic.profiles import FEW_SURVEYS, IMPROVING, LAGGARD, LEADER, MISSING_REPORTED, WEAK_YUNXING
from govdash.synthetic.reported import raw_from_score

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"
ID_RE = re.compile(r"\d{17}[\dX]")
PHONE_RE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture(scope="module")
def sample() -> SampleData:
    return generate_sample()


@pytest.fixture(scope="module")
def frameworks() -> dict[str, Framework]:
    return list_frameworks()


def _district(sample: SampleData, role: str) -> str:
    return str(sample.districts.loc[sample.districts["role"] == role, "code"].iat[0])


def _digests(directory: Path, *, unpack: bool = False) -> dict[str, str]:
    read = _content if unpack else Path.read_bytes
    return {p.name: hashlib.sha256(read(p)).hexdigest() for p in sorted(directory.iterdir())}


def test_write_sample_same_bytes_on_every_run(tmp_path: Path, sample: SampleData) -> None:
    write_sample(sample, tmp_path / "first")
    write_sample(generate_sample(), tmp_path / "second")
    first = _digests(tmp_path / "first")
    assert set(first) == {f.name for f in SAMPLE_FILES}
    assert first == _digests(tmp_path / "second")


def test_committed_sample_matches_generator(tmp_path: Path, sample: SampleData) -> None:
    # The files in data/sample/ are the generator's output: change the generator and run
    # scripts/generate_sample_data.py, never edit them by hand. A file left over from an older layout fails too.
    # Compressed files are compared by their content: another zlib build may pack the same bytes differently.
    write_sample(sample, tmp_path)
    write_sample_boundaries(tmp_path)
    committed = {name: digest for name, digest in _digests(SAMPLE_DIR, unpack=True).items() if name != "README.md"}
    assert committed == _digests(tmp_path, unpack=True)


def _content(path: Path) -> bytes:
    raw = path.read_bytes()
    return gzip.decompress(raw) if path.name.endswith(".gz") else raw


def test_write_sample_encodings_and_headers(tmp_path: Path, sample: SampleData) -> None:
    write_sample(sample, tmp_path)
    for f in SAMPLE_FILES:
        raw = _content(tmp_path / f.name)
        text = raw.decode("gb18030" if f.encoding == "gbk" else f.encoding)
        assert raw.startswith(b"\xef\xbb\xbf") == (f.encoding == "utf-8-sig"), f.name
        if f.encoding == "gbk":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        header = text.splitlines()[0].split(",")
        assert "区县代码" in header or "区划代码" in header, f.name
    wide_header = (tmp_path / "survey_b_wide.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert wide_header.endswith("Q5 向他人推荐网上办事的意愿")


def test_write_sample_compresses_only_the_large_files_reproducibly(tmp_path: Path, sample: SampleData) -> None:
    write_sample(sample, tmp_path)
    packed = {f.name for f in SAMPLE_FILES if f.name.endswith(".csv.gz")}
    assert packed == {"catalog.csv.gz", "service_items.csv.gz", "evaluations.csv.gz", "survey_a_long.csv.gz"}
    for name in packed:
        header = (tmp_path / name).read_bytes()[:10]
        # Magic, deflate, no flags (so no file name), time stamp 0: the bytes depend on the data alone.
        assert header[:8] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00", name
    assert any(f.encoding == "gbk" and not f.name.endswith(".gz") for f in SAMPLE_FILES)
    total = sum((tmp_path / f.name).stat().st_size for f in SAMPLE_FILES)
    assert total < 4 * 1024 * 1024


def test_sample_counts_meet_issue_two(sample: SampleData) -> None:
    last = sample.spec.periods[-1]
    assert len(sample.districts) >= 12
    assert sample.regions["code"].str.fullmatch(r"99\d{4}|99\d{7}").all()  # 区县 and their 街道
    assert (sample.regions["code"].str.len() == 9).sum() == 5
    assert sample.service_items["code"].nunique() >= 2_000
    assert (sample.catalog["period"] == last).sum() >= 3_000
    assert len(sample.demands) >= 500
    assert len(sample.evaluations) >= 60_000
    responses = sample.survey_long["response_code"].nunique() + len(sample.survey_wide)
    assert responses >= 5_000
    assert sample.spec.periods == tuple(f"{y}Q{q}" for y in (2024, 2025) for q in range(1, 5))


def test_departments_roster_sizes_and_names(sample: SampleData) -> None:
    sizes = sample.departments.groupby("region_code").size()
    assert sizes.between(20, 32).all()
    names = dict(zip(sample.districts["code"], sample.districts["name"], strict=True))
    starts_with_district = [n.startswith(names[c]) for c, n in
                            zip(sample.departments["region_code"], sample.departments["name"], strict=True)]
    assert all(starts_with_district)
    assert "滨江区市场监督管理局" in set(sample.departments["name"])


def test_catalog_grows_and_negative_list_has_grounds(sample: SampleData) -> None:
    per_period = sample.catalog.groupby("period").size()
    assert per_period.is_monotonic_increasing and per_period.iat[0] < 0.7 * per_period.iat[-1]
    negative = sample.catalog[sample.catalog["on_negative_list"]]
    assert (negative["share_type"] == "不予共享").all() and len(negative) > 100
    assert negative["negative_reason"].str.match(r"依据《中华人民共和国.+》第.+条").mean() > 0.99
    assert set(sample.catalog["update_cycle"]) <= set(vocab.UPDATE_CYCLES)
    assert (sample.catalog["last_updated"] <= pd.Timestamp(sample.spec.export_date)).all()
    calls = sample.catalog.loc[sample.catalog["period"] == sample.spec.periods[-1], "call_count"]
    assert calls.nlargest(len(calls) // 10).sum() > 0.5 * calls.sum()  # heavy tail: top 10 % make most calls


def test_demands_outcomes_and_reasons(sample: SampleData) -> None:
    d = sample.demands
    assert set(d["status"]) == {"待审核", "已对接", "已驳回"}
    closed = d["status"] != "待审核"
    assert d.loc[closed, "closed_on"].notna().all() and d.loc[~closed, "closed_on"].isna().all()
    assert (d.loc[closed, "closed_on"] >= d.loc[closed, "applied_on"]).all()
    rejected = d[d["status"] == "已驳回"]
    assert rejected["reject_reason"].str.startswith(("依据", "所申请", "申请")).sum() >= 0.5 * len(rejected)
    assert d["demand_no"].is_unique


def test_service_items_break_no_rule_and_few_warnings(sample: SampleData) -> None:
    s = sample.service_items
    assert (s["promised_days"] <= s["legal_days"]).all()
    assert (s["online_volume"] <= s["volume"]).all()
    depth_with_visit = (s["online_depth"] == 4) & (s["visits"] > 0)
    instant_with_days = s["instant"] & (s["promised_days"] > 0)
    visit_without_reason = (s["visits"] > 0) & (s["visit_reason"] == "")
    for rule in (depth_with_visit, instant_with_days, visit_without_reason):
        assert 1 <= rule.sum() <= 8
    assert s.groupby("period")["code"].count().min() >= 1_900


def test_evaluations_channel_mix_and_ratings(sample: SampleData) -> None:
    e = sample.evaluations
    mix = e["channel"].value_counts(normalize=True)
    assert mix.index[:2].tolist() == ["移动端", "PC端"]
    assert mix["窗口"] > 0.15
    assert (mix[["自助终端", "12345热线", "短信"]] < 0.08).all()
    bad = e["rating"] <= vocab.BAD_RATING_MAX
    assert 0.01 <= bad.mean() <= 0.03
    assert (e["rating"] >= vocab.GOOD_RATING_MIN).mean() > 0.9
    assert e["eval_no"].is_unique


def test_evaluations_bad_ratings_handled_mostly_in_time(sample: SampleData) -> None:
    e = sample.evaluations
    bad = e[e["rating"] <= vocab.BAD_RATING_MAX]
    deadline = WorkdayCalendar().nth_workday_after(bad["evaluated_at"].to_numpy().astype("datetime64[D]"), 15)
    fixed = bad["rectified_at"].notna()
    on_time = fixed & (bad["rectified_at"].to_numpy().astype("datetime64[D]") <= deadline)
    assert on_time.mean() > 0.7
    assert (fixed & ~on_time).sum() > 10  # late
    assert (~fixed).sum() > 10  # never
    assert (bad.loc[fixed, "rectified_at"] > bad.loc[fixed, "evaluated_at"]).all()
    assert bad["callback_at"].notna().sum() > 0.6 * len(bad)
    assert e.loc[e["rating"] > vocab.BAD_RATING_MAX, "rectified_at"].isna().all()


def test_evaluations_bad_ratings_spanning_spring_festival_rectified_after_it(sample: SampleData) -> None:
    e = sample.evaluations
    bad = e[(e["rating"] <= vocab.BAD_RATING_MAX) & e["rectified_at"].notna()]
    # 2025年春节 1月28日–2月4日: no 差评 is rectified on a day off; some are on the Sunday 1月26日 worked instead.
    days = bad["rectified_at"].dt.normalize()
    assert not days.between(pd.Timestamp("2025-01-28"), pd.Timestamp("2025-02-04")).any()
    assert (days == pd.Timestamp("2025-01-26")).any() or (days == pd.Timestamp("2025-02-08")).any()
    struck = bad["verification"].isin(["不属实", "恶意评价"]) & (bad["appeal_result"] == "申诉成立")
    assert 0 < struck.sum() < 0.2 * len(bad)
    assert e.loc[e["is_default"], "rating"].eq(5).all() and e["is_default"].any()


def test_evaluations_comments_carry_invented_numbers_to_mask(sample: SampleData) -> None:
    comments = sample.evaluations["comment"]
    assert 0.05 < (comments != "").mean() < 0.3
    ids = comments.str.extract(f"({ID_RE.pattern})", expand=False).dropna()
    phones = comments.str.extract(f"(?<!\\d)({PHONE_RE.pattern})(?!\\d)", expand=False).dropna()
    assert len(ids) >= 10 and len(phones) >= 50
    assert ids.str.startswith("99").all()
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for number in ids:
        assert "10X98765432"[sum(int(c) * w for c, w in zip(number[:17], weights, strict=True)) % 11] == number[-1]


def test_evaluations_refer_to_items_listed_that_quarter(sample: SampleData) -> None:
    e = sample.evaluations
    quarter = e["evaluated_at"].dt.year.astype(str) + "Q" + e["evaluated_at"].dt.quarter.astype(str)
    listed = set(zip(sample.service_items["period"], sample.service_items["code"], strict=True))
    assert all(pair in listed for pair in zip(quarter, e["item_code"], strict=True))
    office = e["channel"].isin(["窗口", "自助终端"])
    assert (e.loc[office, "evaluated_at"].dt.day_of_week < 5).all()


def test_evaluation_chunks_number_consecutively() -> None:
    spec = SampleSpec(n_districts=4, periods=("2025Q3", "2025Q4"), catalog_entries=200, service_items=300,
                      evaluations=6_000, demands=20, evaluation_chunk_rows=1_000)
    data = generate_sample(spec, with_evaluations=False)
    chunks = list(evaluation_chunks(spec, data.service_items, data.levels))
    assert len(chunks) >= 6
    numbers = pd.concat(chunks)["eval_no"].str[2:].astype(int)
    assert numbers.tolist() == list(range(1, len(numbers) + 1))
    assert 5_500 < len(numbers) < 6_500


def test_surveys_enough_answers_except_one_district(sample: SampleData) -> None:
    few = _district(sample, FEW_SURVEYS)
    long_counts = sample.survey_long.groupby(["region_code", "q"])["response_code"].nunique()
    wide_counts = sample.survey_wide.groupby(["region_code", "q"]).size()
    for counts in (long_counts, wide_counts):
        assert (counts.drop(few, level="region_code") >= 30).all()
    assert ((long_counts[few] + wide_counts[few]) < 30).all()
    assert sample.survey_long["score"].between(1, 5).all()
    answers = sample.survey_wide[["Q1", "Q2", "Q3", "Q4", "Q5"]]
    assert ((answers >= 0) & (answers <= 10)).all().all()


def test_reported_values_cover_every_indicator_but_one_sheet(sample: SampleData) -> None:
    indicators = reported_indicators()
    rep = sample.reported
    missing = _district(sample, MISSING_REPORTED)
    last = sample.spec.periods[-1]
    expected = {(c, p, i) for c in sample.districts["code"] for p in sample.spec.periods for i in indicators
                if not (c == missing and p == last)}
    assert set(zip(rep["region_code"], rep["period"], rep["indicator_code"], strict=True)) == expected
    assert (rep["unit"] == rep["indicator_code"].map(lambda c: indicators[c].unit)).all()
    percent = rep[rep["unit"] == "%"]["value"]
    assert percent.between(0, 100).all()
    assert set(rep.loc[rep["unit"] == "0/1", "value"]) <= {0.0, 1.0}


def test_raw_from_score_inverts_goalposts(frameworks: dict[str, Framework]) -> None:
    indicator = reported_indicators(frameworks)["avg_handling_hours"]  # negative, 0–72 h
    # score 75 on a lower-is-better 0–72 scale: 72 − 0.75 × 72 = 18 h
    assert raw_from_score(indicator, np.array([75.0])).tolist() == [18.0]


# --- The story, checked on scores computed from the frames with each framework's goalposts and weights ---

def _rate(mask: pd.Series, by: pd.Series) -> pd.Series:
    return mask.groupby(by).mean() * 100


def _metric_values(sample: SampleData, period: str) -> pd.DataFrame:
    """Raw values of the record-based metrics per district for one quarter (rates in %)."""
    s = sample.service_items[sample.service_items["period"] == period]
    c = sample.catalog[sample.catalog["period"] == period]
    q = sample.spec.periods.index(period)
    e = sample.evaluations[sample.evaluations["evaluated_at"].dt.to_period("Q").astype(str) == period]
    bad = e[e["rating"] <= vocab.BAD_RATING_MAX]
    deadline = WorkdayCalendar().nth_workday_after(bad["evaluated_at"].to_numpy().astype("datetime64[D]"), 15)
    on_time = bad["rectified_at"].notna() & (bad["rectified_at"].to_numpy().astype("datetime64[D]") <= deadline)
    end = pd.Timestamp(sample.spec.period_ends()[q])
    d = sample.demands[sample.demands["applied_on"] <= end]
    lawful = (d["status"] == "已驳回") & (d["reject_reason"] != "")
    matched = (d["status"] == "已对接") & (d["closed_on"] <= end)
    cycle_days = c["update_cycle"].map(lambda z: vocab.UPDATE_CYCLE_MAX_DAYS.get(vocab.UPDATE_CYCLES[z]))
    timely = ((end - c["last_updated"]).dt.days <= cycle_days)[cycle_days.notna()]
    survey = pd.concat([
        sample.survey_long[sample.survey_long["q"] == q].assign(x=lambda f: (f["score"] - 1) / 4 * 100),
        sample.survey_wide[sample.survey_wide["q"] == q].melt(id_vars=["region_code"], value_vars=["Q1", "Q2", "Q3", "Q4", "Q5"],
                                                                 value_name="v").assign(x=lambda f: f["v"] * 10),
    ])
    return pd.DataFrame({
        "service.full_online_rate": _rate(s["online_depth"] == 4, s["region_code"]),
        "service.zero_visit_rate": _rate((s["visits"] == 0) | (s["online_depth"] == 4), s["region_code"]),
        "service.max_one_visit_rate": _rate(s["visits"] <= 1, s["region_code"]),
        "service.promise_compression_rate": 100 * (1 - s.groupby("region_code")["promised_days"].sum()
                                                   / s.groupby("region_code")["legal_days"].sum()),
        "service.instant_ratio": _rate(s["instant"], s["region_code"]),
        "service.mobile_rate": _rate(s["mobile"], s["region_code"]),
        "service.online_volume_ratio": 100 * s.groupby("region_code")["online_volume"].sum()
        / s.groupby("region_code")["volume"].sum(),
        "evaluation.good_rate": _rate(e["rating"] >= vocab.GOOD_RATING_MIN, e["region_code"]),
        "evaluation.bad_rectify_rate": _rate(bad["rectified_at"].notna(), bad["region_code"]),
        "evaluation.bad_ontime_rate": _rate(on_time, bad["region_code"]),
        "evaluation.coverage_rate": 100 * e.groupby("region_code").size() / s.groupby("region_code")["volume"].sum(),
        "evaluation.active_rate": 100 * (~e["is_default"]).groupby(e["region_code"]).sum()
        / s.groupby("region_code")["volume"].sum(),
        "survey.score": survey.groupby("region_code")["x"].mean(),
        "catalog.dept_coverage": 100 * c.groupby("region_code")["department"].nunique()
        / sample.departments.groupby("region_code").size(),
        "catalog.shareable_rate": _rate(c["share_type"] != "不予共享", c["region_code"]),
        "catalog.unconditional_share_ratio": _rate(c["share_type"] == "无条件共享", c["region_code"]),
        "catalog.open_rate": _rate(c["open_type"] != "不予开放", c["region_code"]),
        "catalog.update_timeliness_rate": _rate(timely, c.loc[timely.index, "region_code"]),
        "catalog.call_volume": c.groupby("region_code")["call_count"].sum(),
        "demand.match_rate": 100 * matched.groupby(d["region_code"]).sum()
        / (~lawful).groupby(d["region_code"]).sum(),
    })


def _scores(sample: SampleData, framework: Framework, period: str) -> pd.DataFrame:
    """Dimension scores and the overall index per district (goalposts, weighted means; missing left out)."""
    metrics = _metric_values(sample, period)
    rep = sample.reported[sample.reported["period"] == period].pivot(
        index="region_code", columns="indicator_code", values="value")
    codes = sample.districts["code"]
    dims = {}
    for dim in framework.dimensions:
        normalized, weights = {}, {}
        for ind in dim.indicators:
            raw = metrics[ind.metric] if ind.metric else rep.get(ind.code, pd.Series(dtype=float))
            x = np.log10(raw.clip(lower=1)) if ind.transform == "log10" else raw
            lo, hi = float(ind.lo or 0), float(ind.hi or 100)
            norm = ((hi - x) if ind.direction == "negative" else (x - lo)) / (hi - lo) * 100
            normalized[ind.code] = norm.clip(0, 100).reindex(codes)
            weights[ind.code] = ind.weight
        values = pd.DataFrame(normalized)
        present = values.notna() * pd.Series(weights)
        coverage = present.sum(axis=1) / sum(weights.values())
        dims[dim.code] = ((values.fillna(0) * present).sum(axis=1) / present.sum(axis=1)).where(coverage >= 0.5)
    frame = pd.DataFrame(dims)
    total = sum(d.weight for d in framework.dimensions)
    frame["overall"] = sum(frame[d.code] * d.weight for d in framework.dimensions) / total
    frame.index = codes.to_numpy()
    return frame


@pytest.mark.parametrize("framework_code", ["digital_gov", "district_health"])
def test_story_leader_first_laggard_last(sample: SampleData, frameworks: dict[str, Framework],
                                         framework_code: str) -> None:
    for period in (sample.spec.periods[0], sample.spec.periods[-2]):
        overall = _scores(sample, frameworks[framework_code], period)["overall"]
        assert overall.idxmax() == _district(sample, LEADER), period
        assert overall.idxmin() == _district(sample, LAGGARD), period
        assert overall.max() > 80 and overall.min() < 60


def test_story_improving_district_climbs(sample: SampleData, frameworks: dict[str, Framework]) -> None:
    improving = _district(sample, IMPROVING)
    first = _scores(sample, frameworks["district_health"], sample.spec.periods[0])["overall"]
    later = _scores(sample, frameworks["district_health"], sample.spec.periods[-2])["overall"]
    assert first.rank(ascending=False)[improving] >= len(first) - 3  # among the last four at the start
    assert later.rank(ascending=False)[improving] <= 3  # among the first three at the end
    assert later[improving] - first[improving] > 25


def test_story_weak_yunxing_pillar_only_there(sample: SampleData, frameworks: dict[str, Framework]) -> None:
    weak = _district(sample, WEAK_YUNXING)
    for period in sample.spec.periods[:-1]:
        scores = _scores(sample, frameworks["district_health"], period)
        assert scores.loc[weak, "yunxing"] < 60, period
        assert scores.loc[weak, "overall"] >= 70, period
        pillars = scores.drop(columns="overall")
        healthy_with_weak_spot = scores.index[(scores["overall"] >= 70) & (pillars < 60).any(axis=1)]
        assert healthy_with_weak_spot.tolist() == [weak], period


def test_story_missing_sheet_leaves_reported_dimensions_empty(sample: SampleData,
                                                             frameworks: dict[str, Framework]) -> None:
    missing = _district(sample, MISSING_REPORTED)
    scores = _scores(sample, frameworks["district_health"], sample.spec.periods[-1])
    assert np.isnan(scores.loc[missing, "yunxing"]) and np.isnan(scores.loc[missing, "tongguan"])
    assert scores.drop(index=missing)[["yunxing", "tongguan"]].notna().all().all()


def test_generate_sample_scales_to_many_districts() -> None:
    spec = SampleSpec(n_districts=300, periods=("2025Q4",), catalog_entries=9_000, service_items=6_000,
                      evaluations=30_000, survey_a_per_cell=3, survey_b_per_cell=3, demands=100)
    data = generate_sample(spec)
    assert data.districts["code"].is_unique and data.districts["code"].str.fullmatch(r"99\d{4}").all()
    assert data.districts.groupby(data.districts["code"].str[:4])["name"].apply(lambda n: n.is_unique).all()
    assert set(data.regions.loc[data.regions["level"] == "市", "code"]) == {"990100", "990200", "990300",
                                                                          "990400"}
    assert data.catalog["code"].nunique() == 9_000
    assert data.service_items["code"].nunique() == 6_000
    assert 28_000 < len(data.evaluations) < 32_000
