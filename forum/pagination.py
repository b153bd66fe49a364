"""Page numbers for lists whose length is already known from a denormalised counter.

Django's Paginator would COUNT(*) the rows; here the caller supplies the total, so a page costs
one query whatever the list's size.
"""

from dataclasses import dataclass

from django.http import Http404


@dataclass(frozen=True)
class PageWindow:
    number: int
    num_pages: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    def nearby_pages(self, around: int = 2) -> list[int | None]:
        """Page numbers to link, with None where a gap (…) goes: 1 … 4 5 [6] 7 8 … 20."""
        wanted = {1, self.num_pages, *range(self.number - around, self.number + around + 1)}
        pages = sorted(p for p in wanted if 1 <= p <= self.num_pages)
        result: list[int | None] = []
        for page in pages:
            if result and page - result[-1] > 1:
                result.append(None)
            result.append(page)
        return result


def page_window(request, *, total: int, per_page: int) -> PageWindow:
    """The page asked for in ?page=N; 404 for anything that is not an existing page."""
    num_pages = max(1, -(-total // per_page))
    raw = request.GET.get("page", "1")
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise Http404("That page number is not valid.")
    number = int(raw)
    if not 1 <= number <= num_pages:
        raise Http404("That page does not exist.")
    return PageWindow(number=number, num_pages=num_pages, per_page=per_page)
