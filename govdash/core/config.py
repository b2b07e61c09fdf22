"""Settings: the one place that reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
VAR_DIR = PROJECT_ROOT / "var"


class Settings(BaseSettings):
    """Runtime settings, read from ``GOVDASH_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="GOVDASH_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{VAR_DIR / 'govdash.db'}",
        description="SQLAlchemy URL; SQLite file by default, PostgreSQL via postgresql+psycopg://",
    )
    frameworks_dir: Path = DATA_DIR / "frameworks"
    sample_dir: Path = DATA_DIR / "sample"
    warnings_file: Path = Field(default=DATA_DIR / "warnings" / "rules.toml", description="预警规则文件")
    webhook_url: str | None = Field(default=None, description="where 预警 messages are posted (钉钉/企业微信 robot)")
    webhook_secret: str | None = Field(default=None, description="钉钉 signing secret (SEC…), when the robot has one")
    public_read: bool = Field(default=False, description="anonymous visitors may read the dashboards")
    sqlite_busy_timeout_ms: int = 10_000
    import_chunk_rows: int = 50_000
    max_upload_mb: int = 32
    # Bounds on reading one upload; every file is parsed in a child process held to the last two.
    upload_max_columns: int = Field(default=500, description="columns of the header row")
    upload_max_line_kb: int = Field(default=1024, description="bytes of one CSV line, in KB")
    upload_max_rows: int = Field(default=20_000_000, description="rows of a CSV file or an XLSX sheet")
    upload_max_cells: int = Field(default=5_000_000, description="cells of an XLSX sheet (rows × columns)")
    upload_max_unpacked_mb: int = Field(default=512, description="decompressed size of an XLSX workbook")
    upload_max_seconds: int = Field(default=300, description="seconds of reading one upload")
    upload_max_memory_mb: int = Field(default=2048, description="memory of the process reading one upload")
    cache_ttl_seconds: int = 600
    login_max_failures: int = 5
    login_lockout_seconds: int = 300
    session_hours: float = Field(default=12, description="how long a browser stays signed in without signing in again")
    echo_sql: bool = False
    rectify_working_days: int = Field(
        default=15, ge=1, le=60,
        description="差评 must be rectified within this many working days (国办发〔2019〕51号: 15; some cities 5 or 7); "
                    "changing it recomputes every stored deadline, metric and score",
    )
    chromium_path: Path = Field(
        default=Path("/usr/bin/chromium"),
        description="browser kaleido renders chart images with, when none is found on PATH",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return Settings()
