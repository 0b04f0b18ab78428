"""The published demo, and the hostile table's tiny site, each served by its
generated Cloudflare Worker."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.edge.forms_site import write_site
from tests.edge.runtime import (
    build_hostile_published,
    build_published,
    free_port,
    running_worker,
)


@pytest.fixture(scope="session")
def edge_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def published(tmp_path_factory, edge_port):
    """make publish's output, its URLs pointing at the local Worker."""
    return build_published(
        tmp_path_factory.mktemp("published") / "output", f"http://127.0.0.1:{edge_port}"
    )


@pytest.fixture(scope="session")
def leads_database(tmp_path_factory) -> Path:
    """Where the demo's Worker keeps its local D1 database of leads."""
    return tmp_path_factory.mktemp("leads-d1")


@pytest.fixture(scope="session")
def worker_url(published, edge_port, leads_database):
    """The published demo behind its Worker, with the D1 database its lead
    form stores into, migrated by the file the build wrote."""
    migration = published / "_migrations" / "0001_segsite_leads.sql"
    with running_worker(
        published, edge_port, d1_persist=leads_database, migrations=migration
    ) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def hostile_published(tmp_path_factory, hostile_port):
    """The tiny site with segments and conditions named like JavaScript's own
    object properties (tests/fixtures/hostile_rule_cases.yaml), published."""
    return build_hostile_published(
        tmp_path_factory.mktemp("hostile") / "output", f"http://127.0.0.1:{hostile_port}"
    )


@pytest.fixture(scope="session")
def hostile_worker_url(hostile_published, hostile_port):
    with running_worker(hostile_published, hostile_port) as url:
        yield url


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The hand-made lead-form site (tests/edge/forms_site.py), one per
    module: each module's Worker serves its own copy."""
    return write_site(tmp_path_factory.mktemp("forms") / "site")


@pytest.fixture(scope="module")
def d1(tmp_path_factory) -> Path:
    """Where a module's Worker keeps its local D1 database of leads."""
    return tmp_path_factory.mktemp("forms-d1")
