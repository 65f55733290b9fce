"""The callbacks long work takes: core code reports progress and checks for cancel through these,
never through Qt."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]
"""progress(done, total, what): `what` is a short Chinese description of the current step."""
Cancelled = Callable[[], bool]
"""True once the caller wants the work to stop."""
