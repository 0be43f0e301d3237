"""Scheduled messages: sent from a chat queue's address to destinations whose delivery the clock decides."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from simulator.sinch_cmi.errors import InvalidParameter, NotFound
from simulator.sinch_cmi.models import MESSAGING, Destination, ScheduledMessage
from simulator.sinch_cmi.store import timeline
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec, field_filters, matching


class MessageRules(StoreBase):
    def list_messages(
        self,
        *,
        filters: dict[str, str],
        send_from: datetime | None,
        send_until: datetime | None,
        created_from: datetime | None,
        created_until: datetime | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require(MESSAGING)
        now = self.ctx.now()
        messages = self.state.messages
        newest = (messages[i] for i in self.indexes.messages.ids(self.state))
        rendered = (
            self.writer.message(m, now)
            for m in newest
            if (send_from is None or m.send_time >= send_from)
            and (send_until is None or m.send_time <= send_until)
            and (created_from is None or m.creation_time >= created_from)
            and (created_until is None or m.creation_time <= created_until)
        )
        found = field_filters(rendered, filters) if sort is not None else first(matching(rendered, filters), limit)
        return page(found, sort, limit)

    def _message(self, message_id: str) -> ScheduledMessage:
        self._require(MESSAGING)
        message = self.state.messages.get(message_id)
        if message is None:
            raise NotFound()
        return message

    def get_message(self, message_id: str) -> Wire:
        return self.writer.message(self._message(message_id), self.ctx.now())

    def _check_source(self, source: str) -> str:
        queue = self.state.queue_by_address(source)
        if queue is None or queue.channel != "CHAT":
            raise InvalidParameter(f"source must be an existing chat queue address: '{source}'")
        return queue.address

    def _destinations(self, addresses: Iterable[str], sub_type: str) -> list[Destination]:
        destinations = []
        for address in addresses:
            consent = self.state.consents.get(f"whatsapp_{address}")
            destinations.append(
                Destination(address=address,
                            deliverable=timeline.deliverable(address, sub_type, consent.consent if consent else None))
            )
        return destinations

    def create_message(self, *, message: str, source: str, sub_type: str, send_time: datetime | None,
                       max_retry_count: int, retry_delay: int, content_type: str, destinations: list[str]) -> str:
        self._require(MESSAGING)
        now = self.ctx.now()
        checked_source = self._check_source(source)  # before an id is drawn: a refusal changes nothing
        scheduled = ScheduledMessage(
            id=self.ctx.new_guid(),
            message=message,
            source=checked_source,
            sub_type=sub_type,
            send_time=send_time or now,
            creation_time=now,
            destinations=self._destinations(destinations, sub_type),
            max_retry_count=max_retry_count,
            retry_delay=retry_delay,
            content_type=content_type,
        )
        self.state.messages[scheduled.id] = scheduled
        self.indexes.messages.added(self.state, scheduled.id)
        return scheduled.id

    def update_message(self, message_id: str, *, message: str, source: str, sub_type: str,
                       send_time: datetime | None, max_retry_count: int, retry_delay: int, content_type: str,
                       destinations: list[str]) -> None:
        """All fields are replaced ("Provide all properties"); the schedule restarts from sendTime."""
        scheduled = self._message(message_id)
        checked_source = self._check_source(source)
        scheduled.message = message
        scheduled.source = checked_source
        scheduled.sub_type = sub_type
        scheduled.send_time = send_time or self.ctx.now()
        scheduled.max_retry_count = max_retry_count
        scheduled.retry_delay = retry_delay
        scheduled.content_type = content_type
        scheduled.destinations = self._destinations(destinations, sub_type)

    def delete_message(self, message_id: str) -> None:
        self._message(message_id)
        del self.state.messages[message_id]
        self.indexes.messages.removed(self.state, message_id)
