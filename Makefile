# segsite: every command a user or CI needs. Python packages go into .venv;
# the browser and fonts are installed by `make browser` (part of `make test`).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SETTINGS ?= pelicanconf.py
CONTENT ?= content
SEGMENTS ?= segments.yaml
OUTPUT ?= output
STRICT ?=
PYTEST_ARGS ?=

STAMP := $(VENV)/.installed
# The local Cloudflare Worker runtime (miniflare, which bundles workerd) for the tests.
EDGE_STAMP := tests/edge/node_modules/.installed

PORT ?= 8000

.PHONY: install build test unit browser edge publish lint docs clean check check-publish serve report email new-segment new-page bench screenshots

install: $(STAMP)

# The pip a Python 3.11 venv brings (23.x) installs all of this; upgrading it
# first would only add a download to every fresh clone.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/segsite build --settings $(SETTINGS) --content $(CONTENT) --segments $(SEGMENTS) \
		--output $(OUTPUT) $(if $(STRICT),--strict)

# The browser draws the social cards (og:image) of every landing page.
publish: browser
	$(BIN)/segsite publish --content $(CONTENT) --segments $(SEGMENTS) \
		--output $(OUTPUT) $(if $(STRICT),--strict)

browser: $(STAMP)
	PLAYWRIGHT="$(BIN)/playwright" bash .ci/install-browser

edge: $(EDGE_STAMP)

$(EDGE_STAMP): tests/edge/package.json tests/edge/package-lock.json
	command -v npm >/dev/null || bash .ci/apt-install nodejs npm
	npm ci --prefix tests/edge --no-audit --no-fund --loglevel=error
	touch $(EDGE_STAMP)

# Everything: installs (Python packages, the browser and fonts, the Worker
# runtime), the demo build, then `pytest`: unit, build, edge and browser tests,
# ruff, and the check pass over what CI publishes (static server and Worker).
# A plain `pytest` after `make install browser edge` runs the same tests.
test: build browser edge
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Only the tests that need no build, browser or Node: the pure decisions.
unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests

# Regenerates the README's reference tables from the option declarations
# (tests/unit/test_options_doc.py fails while they differ).
docs: $(STAMP)
	$(BIN)/python -m segsite.optiondoc --write README.md

# Refreshes the README's screenshots (tests/screenshots/) from the tests that
# take them; a plain test run never writes into tracked files.
screenshots: build browser edge
	SEGSITE_README_SCREENSHOTS=1 $(BIN)/python -m pytest -m readme_screenshots $(PYTEST_ARGS)

clean:
	rm -rf output .output.* output-check output-report output-results output-email

# The check pass over a built site (default: output/); report in output-check/.
check: browser
	$(BIN)/segsite check --settings $(SETTINGS) --output $(OUTPUT) -- $(PYTEST_ARGS)

# Build, serve on 127.0.0.1:$(PORT), rebuild and reload the browser on every change.
serve: $(STAMP)
	$(BIN)/segsite serve --settings $(SETTINGS) --content $(CONTENT) --segments $(SEGMENTS) \
		--output $(OUTPUT) --port $(PORT)

# The check pass over make publish's output, as the static host and the Worker serve it.
check-publish: $(STAMP) edge
	$(BIN)/python -m tests.site.published $(PYTEST_ARGS)

# Who sees what: output-report/index.html (thumbnails from Chromium).
report: browser
	$(BIN)/segsite report --settings $(SETTINGS) --content $(CONTENT) --segments $(SEGMENTS)

# Campaign e-mails of a landing page (PAGE=slug; default the home page), per
# segment and language, into output-email/: links on the published address.
email: $(STAMP)
	$(BIN)/segsite email --content $(CONTENT) --segments $(SEGMENTS) $(if $(PAGE),--page $(PAGE))

# Skeletons: make new-segment ID=vip ; make new-page SLUG=pricing LANGS=en,ar,fa
new-segment: $(STAMP)
	$(BIN)/segsite new-segment $(ID) --segments $(SEGMENTS)

new-page: $(STAMP)
	$(BIN)/segsite new-page $(SLUG) --langs "$(LANGS)" --settings $(SETTINGS) --content $(CONTENT)

# The build benchmark (synthetic sites outside content/): make bench SHAPES="small large"
# Hugo, the yardstick, comes from the package manager where it has one
# (Debian: hugo); without it the Hugo figures are left out, not made up.
SHAPES ?= small large
BENCH_ARGS ?=
bench: $(STAMP)
	command -v hugo >/dev/null || bash .ci/apt-install hugo \
		|| echo "make bench: Hugo could not be installed; its figures are left out" >&2
	$(BIN)/python -m tests.bench.run $(SHAPES) $(BENCH_ARGS)
