"""Where a class is heading: how many preheated kernels each page should keep ready.

A class moves through the lessons in a known order. When learners open a page, most of them
will open the next page a few minutes later, so the server should have that many kernels ready
there by then, and let them go when nobody is coming. This module is the pure model of that
decision; ``spasm_relief_app/server.py`` applies it to Voilà's kernel pools.

The signal is the pages people *opened*, not the kernels alive now: a learner who keeps the old
tab open and one who closes it both count once. For each page, the kernels to keep ready are

    its base size (from the configuration), or
    the learners who opened the page before it but not this one, within the last ``window_s``,

whichever is larger, and never more than ``cap``. The first page's "page before" is the class
itself: ``class_size`` learners are on their way to it until they have opened it. Openings older
than the window are forgotten, so a pool grows while a class is on its way and goes back to its
base size after (and the first page gets ready for the next class).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field


@dataclass
class ClassFlow:
    """Openings per page over a sliding window, and the pool size each page should have."""

    order: tuple[str, ...]
    base: dict[str, int]
    cap: int
    window_s: float = 45 * 60
    class_size: int = 0
    _opened: dict[str, deque] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        if len(set(self.order)) != len(self.order):
            raise ValueError(f"a page appears twice in the order: {self.order}")
        if self.cap < 0 or self.class_size < 0 or self.window_s <= 0 or any(size < 0 for size in self.base.values()):
            raise ValueError("cap, window and base sizes must not be negative")
        self.order = tuple(self.order)

    def opened(self, page: str, at: float) -> None:
        """A learner opened ``page`` at time ``at`` (seconds, any monotonic clock)."""
        self._opened.setdefault(page, deque()).append(at)

    def _recent(self, page: str, now: float) -> int:
        times = self._opened.get(page)
        if not times:
            return 0
        while times and times[0] < now - self.window_s:
            times.popleft()
        return len(times)

    def on_the_way(self, page: str, now: float) -> int:
        """Learners who opened the page before ``page`` (for the first page: the class) and have not
        opened ``page`` yet."""
        if page not in self.order:
            return 0
        if self.order.index(page) == 0:
            return max(0, self.class_size - self._recent(page, now))
        before = self.order[self.order.index(page) - 1]
        return max(0, self._recent(before, now) - self._recent(page, now))

    def targets(self, now: float) -> dict[str, int]:
        """How many ready kernels each page in the order (and each page with a base size) should keep."""
        pages = dict.fromkeys((*self.order, *self.base))
        return {page: min(max(self.cap, self.base.get(page, 0)),
                          max(self.base.get(page, 0), self.on_the_way(page, now)))
                for page in pages}
