# govdash — the two commands of the README, and the rest of the workflow.
#   make run    set everything up and start the app (ADDRESS, PORT overridable)
#   make test   set everything up (Debian packages included) and run ruff, mypy and the whole test suite

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium fonts-noto-cjk

PG_DIR ?= /tmp/govdash-pg-test
PG_PORT ?= 55432

.PHONY: help venv system-deps demo-db run test test-pg lint typecheck pytest clean sample-data

help:
	@echo "make run     — 建立虚拟环境、示例数据库并启动看板 (http://$(ADDRESS):$(PORT))"
	@echo "make test    — 安装依赖并运行全部检查和测试"

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# Debian packages the browser tests and chart exports need: chromium (Playwright, kaleido) and a CJK font.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then \
		echo "installing $(APT_PACKAGES) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES); \
	fi

demo-db: venv
	$(BIN)/govdash init-demo --if-missing

run: demo-db
	@if [ -f var/demo-accounts.txt ]; then cat var/demo-accounts.txt; fi
	$(BIN)/python -m govdash.ui.server --server.headless true \
		--server.address $(ADDRESS) --server.port $(PORT)

lint: venv
	$(BIN)/ruff check .

typecheck: venv
	$(BIN)/mypy

pytest: venv system-deps
	$(BIN)/pytest

test: venv system-deps lint typecheck pytest

# The database and metric tests again, on a throwaway PostgreSQL server (installed with apt-get when missing).
test-pg: venv
	@if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then \
		echo "installing postgresql with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql; \
	fi
	@scripts/pg-throwaway stop $(PG_DIR); \
	url=$$(scripts/pg-throwaway start $(PG_DIR) $(PG_PORT)) || exit 1; \
	trap 'scripts/pg-throwaway stop $(PG_DIR)' EXIT; \
	echo "PostgreSQL test server: $$url"; \
	GOVDASH_TEST_DATABASE_URL=$$url $(BIN)/pytest -m pg -p no:cacheprovider

sample-data: venv
	$(BIN)/python scripts/generate_sample_data.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts

# Benchmark at national volumes on a fresh database under var/bench/ (not a test; generated files are reused).
#   make bench EVALUATIONS=10000000
EVALUATIONS ?= 1000000
.PHONY: bench
bench: venv system-deps
	$(BIN)/python benchmarks/bench.py --evaluations $(EVALUATIONS)
