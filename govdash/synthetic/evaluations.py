"""政务服务“好差评” records: drawn from the cases of each service item, with 差评 handling and callbacks.

Generated in chunks of whole service-item quarters, so that ten million records never sit in memory at once;
each chunk has its own random stream, so the result depends only on the spec.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from govdash.core.workdays import WorkdayCalendar
from govdash.domain import vocab
from govdash.synthetic.organisation import street_codes
from govdash.synthetic.profiles import evaluation_coverage, lerp_level
from govdash.synthetic.spec import STREAM_EVALUATIONS, SampleSpec
from govdash.synthetic.texts import BAD_COMMENTS, GOOD_COMMENTS, ID_COMMENTS, NEUTRAL_COMMENTS, PHONE_COMMENTS

CHANNELS = np.array(["移动端", "PC端", "窗口", "自助终端", "12345热线", "短信"])
_ONLINE_MIX = np.array([0.50, 0.32, 0.08, 0.04, 0.03, 0.03])  # items handled fully online
_OFFLINE_MIX = np.array([0.16, 0.10, 0.56, 0.08, 0.04, 0.06])
_OFFICE_CHANNELS = ("窗口", "自助终端")  # rated on site, on working days during office hours
_ONLINE_HOURS = np.array([1, 1, 2, 3, 4, 5, 6, 6, 6, 5, 5, 5, 6, 6, 5, 4, 3], dtype=float)  # 07:00 to 23:00
_REAL_NAME_SHARE = {"移动端": 1.0, "PC端": 1.0, "短信": 1.0, "窗口": 0.6, "自助终端": 0.6, "12345热线": 0.8}
_PHONE_SHARE, _ID_SHARE = 0.0025, 0.0008
_DEFAULT_SHARE = 0.15  # online 非常满意 that were in fact the system's default after 7 days unrated


def _chunks(rows: pd.DataFrame, expected: np.ndarray, chunk_rows: int) -> list[np.ndarray]:
    """Split service-item quarters into groups of whole quarters' rows, none expecting more than ``chunk_rows``."""
    bounds = []
    for _, idx in rows.groupby("q", sort=True).indices.items():
        running = np.cumsum(expected[idx])
        cut = np.searchsorted(running, np.arange(chunk_rows, running[-1] + chunk_rows, chunk_rows), side="right")
        bounds += [part for part in np.split(idx, np.unique(cut[cut < len(idx)])) if len(part)]
    return bounds


def _moments(spec: SampleSpec, q: np.ndarray, channel: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw evaluation times within each quarter: office channels on working days in office hours."""
    starts, ends = spec.period_starts()[q], spec.period_ends()[q]
    days = (ends - starts).astype(int) + 1
    day = starts + np.floor(rng.random(len(q)) * days).astype("timedelta64[D]")
    office = np.isin(channel, _OFFICE_CHANNELS)
    forward = np.busday_offset(day, 0, roll="forward")
    backward = np.busday_offset(day, 0, roll="backward")
    day = np.where(office, np.where(forward <= ends, forward, backward), day)
    online_hour = 7 + rng.choice(len(_ONLINE_HOURS), size=len(q), p=_ONLINE_HOURS / _ONLINE_HOURS.sum())
    minutes = np.where(office, 9 * 60 + np.floor(rng.random(len(q)) * 510),
                       online_hour * 60 + np.floor(rng.random(len(q)) * 60)).astype(int)
    return day.astype("datetime64[m]") + minutes.astype("timedelta64[m]")


def _ratings(lv: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    bad, middling = lerp_level(lv, 0.029, 0.009), lerp_level(lv, 0.045, 0.012)
    u = rng.random(len(lv))
    return np.select([u < 0.35 * bad, u < bad, u < bad + middling, u < bad + middling + 0.18], [1, 2, 3, 4], 5)


def _id_number(region: str, rng: np.random.Generator) -> str:
    """Invent an 18-digit 身份证号 with a valid check digit (region prefix 99: no real person has it)."""
    birth = np.datetime64("1950-01-01") + np.timedelta64(int(rng.integers(0, 20000)), "D")
    body = f"{region}{str(birth).replace('-', '')}{int(rng.integers(0, 1000)):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _comments(rating: np.ndarray, region: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    n = len(rating)
    u, pick = rng.random(n), rng.random(n)
    out = np.full(n, "", dtype=object)
    for mask, share, pool in ((rating >= 4, 0.08, GOOD_COMMENTS), (rating == 3, 0.40, NEUTRAL_COMMENTS),
                              (rating <= 2, 0.75, BAD_COMMENTS)):
        hit = mask & (u < share)
        out[hit] = np.array(pool)[(pick[hit] * len(pool)).astype(int)]
    for i in np.flatnonzero(u > 1 - _PHONE_SHARE):
        phone = f"1{rng.choice(list('3579'))}{int(rng.integers(0, 10**9)):09d}"
        out[i] = PHONE_COMMENTS[i % len(PHONE_COMMENTS)].format(phone=phone)
    for i in np.flatnonzero((u > 1 - _PHONE_SHARE - _ID_SHARE) & (u <= 1 - _PHONE_SHARE)):
        out[i] = ID_COMMENTS[i % len(ID_COMMENTS)].format(id=_id_number(region[i], rng))
    return out


def _bad_handling(spec: SampleSpec, evaluated: np.ndarray, rating: np.ndarray, lv: np.ndarray,
                  rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Rectification and callback times of 差评: most within 15 statutory working days, some late, some never.

    Counted with the holiday calendar, so a 差评 before 春节 or 国庆 is rectified after the holiday, not during it.
    """
    n = len(rating)
    u = rng.random((n, 4))
    rectified = (rating <= vocab.BAD_RATING_MAX) & (u[:, 0] < lerp_level(lv, 0.80, 1.0))
    on_time = u[:, 1] < lerp_level(lv, 0.70, 0.99)
    delay = np.where(on_time, 1 + np.floor(u[:, 2] ** 2 * 13), 17 + np.floor(u[:, 2] * 24)).astype(int)
    day = WorkdayCalendar().nth_workday_after(evaluated.astype("datetime64[D]"), delay)
    fix_at = day.astype("datetime64[m]") + (9 * 60 + np.floor(u[:, 3] * 540)).astype("timedelta64[m]")
    call_at = fix_at + (np.floor(u[:, 3] * 4 * 1440) + 1440).astype("timedelta64[m]")
    cutoff = np.datetime64(spec.export_date, "m")
    called = rectified & (rng.random(n) < lerp_level(lv, 0.75, 1.0)) & (call_at <= cutoff)
    rectified &= fix_at <= cutoff
    nat = np.datetime64("NaT", "m")
    return np.where(rectified, fix_at, nat), np.where(called & rectified, call_at, nat)


def _verification(frame: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """系统默认好评 for some online cases left unrated; 核实结果, 申诉 and 督办 of the 差评."""
    n = len(frame)
    u = rng.random((n, 4))
    rating, online = frame["rating"].to_numpy(), ~frame["channel"].isin(_OFFICE_CHANNELS).to_numpy()
    bad = rating <= vocab.BAD_RATING_MAX
    is_default = (rating == 5) & online & (u[:, 0] < _DEFAULT_SHARE)
    found = np.where(u[:, 1] < 0.86, "属实", np.where(u[:, 1] < 0.96, "不属实", "恶意评价"))
    verification = pd.Series(found).where(bad, None).to_numpy()
    appealed = bad & (found != "属实")
    appeal = pd.Series(np.where(u[:, 2] < 0.7, "申诉成立", "申诉不成立")).where(appealed, None).to_numpy()
    supervised = bad & (found == "属实") & frame["rectified_at"].isna().to_numpy() & (u[:, 3] < 0.6)
    return {"is_default": is_default, "verification": verification, "appeal_result": appeal,
            "supervised": supervised}


def _pick(mix: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Return the channel each uniform draw ``u`` falls on, given the channel shares ``mix``."""
    edges = np.cumsum(mix) / mix.sum()
    return CHANNELS[np.minimum(np.searchsorted(edges, u, side="right"), len(CHANNELS) - 1)]


def _chunk_frame(spec: SampleSpec, rows: pd.DataFrame, counts: np.ndarray, lv_rows: np.ndarray,
                 rng: np.random.Generator) -> pd.DataFrame:
    idx = np.repeat(np.arange(len(rows)), counts)
    depth4 = rows["online_depth"].to_numpy()[idx] == 4
    u = rng.random(len(idx))
    channel = np.where(depth4, _pick(_ONLINE_MIX, u), _pick(_OFFLINE_MIX, u))
    evaluated = _moments(spec, rows["q"].to_numpy()[idx], channel, rng)
    lv = lv_rows[idx]
    rating = _ratings(lv, rng)
    region = rows["region_code"].to_numpy()[idx]
    real_share = pd.Series(channel).map(_REAL_NAME_SHARE).to_numpy(dtype=float)
    rectified, callback = _bad_handling(spec, evaluated, rating, lv, rng)
    frame = pd.DataFrame({
        "region_code": region, "item_code": rows["code"].to_numpy()[idx],
        "department": rows["department"].to_numpy()[idx], "channel": channel, "rating": rating,
        "real_name": rng.random(len(idx)) < real_share, "evaluated_at": evaluated,
        "comment": _comments(rating, region, rng), "rectified_at": rectified, "callback_at": callback,
    })
    frame = frame.assign(**_verification(frame, rng))
    frame["district"] = rows["district"].to_numpy()[idx]
    frame = frame.sort_values(["evaluated_at", "item_code"], kind="stable", ignore_index=True)
    frame["region_code"] = street_codes(frame["region_code"], frame["channel"], _OFFICE_CHANNELS)
    return frame


def evaluation_chunks(spec: SampleSpec, service_rows: pd.DataFrame, levels: np.ndarray) -> Iterator[pd.DataFrame]:
    """Yield the 好差评 records chunk by chunk, numbered 评价编号 HP00000001 onwards."""
    district, q = service_rows["district"].to_numpy(), service_rows["q"].to_numpy()
    lv_rows = levels[district, q]
    coverage = evaluation_coverage(levels)[district, q]
    expected = service_rows["volume"].to_numpy() * coverage
    issued = 0
    for number, idx in enumerate(_chunks(service_rows, expected, spec.evaluation_chunk_rows)):
        rng = spec.rng(STREAM_EVALUATIONS, number)
        rows = service_rows.iloc[idx].reset_index(drop=True)
        counts = rng.binomial(rows["volume"].to_numpy(), coverage[idx])
        frame = _chunk_frame(spec, rows, counts, lv_rows[idx], rng)
        frame.insert(0, "eval_no", [f"HP{issued + i + 1:08d}" for i in range(len(frame))])
        issued += len(frame)
        yield frame


def evaluations(spec: SampleSpec, service_rows: pd.DataFrame, levels: np.ndarray) -> pd.DataFrame:
    """All 好差评 records in one frame (use ``evaluation_chunks`` at large sizes)."""
    return pd.concat(list(evaluation_chunks(spec, service_rows, levels)), ignore_index=True)
