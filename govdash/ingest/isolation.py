"""Parse an upload in a child process held to memory and CPU limits, so that no file can take the server down.

The child (forked from a server process that has the readers imported) opens the file and sends the header
through a pipe. The caller then asks for the chunks, raw (a preview) or each passed through a function it sends
along (an import's ``govdash.ingest.prepare.Preparer``), and the child sends them one by one: the caller checks
and writes each chunk while the next is parsed and prepared. When the
child crashes (the XLSX reader aborts the process when it cannot allocate), hits its memory or CPU limit, or
keeps the caller waiting past the time limit, the upload is refused with a message naming the file.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import resource
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import context, forkserver, popen_forkserver, reduction, spawn, util
from multiprocessing.connection import Connection
from typing import Any

from govdash.core.config import get_settings
from govdash.ingest.limits import Limits
from govdash.ingest.readers import Table, open_table
from govdash.ingest.report import FileRejected, Issue
from govdash.ingest.source import FileFormat, Source, SourceLike, detect_format, load_source

_CONTEXT = multiprocessing.get_context("forkserver")
# The fork server imports pandas and the Excel reader once; each child then starts in milliseconds.
_CONTEXT.set_forkserver_preload(["govdash.ingest.readers", "govdash.ingest.prepare"])
_GRACE_SECONDS = 5


class _ReaderPopen(popen_forkserver.Popen):
    """Start a child from the fork server without importing the parent's main module in it.

    multiprocessing re-imports ``__main__`` in every child; under Streamlit that is the page script being run,
    which would run the page again inside the reader. The child needs only this module, by name.
    """

    def _launch(self, process_obj: Any) -> None:  # as in popen_forkserver, minus the main module
        prep_data = {k: v for k, v in spawn.get_preparation_data(process_obj._name).items()
                     if k not in ("init_main_from_path", "init_main_from_name")}
        buf = io.BytesIO()
        context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)  # type: ignore[attr-defined]
        parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (parent_w, self.sentinel))  # type: ignore[attr-defined]
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _ReaderProcess(context.ForkServerProcess):
    @staticmethod
    def _Popen(process_obj: Any) -> _ReaderPopen:
        return _ReaderPopen(process_obj)


def start_reader_server() -> threading.Thread:
    """Start the fork server in the background, so that the first upload does not wait for its imports."""
    thread = threading.Thread(target=forkserver.ensure_running, name="govdash-reader-server", daemon=True)
    thread.start()
    return thread


@dataclass(frozen=True)
class _Job:
    source: Source
    fmt: FileFormat
    sheet: str | None
    encoding: str | None
    chunk_rows: int
    limits: Limits


def open_upload(source: SourceLike, *, file_name: str | None = None, sheet: str | None = None,
                encoding: str | None = None, max_bytes: int | None = None) -> tuple[Source, Table]:
    """Load an upload (path, bytes or stream) within the size limit and open it for reading in chunks.

    Every upload (page, 更正 on the history page, command line) is read this way, within the same bounds.
    """
    settings = get_settings()
    limit = max_bytes if max_bytes is not None else settings.max_upload_mb * 1024 * 1024
    src = load_source(source, file_name=file_name, max_bytes=limit)
    table = open_isolated(src, detect_format(src), sheet=sheet, encoding=encoding,
                          chunk_rows=settings.import_chunk_rows, limits=Limits.from_settings(settings))
    return src, table


def open_isolated(source: Source, fmt: FileFormat, *, sheet: str | None, encoding: str | None,
                  chunk_rows: int, limits: Limits) -> Table:
    """Open an upload in a child process; its chunks arrive as the caller reads them."""
    receiver, sender = _CONTEXT.Pipe(duplex=True)
    child = _ReaderProcess(target=_child_main, args=(sender, _Job(source, fmt, sheet, encoding, chunk_rows,
                                                                     limits)), daemon=True)
    child.start()
    sender.close()
    link = _Link(child, receiver, source.name, limits)
    try:
        fields = link.receive()
    except BaseException:
        link.close()
        raise
    return Table(**fields, chunks=link.chunks(None), mapper=link.chunks)


class _Link:
    """The caller's end: waits at most the time limit in all, turns every failure into a refusal."""

    def __init__(self, child: Any, conn: Connection, name: str, limits: Limits) -> None:
        self.child = child
        self.conn = conn
        self.name = name
        self.limits = limits
        self.waited = 0.0
        self.asked = False

    def receive(self) -> Any:
        room = self.limits.max_seconds - self.waited
        started = time.monotonic()
        ready = room > 0 and self.conn.poll(room)
        self.waited += time.monotonic() - started
        if not ready:
            self.close()
            raise self._timeout()
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            raise self._died() from None
        if kind == "rejected":
            self.close()
            raise FileRejected(payload.message, row=payload.row, column=payload.column, value=payload.value)
        if kind == "memory":
            self.close()
            raise self._memory()
        if kind == "failed":
            self.close()
            exc, trace = payload
            exc.add_note(f"在读取进程中:\n{trace}")
            raise exc
        return payload

    def chunks(self, fn: Callable[[Any], Any] | None) -> Iterator[Any]:
        """Ask for the chunks (each passed through ``fn`` in the child, when given) and yield them as they come."""
        if self.asked:
            raise RuntimeError("an upload's chunks are read once")
        self.asked = True
        try:
            self.conn.send(("go", fn))
            while (chunk := self.receive()) is not None:
                yield chunk
        except (BrokenPipeError, ConnectionResetError):
            raise self._died() from None
        finally:
            self.close()

    def close(self) -> None:
        """Stop the child (when it is still reading) and release the pipe."""
        if self.child.is_alive():
            self.child.kill()
        self.child.join(_GRACE_SECONDS)
        self.conn.close()

    def _died(self) -> FileRejected:
        self.child.join(_GRACE_SECONDS)
        code = self.child.exitcode
        self.conn.close()
        if code == -signal.SIGXCPU:
            return self._timeout()
        return self._memory(f"(读取进程异常退出,代码 {code})")

    def _timeout(self) -> FileRejected:
        return FileRejected(f"文件“{self.name}”的读取超过 {self.limits.max_seconds:,} 秒的时间上限,已停止,未导入任何数据。"
                            "如确属正常数据,请拆分后分别上传,或由管理员调大 GOVDASH_UPLOAD_MAX_SECONDS")

    def _memory(self, detail: str = "") -> FileRejected:
        return FileRejected(f"文件“{self.name}”读取时超出 {self.limits.max_memory_mb:,} MB 的内存上限或无法解析{detail},"
                            "已停止,未导入任何数据:文件可能已损坏或是恶意构造的。如确属正常数据,请拆分后分别上传,"
                            "或由管理员调大 GOVDASH_UPLOAD_MAX_MEMORY_MB")


def _child_main(conn: Connection, job: _Job) -> None:
    """Read the upload under the limits and send what it holds; a refusal goes back as a message."""
    _limit_resources(job.limits)
    try:
        table = open_table(job.source, job.fmt, sheet=job.sheet, encoding=job.encoding, chunk_rows=job.chunk_rows,
                           limits=job.limits)
        fields = {k: v for k, v in vars(table).items() if k not in ("chunks", "mapper")}
        conn.send(("table", fields))
        _kind, fn = conn.recv()
        for chunk in table.chunks:
            conn.send(("chunk", chunk if fn is None else _applied(fn, chunk)))
        conn.send(("end", None))
    except _Failed as failed:
        try:
            conn.send(("failed", (failed.exc, failed.trace)))
        except Exception:  # an exception that does not pickle goes back as its text
            _send(conn, ("failed", (RuntimeError(f"{type(failed.exc).__name__}: {failed.exc}"), failed.trace)))
    except FileRejected as exc:
        _send(conn, ("rejected", exc.issue))
    except MemoryError:
        _send(conn, ("memory", None))
    except (BrokenPipeError, ConnectionResetError, EOFError):
        pass  # the caller stopped reading (a preview needs only the first rows, a refused header none)
    except Exception as exc:  # any other reader failure is a file it cannot read
        _send(conn, ("rejected", Issue(None, None, None, f"无法读取文件“{job.source.name}”:{exc},未导入任何数据")))
    finally:
        conn.close()


class _Failed(Exception):
    """The caller's function failed on a chunk: a fault of the code, not of the file, sent back to be raised."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        self.exc = exc
        self.trace = traceback.format_exc()


def _applied(fn: Callable[[Any], Any], chunk: Any) -> Any:
    try:
        return fn(chunk)
    except (FileRejected, MemoryError):
        raise
    except Exception as exc:
        raise _Failed(exc) from exc


def _send(conn: Connection, message: tuple[str, Any]) -> None:
    try:
        conn.send(message)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _limit_resources(limits: Limits) -> None:
    memory = limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = max(limits.max_seconds, 1)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + _GRACE_SECONDS))
