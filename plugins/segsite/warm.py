"""What one long-lived process (``segsite serve``) keeps from one build to the
next: each content file's read (its model and the problems it logged) and
each template's compiled code.

A build handed a ``Warm`` (cli.build) re-reads only the content files that
changed and compiles only the templates whose source changed; everything else
runs as in a fresh ``segsite build``, and writes the same bytes (the serve
tests compare the two output folders). A fresh build keeps nothing: there is
no module-level state, only this object, made once per serving process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .problems import Problem, ProblemLog


@dataclass(frozen=True)
class _Read:
    stamp: tuple[int, ...]
    outcome: Any
    problems: tuple[Problem, ...]


class ReadCache:
    """Each content file's read, kept while the file is unchanged: same
    modification time, change time, size and inode (a save changes them;
    ``forget`` drops what the file watcher reports changed, too).

    A read depends on its file and on the terms it was read under (the
    content folder, languages, word budget, the folder problems are named
    from); other terms forget everything. A banner's read also looks at its
    image: ``forget_all`` when anything but Markdown changes in content/."""

    def __init__(self) -> None:
        self.entries: dict[Path, _Read] = {}
        self.terms: tuple = ()
        self.hits = 0

    def use_for(self, *terms: Any) -> None:
        if terms != self.terms:
            self.entries.clear()
            self.terms = terms

    def forget(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self.entries.pop(path, None)

    def forget_all(self) -> None:
        self.entries.clear()

    def read(self, path: Path, log: ProblemLog, read_file: Callable[[], Any]) -> Any:
        """What ``read_file()`` returned for this file, again if the file is
        unchanged (its problems go to ``log`` again as well)."""
        stamp = _stamp(path)
        kept = self.entries.get(path)
        if stamp is not None and kept is not None and kept.stamp == stamp:
            self.hits += 1
            log.problems.extend(kept.problems)
            return kept.outcome
        before = len(log.problems)
        outcome = read_file()
        if stamp is not None and stamp == _stamp(path):  # unchanged while it was read
            self.entries[path] = _Read(stamp, outcome, tuple(log.problems[before:]))
        return outcome


def _stamp(path: Path) -> tuple[int, ...] | None:
    try:
        link, target = os.lstat(path), os.stat(path)
    except OSError:
        return None  # the reader reports what is wrong, every time
    return (
        link.st_ino,
        link.st_mtime_ns,
        target.st_ino,
        target.st_mtime_ns,
        target.st_ctime_ns,
        target.st_size,
    )


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled code of each template, kept in memory: a template
    whose source is unchanged is not parsed and compiled again. Jinja checks
    the source's checksum itself; the key adds the environment's options that
    change the code (delimiters, autoescape, extensions)."""

    def __init__(self) -> None:
        self.codes: dict[tuple, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.codes.get(_bucket_key(bucket))
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.codes[_bucket_key(bucket)] = (bucket.checksum, bucket.code)


def _bucket_key(bucket: Bucket) -> tuple:
    env = bucket.environment
    return (
        bucket.key,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        repr(env.autoescape),
        repr(env.undefined),
        repr(env.finalize),
        tuple(sorted(env.extensions)),
    )


@dataclass
class Warm:
    """Everything kept between the builds of one process."""

    reads: ReadCache = field(default_factory=ReadCache)
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)
