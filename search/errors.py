"""Errors of the search layer."""


class SearchError(Exception):
    """Base of the search layer's errors."""


class IndexNeedsRebuild(SearchError):
    """The index is missing, of another analysis version, or damaged; rebuild it from the store."""
