"""Errors of the search layer."""


class SearchError(Exception):
    """Base of the search layer's errors."""


class IndexNeedsRebuild(SearchError):
    """The index is missing, of another analysis version, or damaged; rebuild it from the store."""


class IndexClosed(SearchError):
    """The index was closed (the archive closed, or a backup restored in its place) before a search
    on it could start."""
