# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DIST_STAMP := $(VENV)/.installed-dist

.PHONY: run test lint bench dist dist-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
	touch $(DIST_STAMP)

run: $(STAMP)
	$(BIN)/python main.py

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python -m bench.search_bench

# The desktop bundle for this machine: dist/casearchive/ and dist/casearchive-VERSION-linux-ARCH.tar.gz.
dist: $(DIST_STAMP)
	rm -rf dist/casearchive dist/casearchive-*.tar.gz
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/casearchive.spec
	version=$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("casearchive"))'); \
		tar -C dist -czf "dist/casearchive-$$version-linux-$$(uname -m).tar.gz" casearchive

# The bundle's smoke test, then its size and start-up times (builds a 20,000-case archive once).
dist-check: $(STAMP)
	@test -x dist/casearchive/casearchive || { echo "no bundle in dist/: run make dist first" >&2; exit 1; }
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/test_bundle.py
	$(BIN)/python -m bench.bundle_bench

clean:
	rm -rf $(VENV) build dist *.egg-info
