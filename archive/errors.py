"""Errors the archive raises at its callers. Messages are for people: Chinese, naming what and why."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error the archive reports to a user."""


class UnexpectedError(ArchiveError):
    """Stands in for an error nobody foresaw: its message is the one sentence a person is shown,
    the traceback went to the log file (see `archive.diagnostics`)."""


class ArchiveLockedError(ArchiveError):
    """Another process holds the archive for writing."""


class ReadOnlyArchiveError(ArchiveError):
    """A write was attempted on an archive opened read-only."""


class DamagedArchiveError(ArchiveError):
    """The database failed its integrity check; writes are refused."""


class CaseNotFoundError(ArchiveError):
    pass


class AmbiguousIdError(ArchiveError):
    pass


class TagError(ArchiveError):
    pass


class ImportFailure(ArchiveError):
    """A single input file could not be imported; the batch goes on."""



class ConflictError(ArchiveError):
    """A save based on an older version of a case than the one stored: refused, nothing overwritten."""

    def __init__(self, message: str, *, version: int, draft_id: int | None = None) -> None:
        super().__init__(message)
        self.version = version
        self.draft_id = draft_id


class DuplicateCaseError(ArchiveError):
    """A live case with the same content is already in the archive (another desktop saved it first)."""


class PermissionDeniedError(ArchiveError):
    """The shared archive's server refused a change the user's role does not allow."""


class OpenCancelled(ArchiveError):
    """Opening was cancelled while it built the search index (a shared archive's first sync): nothing
    half-built is kept, the next opening builds it again, and the archive itself is unchanged."""


class ConnectionFailedError(ArchiveError):
    """The shared archive's server could not be reached or refused the login."""
