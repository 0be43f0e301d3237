"""/api/v2/accounts/{account_id}/reports: metric series, summary and live conversation counts (administrators)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from simulator.chatwoot.errors import HeadOnly
from simulator.chatwoot.render.reports import conversation_metrics_wire, series_wire, summary_wire
from simulator.chatwoot.routes.common import MEMBER_ERRORS, MOUNT, answer, documented, endpoint, scope
from simulator.chatwoot.schemas.reports import (
    AccountConversationMetricsSchema,
    AgentConversationMetricsSchema,
    ConversationMetricsQuery,
    ReportPointSchema,
    ReportQuery,
    SummaryQuery,
    SummarySchema,
)
from simulator.chatwoot.store.reports import ReportParams, Reports
from simulator.core.api import VendorBlueprint

blp = VendorBlueprint("chatwoot_reports", __name__, url_prefix=f"{MOUNT}/api/v2",
                      description="Reports (administrators only)", validation_status=422)
REPORTS = "/accounts/<int:account_id>/reports"
ERRORS = {**MEMBER_ERRORS, 401: "No, unknown or unauthorised token; not a member; not an administrator",
          404: "Unknown account, or unknown agent, inbox or team `id`"}
SERIES_ERRORS = {**ERRORS, 422: "Unknown metric, missing or unknown type, since/until not unix seconds, unknown "
                                "group_by, more than 20000 buckets"}
SUMMARY_ERRORS = {**ERRORS, 422: "Missing or unknown type, since/until not unix seconds"}
LIVE_ERRORS = {**MEMBER_ERRORS, 401: ERRORS[401], 422: "type other than account or agent (a missing type: an empty "
                                                       "body)"}
EMPTY_BODY = {"type": "string", "maxLength": 0}


def reports() -> Reports:
    return Reports(scope())


def _params(args: dict[str, Any]) -> ReportParams:
    return ReportParams(metric=args.get("metric"), type=args.get("kind"), id=args.get("ident"),
                        since=args.get("since"), until=args.get("until"), group_by=args.get("group_by"),
                        timezone_offset=args.get("timezone_offset"))


@blp.route(REPORTS)
class ReportsViews(MethodView):
    @endpoint
    @blp.arguments(ReportQuery, location="query")
    @blp.response(200, ReportPointSchema(many=True))
    @documented(blp, SERIES_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Get Account reports (metric)

        One `{value, timestamp}` per `group_by` bucket (day, week, month, year or hour; default
        day) from the bucket of `since` while a bucket starts before `until`, in
        `timezone_offset` hours (a fixed offset). Counts (conversations_count,
        incoming_messages_count, outgoing_messages_count, resolutions_count) are integers;
        averages (avg_first_response_time, avg_resolution_time, reply_time) are seconds as a
        decimal string (Rails 7.0's BigDecimal), 0 for an empty bucket, plus `count`, the events
        averaged. `type` (account, agent, inbox, label, team) and `id` choose the records;
        resolutions are conversations resolved in the bucket that are still resolved, once per
        conversation. Without a metric: `[]`. Administrators only (401).
        """
        return answer(series_wire(reports().series(_params(query))))


@blp.route(f"{REPORTS}/summary")
class ReportSummaryViews(MethodView):
    @endpoint
    @blp.arguments(SummaryQuery, location="query")
    @blp.response(200, SummarySchema)
    @documented(blp, SUMMARY_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Get Account reports summary

        The figures of [since, until) and, under `previous`, of the window of equal length just
        before. Averages are seconds as a decimal string, 0 without data; without since or until
        every figure is 0 (the real server then filters on an empty range). Administrators only.
        """
        return answer(summary_wire(reports().summary(_params(query))))


@blp.route(f"{REPORTS}/conversations")
class ReportConversationsViews(MethodView):
    @endpoint
    @blp.arguments(ConversationMetricsQuery, location="query")
    @blp.response(200, AccountConversationMetricsSchema, description="type=account")
    @blp.alt_response(200, success=True, description="type=account: the counts; type=agent: a page of agents",
                      schema={"oneOf": [AccountConversationMetricsSchema, AgentConversationMetricsSchema(many=True)]})
    @blp.alt_response(422, schema=EMPTY_BODY, content_type="text/plain", description="No type: an empty body")
    @documented(blp, LIVE_ERRORS)
    def get(self, query: dict[str, Any], account_id: int) -> Response:
        """Get conversation metrics for Account or Agent

        type=account: `{open, unattended, unassigned}` over the account's open conversations
        (unattended: never answered, or waiting for an answer). type=agent: `[{id, name, email,
        thumbnail, availability, metric: {open, unattended}}]` of the conversations assigned to
        each member, 25 members a `page` in the order they joined, that page sorted by open,
        descending; `user_id` is ignored, as by the real server. A missing type is a 422 with an
        empty body (Rails' `head :unprocessable_entity`). Administrators only. The path also
        answers with a trailing slash (`/reports/conversations/`).
        """
        found = reports()
        found.authorize()
        kind = query.get("kind")
        if kind is None or not kind.strip():
            raise HeadOnly(422)
        return answer(conversation_metrics_wire(found.conversation_metrics(kind, query.get("page"))))
