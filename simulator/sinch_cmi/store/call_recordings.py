"""Call recordings, for callers with the right to listen to them, and the log of who listened."""

from __future__ import annotations

from datetime import datetime

from simulator.sinch_cmi.errors import NotFound
from simulator.sinch_cmi.models import LISTEN_TO_RECORDING, CallRecording, ListenLog
from simulator.sinch_cmi.store.base import StoreBase, Wire, first, page
from simulator.sinch_cmi.store.query import SortSpec


class CallRecordingRules(StoreBase):
    def list_recordings(
        self,
        *,
        call_id: str | None,
        contact_id: str | None,
        start_time: datetime | None,
        end_time: datetime | None,
        sort: SortSpec | None,
        limit: int | None,
    ) -> list[Wire]:
        self._require(LISTEN_TO_RECORDING)
        recordings = self.state.recordings
        newest = (recordings[i] for i in self.indexes.recordings.ids(self.state))
        selected = (
            r for r in newest
            if (call_id is None or r.call_id == call_id)
            and (contact_id is None or r.contact_id == contact_id)
            and (start_time is None or r.creation_time >= start_time)
            and (end_time is None or r.creation_time <= end_time)
        )
        found = [self.writer.recording(r) for r in (selected if sort is not None else first(selected, limit))]
        return page(found, sort, limit)

    def _recording(self, recording_id: str) -> CallRecording:
        self._require(LISTEN_TO_RECORDING)
        recording = self.state.recordings.get(recording_id)
        if recording is None:
            raise NotFound()
        return recording

    def get_recording(self, recording_id: str) -> Wire:
        return self.writer.recording(self._recording(recording_id), single=True)

    def list_listen_log(self, recording_id: str) -> list[Wire]:
        return [self.writer.listen_log(e) for e in self._recording(recording_id).listen_log]

    def add_listen_log(self, recording_id: str, *, description: str, user_session_id: str,
                       time_stamp: datetime | None) -> str:
        """The caller is recorded as the listener, whatever user fields the body carries."""
        recording = self._recording(recording_id)
        entry = ListenLog(
            id=self.ctx.new_guid(),
            user_guid=self.user.id,
            user_id=self.user.login,
            user_name=self.user.name,
            description=description,
            user_session_id=user_session_id,
            time_stamp=time_stamp or self.ctx.now(),
        )
        recording.listen_log.append(entry)
        return entry.id
