"""Where unexpected errors go: the details to a log file, one clear sentence to the person.

The command line and the window both report an error that is not an `ArchiveError` through
`unexpected_error_message`, so no Python traceback ever reaches a user, and whoever helps them
finds the traceback in the log file the message names.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import sqlite3
import sys
from pathlib import Path

import platformdirs

from archive.paths import APP_NAME

# Unexpected errors go to the log file alone: the person is told in one sentence instead.
_unexpected = logging.getLogger("casearchive.unexpected")
_unexpected.propagate = False

LOG_ENV = "CASEARCHIVE_LOG_DIR"
LOG_FILE_NAME = "casearchive.log"
_LOG_BYTES = 1 << 20
_LOG_BACKUPS = 3
# No space, no quota, or a file past the largest size allowed (a file-size limit, FAT32's 4 GB).
_DISK_FULL = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
# SQLite says "full" when a write comes up short, and "I/O error writing" when it is refused outright
# (EFBIG); a disk that really fails shows in `check` and in the log.
_SQLITE_NO_ROOM = {sqlite3.SQLITE_FULL, getattr(sqlite3, "SQLITE_IOERR_WRITE", 778)}


class _QuietLogFile(logging.handlers.RotatingFileHandler):
    """A log file that cannot be written (a full disk) must not itself put a traceback on screen."""

    def handleError(self, record: logging.LogRecord) -> None:
        pass


class _Console(logging.StreamHandler):
    """stderr as it is at each message, so a replaced stderr (a test's capture) is followed."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


class _OneLineFormatter(logging.Formatter):
    """Console lines without tracebacks: those go to the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname} {record.name}: {record.getMessage()}"


def log_file() -> Path:
    """`CASEARCHIVE_LOG_DIR` when set, else the per-user log folder of this platform."""
    folder = os.environ.get(LOG_ENV, "").strip() or platformdirs.user_log_dir(APP_NAME, appauthor=False)
    return Path(folder).expanduser() / LOG_FILE_NAME


def configure_logging(*, verbose: bool = False) -> Path | None:
    """Warnings (with tracebacks) to the rotating log file, one-line messages to stderr.

    Returns the log file's path, or None where it cannot be written (a locked-down office PC).
    With `verbose`, stderr also gets INFO messages and tracebacks.
    """
    root = logging.getLogger()
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    for handler in [h for h in root.handlers if isinstance(h, _Console)]:
        root.removeHandler(handler)
    console = _Console()
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s") if verbose
                         else _OneLineFormatter())
    root.addHandler(console)
    return _file_log()


def _file_log() -> Path | None:
    path = log_file()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _QuietLogFile)]:
        if Path(handler.baseFilename) == path.absolute():
            return path
        for logger in (root, _unexpected):
            logger.removeHandler(handler)
        handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _QuietLogFile(path, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS,
                                encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    _unexpected.addHandler(handler)
    return path


def is_disk_full(error: BaseException) -> bool:
    """A write refused for want of space (or quota), from the file system or from SQLite."""
    if isinstance(error, OSError):
        return error.errno in _DISK_FULL
    return isinstance(error, sqlite3.OperationalError) and (
        getattr(error, "sqlite_errorcode", None) in _SQLITE_NO_ROOM or "disk is full" in str(error))


def unexpected_error_message(error: BaseException) -> str:
    """Log `error` with its traceback and return what to tell the person, in Chinese."""
    path = _file_log()
    _unexpected.error("unexpected error: %s", error, exc_info=error)
    if is_disk_full(error):
        where = f"（{error.filename}）" if getattr(error, "filename", None) else ""
        return (f"磁盘空间已满，无法写入{where}。已保存的内容不受影响；"
                "请腾出磁盘空间后重试。")
    if isinstance(error, MemoryError):
        return "内存不足，操作未能完成。已保存的内容不受影响；请关闭其他程序后重试。"
    details = f"详细信息已记入日志：{path}" if path else "无法写入日志文件。"
    summary = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    kind = type(error).__name__ + (f"：{summary}" if summary else "")
    return f"程序出现意外错误（{kind}），操作未能完成。{details}"
