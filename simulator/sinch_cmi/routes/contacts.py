"""/contacts: the index over phone calls, chats and emails; details and remarks of one contact."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from flask.views import MethodView

from simulator.core.guard import principal
from simulator.core.json_text import text_answer, written, written_list
from simulator.core.read_cache import KEPT_ITEMS, remembered
from simulator.core.runtime import namespace, reads_only
from simulator.sinch_cmi.errors import InvalidParameter, UnsupportedMediaType
from simulator.sinch_cmi.render.json_wire import millis
from simulator.sinch_cmi.routes.common import (
    ENTITY_ERRORS,
    JSON,
    NO_CONTENT_DOC,
    READ_ERRORS,
    TEXT,
    TEXT_ANSWER_DOC,
    TEXT_BODY_DOC,
    WRITE_ERRORS,
    XML,
    CmiBlueprint,
    answer,
    cmi_state,
    documented,
    endpoint,
    no_content,
    store,
    writer,
)
from simulator.sinch_cmi.schemas.base import LanguageQuery
from simulator.sinch_cmi.schemas.contacts import (
    CONTACT_FIELDS,
    CONTACT_SEARCHABLE,
    ContactByIdQuery,
    ContactDetailsOut,
    ContactOut,
    ContactQuery,
)
from simulator.sinch_cmi.store import CmiStore
from simulator.sinch_cmi.store.base import Wire
from simulator.sinch_cmi.store.contacts import ClockBound, ContactSearch, written_now
from simulator.sinch_cmi.store.query import group_guid, guid, guid_list, limit, moment, parse_sort

blp = CmiBlueprint("sinch_cmi_contacts", __name__, "Contacts: phone calls, chats and emails")
SORTABLE = (*CONTACT_FIELDS, "requiredAgent.id", "requiredAgent.name", "requiredAgent.type")
# Queries whose matches and order read no clock (no sort, times or pickability): their answer is kept for the
# generation, and only the values of contacts still moving with the clock are written again.
CLOCK_FREE_QUERY = frozenset({"limit", "statistics", "language"})


@blp.route("/contacts")
class ContactsViews(MethodView):
    @reads_only
    @endpoint()
    @blp.arguments(ContactQuery, location="query", unknown="raise")
    @blp.response(200, ContactOut(many=True))
    @documented(blp, READ_ERRORS)
    def get(self, query: dict[str, Any]) -> Response:
        """Get a list of contacts

        Needs *Statistics details* for the contact's queue, or for the user's own contacts.
        `search` matches source or destination (comma-separated values, wildcards);
        `startTime`/`endTime` compare arrivalTime or disconnectTime; `subject`, `body` and
        `remarks` search the operative data (emails and chats; `body` of a chat is a contains
        match); the named fields take `*` and `?`. Default sort `-arrivalTime`.

        Simulator note: `limit` defaults to 100; `remarks` searches the remarks of any contact
        group; an unknown query parameter is a 400.
        """
        statistics = query.get("statistics", False)

        def listed(rules: CmiStore | None = None) -> list[Wire]:
            search = query.get("search")
            criteria = ContactSearch(
                search=[p.strip() for p in search.split(",") if p.strip()] if search else None,
                start_time=moment(query.get("startTime"), "startTime"),
                end_time=moment(query.get("endTime"), "endTime"),
                subject=query.get("subject"),
                body=query.get("body"),
                remarks=query.get("remarks"),
                case_id=query.get("caseId"),
                agent_ids=guid_list(query.get("agentId")),
                queue_ids=guid_list(query.get("queueId")),
                group_ids=guid_list(query.get("contactGroupId"), group_guid),
                pickable=query.get("pickable", False),
            )
            return (rules or store()).list_contacts(
                criteria=criteria,
                statistics=statistics,
                filters={name: query[name] for name in CONTACT_SEARCHABLE if name in query},
                sort=parse_sort(query.get("sort"), SORTABLE, default="-arrivalTime"),
                limit=limit(query.get("limit")),
            )

        if not query.keys() <= CLOCK_FREE_QUERY or (limit(query.get("limit")) or 0) > KEPT_ITEMS:
            return answer(listed())
        ns = namespace()

        def kept() -> tuple[ClockBound, list[Any] | None]:
            rules = store(at=ns.clock.now())  # made and judged settled at one instant
            return _with_texts(rules.clock_bound(listed(rules), statistics=statistics), statistics=statistics)

        made, texts = remembered(cmi_state(ns), ("contacts", principal().subject.id, request.query_string), kept)
        if texts is None:  # jsonify indents (debug mode)
            return answer(written_now(made, writer(ns), ns.clock.now(), statistics=statistics))
        if made.moving:
            texts, now = list(texts), ns.clock.now()
            moved = writer(ns) if statistics else None
            for position, contact in made.moving:
                if moved is not None:
                    texts[position] = written(moved.contact(contact, now, statistics=True))
                else:  # the total duration is its one clock-bound value
                    prefix, suffix = texts[position]  # type: ignore[misc]
                    texts[position] = f"{prefix}{millis(contact.arrival_time, contact.disconnect_time or now)}{suffix}"
        return text_answer(written_list(texts))  # type: ignore[arg-type]


TOTAL = '"totalDuration":'  # a key: inside a string, its quotes would be escaped


def _with_texts(made: ClockBound, *, statistics: bool) -> tuple[ClockBound, list[Any] | None]:
    """A list kept for the generation, with the JSON text of each contact; for a moving one, the text before and
    after its total duration (with statistics, a moving contact is written anew). None where jsonify indents."""
    texts: list[Any] = [written(wire) for wire in made.wires]
    if any(text is None for text in texts):
        return made, None
    for position, _ in made.moving if not statistics else ():
        text = texts[position]
        start = text.index(TOTAL) + len(TOTAL)
        end = start + 1
        while text[end].isdigit():
            end += 1
        texts[position] = (text[:start], text[end:])
    return made, texts


@blp.route("/contacts/<contactId>")
class ContactByIdViews(MethodView):
    @endpoint()
    @blp.arguments(ContactByIdQuery, location="query", unknown="raise")
    @blp.response(200, ContactOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, query: dict[str, Any], contactId: str) -> Response:
        """Get the contact with contactId = {contactId}

        `statistics=true` adds connectTime and the durations, as on the list.
        """
        return answer(store().get_contact(guid(contactId), statistics=query.get("statistics", False)))


@blp.route("/contacts/<contactId>/details")
class ContactDetailsViews(MethodView):
    @endpoint()
    @blp.arguments(LanguageQuery, location="query", unknown="raise")
    @blp.response(200, ContactDetailsOut)
    @documented(blp, ENTITY_ERRORS)
    def get(self, _query: dict[str, Any], contactId: str) -> Response:
        """Get the details of a contact

        Not in the vendor's page (the RI rights page lists it; needs *Statistics details*).
        Simulator note: its shape is undocumented; the simulator answers the contact with
        statistics, the group's `remarks`, its content (`email`, or `chat` with transcript, or
        the call's `callRecordings` and `scriptResults`) and its `contactData`.
        """
        return answer(store().contact_details(guid(contactId)))


def _remarks_text() -> str:
    if request.mimetype != TEXT:
        raise UnsupportedMediaType()
    try:
        return request.get_data().decode(request.mimetype_params.get("charset", "utf-8"))
    except (UnicodeDecodeError, LookupError):
        raise InvalidParameter("Remarks must be text in the declared charset (default UTF-8)") from None


@blp.route("/contacts/<contactId>/remarks")
class ContactRemarksViews(MethodView):
    @endpoint(produces=(TEXT, JSON, XML))
    @blp.doc(**TEXT_ANSWER_DOC)
    @documented(blp, ENTITY_ERRORS)
    def get(self, contactId: str) -> Response:
        """Get the remarks for the contact; contactId must be the contactGroupId

        Simulator note: answered as `text/plain` (the same form the remarks are written in);
        a phone call without remarks is not in the operative database (404).
        """
        return Response(store().get_remarks(group_guid(contactId)), 200, mimetype=TEXT)

    @endpoint()
    @blp.doc(**TEXT_BODY_DOC, **NO_CONTENT_DOC)
    @documented(blp, {**WRITE_ERRORS, 404: "Not Found"})
    def post(self, contactId: str) -> Response:
        """Add remarks for the contact

        Works only for phone calls which don't yet have remarks. The agent needs to be the
        responsible user for the contact (else 403). The body is `text/plain`.
        """
        group = group_guid(contactId)
        text = _remarks_text()
        if not text.strip():
            raise InvalidParameter("Remarks must not be empty")
        store().add_remarks(group, text)
        return no_content()

    @endpoint()
    @blp.doc(**TEXT_BODY_DOC, **NO_CONTENT_DOC)
    @documented(blp, {**WRITE_ERRORS, 404: "Not Found"})
    def put(self, contactId: str) -> Response:
        """Update remarks for the contact

        The contact must exist in the operative database (emails, chats, and calls that have
        remarks). The agent needs to be the responsible user for the contact.
        """
        group = group_guid(contactId)
        store().update_remarks(group, _remarks_text())
        return no_content()
