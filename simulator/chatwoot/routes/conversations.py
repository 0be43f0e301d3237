"""/accounts/{account_id}/conversations: lists, counts, create, filter and the member actions."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.render.conversations import (
    assignment,
    conversation_counts,
    conversation_list,
    filtered_conversations,
    labels_payload,
    status_toggled,
)
from simulator.chatwoot.routes.common import (
    MEMBER_ERRORS,
    RECORD_ERRORS,
    WRITE_ERRORS,
    answer,
    blueprint,
    bot_endpoint,
    documented,
    empty,
    endpoint,
    label_params,
    renderer,
    scope,
)
from simulator.chatwoot.schemas.base import FilterSchema, PageQuery
from simulator.chatwoot.schemas.conversations import (
    AssignmentSchema,
    ConversationCountsAnswerSchema,
    ConversationListQuery,
    ConversationListSchema,
    ConversationMetaQuery,
    ConversationPageSchema,
    ConversationSchema,
    ConversationWriteSchema,
    LabelsSchema,
    LabelsWriteSchema,
    TogglePrioritySchema,
    ToggleStatusAnswerSchema,
    ToggleStatusSchema,
)
from simulator.chatwoot.store.conversations import Conversations, ListQuery
from simulator.core.runtime import namespace, reads_only

blp = blueprint("chatwoot_conversations", __name__, "Conversations")
CONVERSATIONS = "/accounts/<int:account_id>/conversations"
CONVERSATION = f"{CONVERSATIONS}/<int:conversation_id>"
ACTION_ERRORS = {**WRITE_ERRORS, 401: "No, unknown or unauthorised token; not a member of the inbox"}
# Assignments and labels take any object: an unknown or malformed assignee or team unassigns, any labels are set.
TAKING_ANY_ERRORS = {status: text for status, text in ACTION_ERRORS.items() if status != 422}
ASSIGNED = {"type": "object", "nullable": True, "description": "The agent (`assignee_id`), the raw team record "
            "(`team_id`), or null when nobody or nothing is assigned"}
FILTER_ERRORS = {**MEMBER_ERRORS, 400: "Malformed JSON", 422: "An invalid filter (key, operator, value)"}


def conversations() -> Conversations:
    return Conversations(scope())


def _query(args: dict[str, Any]) -> ListQuery:
    return ListQuery(status=args.get("status"), q=args.get("q"), inbox_id=args.get("inbox_id"),
                     team_id=args.get("team_id"), labels=label_params(), source_id=args.get("source_id"),
                     assignee_type=args.get("assignee_type"), sort_by=args.get("sort_by"), page=args.get("page"))


def _conversation(conversation: Any) -> Response:
    return answer(renderer().conversation(conversation))


@blp.route(CONVERSATIONS)
class ConversationsViews(MethodView):
    @reads_only
    @endpoint
    @blp.arguments(ConversationListQuery, location="query")
    @blp.response(200, ConversationListSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """List conversations (25 per page)

        `{"data": {"meta": {mine_count, assigned_count, unassigned_count, all_count}, "payload":
        [...]}}`. The counts are taken before `assignee_type` narrows the list; `status` defaults
        to open (`all`: any) and is ignored when `q` is given.
        """
        counts, page = conversations().list(_query(query))
        return answer(conversation_list(renderer(), counts, page))

    @bot_endpoint
    @blp.arguments(ConversationWriteSchema, example={"inbox_id": 2, "contact_id": 1,
                                                     "message": {"content": "Hello!"}})
    @blp.response(200, ConversationSchema)
    @documented(blp, WRITE_ERRORS)
    def post(self, body: dict[str, Any], account_id: int) -> Response:
        """Create a conversation (agent bots too)

        With `inbox_id` and `contact_id` their contact inbox is found or made (`source_id`
        optional); otherwise the contact inbox is looked up by `source_id` (404 when unknown).
        Answers the full conversation; `message` becomes its first message.
        """
        message = body.pop("message", None) or None  # `params[:message].present?`: {} is no message
        return _conversation(conversations().create(body, message))


@blp.route(f"{CONVERSATIONS}/meta")
class ConversationMetaViews(MethodView):
    @endpoint
    @blp.arguments(ConversationMetaQuery, location="query")
    @blp.response(200, ConversationCountsAnswerSchema)
    @documented(blp, MEMBER_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Counts of mine, unassigned, assigned and all conversations (same filters as the list)"""
        return answer(conversation_counts(conversations().meta(_query(query))))


@blp.route(f"{CONVERSATIONS}/filter")
class ConversationFilterViews(MethodView):
    @endpoint
    @blp.arguments(PageQuery, location="query")
    @blp.arguments(FilterSchema, example={"payload": [
        {"attribute_key": "status", "filter_operator": "equal_to", "values": ["open"], "query_operator": None}]})
    @blp.response(200, ConversationPageSchema)
    @documented(blp, FILTER_ERRORS)
    def post(self, query: dict[str, Any], body: dict[str, Any], account_id: int) -> Response:
        """Filter conversations (25 per page)

        `{"meta": {mine_count, unassigned_count, all_count}, "payload": [...]}`: no `data` wrapper
        and no assigned_count, as the real server answers.
        """
        today = namespace().clock.now().date()
        counts, page = conversations().filter(body.get("payload"), query.get("page"), today)
        return answer(filtered_conversations(renderer(), counts, page))


@blp.route(CONVERSATION)
class ConversationByIdViews(MethodView):
    @endpoint
    @blp.response(200, ConversationSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, conversation_id: int) -> Response:
        """Get a conversation by display id (`messages` holds only the last message)"""
        return _conversation(conversations().find(conversation_id))


@blp.route(f"{CONVERSATION}/toggle_status")
class ToggleStatusViews(MethodView):
    @bot_endpoint
    @blp.arguments(ToggleStatusSchema, example={"status": "resolved"})
    @blp.response(200, ToggleStatusAnswerSchema)
    @documented(blp, ACTION_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """Change the status (agent bots too)

        A given status is set; none toggles open↔resolved (pending and snoozed become open). An
        agent who opens a conversation is assigned to it.
        """
        conversation = conversations().toggle_status(conversation_id, body.get("status"), body.get("snoozed_until"))
        return answer(status_toggled(conversation))


@blp.route(f"{CONVERSATION}/toggle_priority")
class TogglePriorityViews(MethodView):
    @endpoint
    @blp.arguments(TogglePrioritySchema, example={"priority": "urgent"})
    @blp.response(200, description="Changed (empty body)")
    @documented(blp, ACTION_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """Set the priority (low, medium, high, urgent; null or empty clears it); 200 with an empty body"""
        conversations().toggle_priority(conversation_id, body.get("priority"))
        return empty()


@blp.route(f"{CONVERSATION}/assignments")
class AssignmentsViews(MethodView):
    @endpoint
    @blp.arguments(AssignmentSchema, lenient=True, example={"assignee_id": 1})
    @blp.response(200, ASSIGNED, description="The agent JSON, the raw team record, or null")
    @documented(blp, TAKING_ANY_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """Assign an agent (`assignee_id`, null or unknown unassigns) or else a team (`team_id`)"""
        return answer(assignment(renderer(), conversations().assign(conversation_id, body)))


@blp.route(f"{CONVERSATION}/labels")
class LabelsViews(MethodView):
    @endpoint
    @blp.response(200, LabelsSchema)
    @documented(blp, RECORD_ERRORS)
    def get(self, account_id: int, conversation_id: int) -> Response:
        """The conversation's labels (`{"payload": [...]}`)"""
        return answer(labels_payload(conversations().labels(conversation_id)))

    @endpoint
    @blp.arguments(LabelsWriteSchema, lenient=True, example={"labels": ["billing", "vip"]})
    @blp.response(200, LabelsSchema)
    @documented(blp, TAKING_ANY_ERRORS)
    def post(self, body: dict[str, Any], account_id: int, conversation_id: int) -> Response:
        """Replace the conversation's labels (they need not exist beforehand)"""
        return answer(labels_payload(conversations().set_labels(conversation_id, body.get("labels"))))
