"""The published demo, served by its generated Cloudflare Worker."""

from __future__ import annotations

import pytest

from tests.edge.runtime import build_published, free_port, running_worker


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
def worker_url(published, edge_port):
    with running_worker(published, edge_port) as url:
        yield url
