"""Form fields every app asks for the same way, and the one way a refusal reaches the error summary.

`DateField` is the NHS.UK date input: day, month and year in three boxes (POST keys `<name>_day`,
`<name>_month`, `<name>_year`), rendered by `components/forms.html`'s `field` macro. Whatever is typed, it
answers with one of the NHS.UK service manual's date messages, never an exception: "Date of birth must
include a month", "Date of birth must be a real date", "Year must include 4 numbers", "Date of birth must be
in the past".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from rampart.core.errors import Refused

PARTS = ("day", "month", "year")
DIGITS = re.compile(r"[0-9]+")
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# A month may be typed as its name or the first three letters of it (the service manual asks for this).
MONTHS = {name: n for n, full in enumerate(_MONTH_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}
# Nobody types more than this into one box; anything longer is refused before it is looked at.
LONGEST_PART = 20


def _parts(value: Any) -> list[str]:
    """A date as the three boxes show it; anything else as three empty boxes."""
    if isinstance(value, date):
        return [str(value.day), str(value.month), str(value.year)]
    return ["", "", ""]


class DateInput(forms.MultiWidget):
    """Three text boxes, day, month and year; `components/forms.html` renders it with the NHS.UK macro."""

    component = "date-input"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({part: forms.TextInput for part in PARTS}, attrs)

    def decompress(self, value: Any) -> list[str]:
        return _parts(value)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return [str(data.get(f"{name}_{part}", "") or "") for part in PARTS]

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}_{part}" in data for part in PARTS)


def _what(label: str) -> str:
    """What the messages call the date: the label without a trailing "(optional)" or other aside."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", str(label)).strip() or "Date"


def _the(what: str) -> str:
    """ "Review date" -> "the review date"; "Your date of birth" -> "your date of birth"."""
    lowered = what[:1].lower() + what[1:]
    return lowered if lowered.split(" ", 1)[0] in {"the", "your", "their", "a", "an"} else f"the {lowered}"


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class DateField(forms.MultiValueField):
    """A date as the NHS.UK date input, with bounded years and the service manual's messages.

    `past_only` / `future_only` bound the date by today (`include_today` says whether today itself is
    allowed); `min_year` / `max_year` bound the year. `what` names the date in messages (from the label
    when not given). Cleans to a `datetime.date`, or None when left blank and not required.
    """

    widget = DateInput

    def __init__(
        self,
        *,
        label: str,
        required: bool = True,
        help_text: str = "For example, 15 3 2026",
        what: str | None = None,
        past_only: bool = False,
        future_only: bool = False,
        include_today: bool = True,
        min_year: int = 1900,
        max_year: int = 2100,
        today: Callable[[], date] = timezone.localdate,
        **kwargs: Any,
    ) -> None:
        if past_only and future_only:
            raise ValueError("a date cannot be both past only and future only")
        self.what = what or _what(label)
        self.past_only, self.future_only, self.include_today = past_only, future_only, include_today
        self.min_year, self.max_year = min_year, max_year
        self.today = today
        parts = tuple(forms.CharField(required=False, strip=True) for _ in PARTS)
        super().__init__(
            parts,
            label=label,
            required=required,
            help_text=help_text,
            require_all_fields=False,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> list[str]:
        """What the three boxes show: the typed text as it was, or the parts of a date."""
        if isinstance(value, (list, tuple)):
            return [str(v) if v is not None else "" for v in value][:3] + [""] * (3 - len(value))
        return _parts(value)

    def compress(self, data_list: Any) -> date | None:  # pragma: no cover - clean() does the work
        return self.clean(data_list)

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.prepare_value(initial) != self.prepare_value(data)

    def _problem(self, message: str, *parts: str) -> forms.ValidationError:
        return forms.ValidationError(message, code="invalid", params={"parts": list(parts or PARTS)})

    def clean(self, value: Any) -> date | None:
        typed = dict(zip(PARTS, self.prepare_value(value), strict=True))
        typed = {part: text.replace("\x00", "").strip() for part, text in typed.items()}
        missing = [part for part in PARTS if not typed[part]]
        if len(missing) == len(PARTS):
            if self.required:
                raise self._problem(f"Enter {_the(self.what)}", *PARTS)
            return None
        if missing:
            raise self._problem(f"{self.what} must include a {_listed(missing)}", *missing)
        numbers: dict[str, int] = {}
        unreal = []
        for part in PARTS:
            text = typed[part]
            if part == "month" and text.lower() in MONTHS:
                numbers[part] = MONTHS[text.lower()]
            elif len(text) <= LONGEST_PART and DIGITS.fullmatch(text):
                numbers[part] = int(text)
            else:
                unreal.append(part)
        if not unreal:
            unreal = [p for p, top in (("day", 31), ("month", 12)) if not 1 <= numbers[p] <= top]
        if unreal:
            raise self._problem(f"{self.what} must be a real date", *unreal)
        if len(typed["year"]) != 4:
            raise self._problem("Year must include 4 numbers", "year")
        try:
            result = date(numbers["year"], numbers["month"], numbers["day"])
        except ValueError:  # 31 February, 29 February outside a leap year
            raise self._problem(f"{self.what} must be a real date", "day") from None
        self._check_bounds(result)
        self.run_validators(result)
        return result

    def _check_bounds(self, value: date) -> None:
        today = self.today()
        if self.past_only and (value > today or (value == today and not self.include_today)):
            raise self._problem(f"{self.what} must be {'today or ' if self.include_today else ''}in the past")
        if self.future_only and (value < today or (value == today and not self.include_today)):
            raise self._problem(
                f"{self.what} must be {'today or ' if self.include_today else ''}in the future"
            )
        if value.year < self.min_year:
            raise self._problem(f"{self.what} must be the same as or after 1 January {self.min_year}", "year")
        if value.year > self.max_year:
            raise self._problem(
                f"{self.what} must be the same as or before 31 December {self.max_year}", "year"
            )


def show_refusal(form: forms.Form, refused: Refused) -> None:
    """Put a service's refusal on the form, so the page's one error summary shows it.

    A reason with a field the form has goes on that field; every other reason is a non-field error.
    """
    for reason, field in refused.items():
        form.add_error(field if field in form.fields else None, reason)
