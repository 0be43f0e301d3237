"""Callbacks: requests waiting for the callback IVR, and how each call attempt's result reschedules them."""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.sinch_cmi.errors import InvalidParameter, NotFound
from simulator.sinch_cmi.models import (
    CALLBACKS_CREATE,
    CALLBACKS_MODIFY,
    CALLBACKS_VIEW,
    FAILED_CALLBACK_RESULTS,
    FINAL_CALLBACK_RESULTS,
    Callback,
)
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec, field_filters, matching

CALLBACK_RETRY = timedelta(minutes=5)  # next try after a failed callback attempt (simulator choice)


class CallbackRules(StoreBase):
    def list_callbacks(self, *, filters: dict[str, str], sort: SortSpec | None, limit: int | None) -> list[Wire]:
        self._require(CALLBACKS_VIEW)
        callbacks = self.state.callbacks
        newest = (self.writer.callback(callbacks[i]) for i in self.indexes.callbacks.ids(self.state))
        found = field_filters(newest, filters) if sort is not None else first(matching(newest, filters), limit)
        return page(found, sort, limit)

    def _callback(self, callback_id: str) -> Callback:
        callback = self.state.callbacks.get(callback_id)
        if callback is None:
            raise NotFound()
        return callback

    def get_callback(self, callback_id: str) -> Wire:
        self._require(CALLBACKS_VIEW)
        return self.writer.callback(self._callback(callback_id))

    def create_callback(
        self,
        *,
        callback_queue_number: str,
        customer_number: str,
        extra_data: str | None,
        gw_prefix: str | None,
        next_call_time: datetime | None,
        notes: str | None,
    ) -> str:
        self._require(CALLBACKS_CREATE)
        queue = self.state.queue_by_number(callback_queue_number)
        if queue is None:
            raise InvalidParameter(f"Unknown callbackQueueNumber: '{callback_queue_number}'")
        now = self.ctx.now()
        callback = Callback(
            id=self.ctx.new_guid(),
            callback_queue_number=callback_queue_number,
            creation_time=now,
            customer_number=customer_number,
            original_queue_number=callback_queue_number,
            original_queue_name=queue.name,
            creator_id=self.user.id,
            creator_name=self.user.name,
            extra_data=extra_data,
            gw_prefix=gw_prefix,
            next_call_time=next_call_time or now,
            notes=notes,
            last_result="ADDED",
        )
        self.state.callbacks[callback.id] = callback
        self.indexes.callbacks.added(self.state, callback.id)
        return callback.id

    def update_callback(
        self, callback_id: str, *, customer_number: str, notes: str, last_result: str, next_call_time: datetime | None
    ) -> None:
        """Only customerNumber, notes, lastResult and nextCallTime change; a failed attempt counts.

        Simulator choice: BUSY, NO_ANSWER, VOICEMAIL and OTHER count as failures and schedule the
        next try 5 minutes later, until `failures` reaches `maxCalls` (then no next call);
        SUCCESSFUL and HANDLED close the callback; CUSTOM_TIME needs `nextCallTime`, RESCHEDULE
        keeps the current one when none is given.
        """
        self._require(CALLBACKS_MODIFY)
        callback = self._callback(callback_id)
        if next_call_time is not None and last_result not in ("CUSTOM_TIME", "RESCHEDULE"):
            raise InvalidParameter("nextCallTime is only allowed when lastResult is CUSTOM_TIME or RESCHEDULE")
        if last_result == "CUSTOM_TIME" and next_call_time is None:
            raise InvalidParameter("nextCallTime is required when lastResult is CUSTOM_TIME")
        now = self.ctx.now()
        callback.customer_number = customer_number
        callback.notes = notes
        callback.last_result = last_result
        if last_result in FAILED_CALLBACK_RESULTS:
            callback.failures += 1
            callback.last_call_time = now
            callback.next_call_time = now + CALLBACK_RETRY if callback.failures < callback.max_calls else None
        elif last_result in FINAL_CALLBACK_RESULTS:
            callback.last_call_time = now
            callback.next_call_time = None
        elif next_call_time is not None:
            callback.next_call_time = next_call_time
