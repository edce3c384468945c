"""Parsing a webhook's payload into its event: the event field's value picks the model, and a
value the SDK does not know (a newer server's event) comes back as an UnknownWebhookEvent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Callable, Optional, Union

from pydantic import TypeAdapter, ValidationError

from ..utils.values import is_dict


@dataclass(frozen=True)
class UnknownWebhookEvent:
    """An event this SDK does not know, sent by a newer server: `type` is the value of its
    event field (None where it has none), `data` the whole payload as parsed JSON."""

    type: Optional[str]
    data: Any


@dataclass(frozen=True)
class Event:
    """One known event: its name in the spec and the type its payload parses into."""

    name: str
    target: Any


class EventTable:
    """The known events by the value of their event field (`tag`); with no such field, the
    events are tried in order and the first whose model fits is chosen."""

    def __init__(
        self,
        tag: str,
        by_tag: Mapping[Any, Event],
        ordered: Sequence[Event] = (),
        unknown: type[UnknownWebhookEvent] = UnknownWebhookEvent,
    ) -> None:
        self._tag = tag
        # The SDK's own subclass, which its union of events names.
        self._unknown = unknown
        self._by_tag = {_key(value): event for value, event in by_tag.items()}
        self._ordered = tuple(ordered) or tuple(self._by_tag.values())
        # Built on first use, so importing the client stays cheap.
        self._adapters: dict[str, TypeAdapter[Any]] = {}

    def parse(
        self,
        payload: Union[bytes, str],
        invalid: Callable[[str, Exception], Exception],
    ) -> Any:
        """The payload as its event's type; `invalid` makes the error for a payload that is
        not JSON or does not fit the model of the event it names."""
        try:
            data = json.loads(payload)
        except ValueError as error:
            raise invalid("Webhook payload is not JSON", error) from error
        if self._tag:
            return self._tagged(payload, data, invalid)
        return self._first_fit(payload, data, invalid)

    def _tagged(
        self,
        payload: Union[bytes, str],
        data: Any,
        invalid: Callable[[str, Exception], Exception],
    ) -> Any:
        value = data.get(self._tag) if is_dict(data) else None
        event = self._by_tag.get(_key(value))
        if event is None:
            return self._unknown(
                type=value if isinstance(value, str) else None, data=data
            )
        return self._validated(event, payload, invalid)

    def _first_fit(
        self,
        payload: Union[bytes, str],
        data: Any,
        invalid: Callable[[str, Exception], Exception],
    ) -> Any:
        if len(self._ordered) == 1:
            return self._validated(self._ordered[0], payload, invalid)
        for event in self._ordered:
            try:
                return self._adapter(event).validate_json(payload)
            except ValidationError:
                continue
        return self._unknown(type=None, data=data)

    def _validated(
        self,
        event: Event,
        payload: Union[bytes, str],
        invalid: Callable[[str, Exception], Exception],
    ) -> Any:
        try:
            return self._adapter(event).validate_json(payload)
        except ValidationError as error:
            raise invalid(
                f"Webhook payload validation failed: {error.error_count()} problem(s)"
                f" with the '{event.name}' event",
                error,
            ) from error

    def _adapter(self, event: Event) -> TypeAdapter[Any]:
        adapter = self._adapters.get(event.name)
        if adapter is None:
            adapter = self._adapters[event.name] = TypeAdapter(event.target)
        return adapter


def _key(value: Any) -> Any:
    """The table's key of an event field's value: JSON's `true` must not select the event of
    the number 1, as it would in a dict keyed by the values (True == 1 in Python)."""
    if isinstance(value, (str, int, float)):
        return (type(value), value)
    return None
