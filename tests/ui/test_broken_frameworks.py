"""One broken framework file in the folder: every page still runs, says which file is broken, and the others work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from govdash.core import config
from tests.ui.conftest import AppAt, exceptions

FRAMEWORKS = Path(__file__).resolve().parents[2] / "data" / "frameworks"
PAGES = ("pages/overview.py", "pages/index_a.py", "pages/health.py", "pages/methodology.py",
         "pages/presentation.py")


@pytest.fixture
def broken_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped frameworks with digital_gov.toml given a negative weight, plus a file that is not TOML."""
    for name in ("digital_gov.toml", "district_health.toml"):
        shutil.copy(FRAMEWORKS / name, tmp_path / name)
    text = (tmp_path / "digital_gov.toml").read_text(encoding="utf-8")
    (tmp_path / "digital_gov.toml").write_text(text.replace("weight = 15\n", "weight = -15\n", 1), encoding="utf-8")
    (tmp_path / "zz_typo.toml").write_text('[framework]\ncode = "typo"\n[[bands]\n', encoding="utf-8")
    monkeypatch.setenv("GOVDASH_FRAMEWORKS_DIR", str(tmp_path))
    config.get_settings.cache_clear()
    return tmp_path


@pytest.mark.parametrize("page", PAGES, ids=[Path(p).stem for p in PAGES])
def test_pages_run_with_broken_framework_files_and_name_them(app_at: AppAt, broken_folder: Path, page: str):
    at = app_at(page, framework="digital_gov")

    assert exceptions(at) == []
    sidebar = "\n".join(t.value for t in at.sidebar.text)
    assert "digital_gov.toml: dimensions[readiness].weight: 权重必须为正数,当前为 -15.0(第 " in sidebar
    assert "zz_typo.toml: TOML 格式错误,第 3 行第 8 列:数组表头缺少结尾的“]]”" in sidebar
    assert [e.label for e in at.sidebar.expander if "框架文件无法加载" in e.label] == ["2 个框架文件无法加载"]


def test_index_page_falls_back_to_the_framework_that_still_loads(app_at: AppAt, broken_folder: Path):
    at = app_at("pages/index_a.py", framework="digital_gov")

    assert at.title[0].value == "区级“三网一基一指数”运行管理健康指数"
