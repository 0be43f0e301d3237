"""Wire schemas of the reports API (/api/v2): query parameters and answers."""

from __future__ import annotations

from marshmallow import Schema, fields

from simulator.chatwoot.store.reports import METRICS, PERIODS, TYPES

DECIMAL = {"oneOf": [{"type": "string", "pattern": r"^-?\d+\.\d+$"}, {"type": "integer", "enum": [0]}]}
TYPE_HELP = "Required: account (the whole account), agent, inbox, label or team (missing or unknown: 422)"
ID_HELP = ("The agent's user id (conversations assigned to them, messages they sent, events with their user), the "
           "inbox id, the label's name or the team id; unknown: 404. Ignored for type=account.")
SINCE_HELP = "Unix seconds, the start of the window (inclusive)"
UNTIL_HELP = "Unix seconds, the end of the window (exclusive)"
BUSINESS_HOURS_HELP = "Accepted and ignored: durations are never restricted to business hours"


class ReportQuery(Schema):
    metric = fields.String(metadata={"enum": list(METRICS), "description": "What to count or average; without "
                                     "one the answer is an empty list, an unknown one is a 422"})
    kind = fields.String(data_key="type", metadata={"enum": list(TYPES), "description": TYPE_HELP})
    ident = fields.String(data_key="id", metadata={"description": ID_HELP})
    since = fields.String(metadata={"description": f"{SINCE_HELP}; without since or until the buckets span the "
                                                   "first to the last matching record"})
    until = fields.String(metadata={"description": UNTIL_HELP})
    group_by = fields.String(metadata={"enum": list(PERIODS), "description": "The bucket (default day); weeks "
                                       "start on Sunday"})
    timezone_offset = fields.String(metadata={"description": "Hours from UTC for the bucket boundaries, e.g. 5.5 "
                                              "(a fixed offset; one no Rails zone has means UTC)"})
    business_hours = fields.String(metadata={"description": BUSINESS_HOURS_HELP})


class SummaryQuery(Schema):
    kind = fields.String(data_key="type", metadata={"enum": list(TYPES), "description": TYPE_HELP})
    ident = fields.String(data_key="id", metadata={"description": ID_HELP})
    since = fields.String(metadata={"description": f"{SINCE_HELP}; without since or until every figure is 0"})
    until = fields.String(metadata={"description": UNTIL_HELP})
    business_hours = fields.String(metadata={"description": BUSINESS_HOURS_HELP})


class ConversationMetricsQuery(Schema):
    kind = fields.String(data_key="type", metadata={"enum": ["account", "agent"], "description": "account or "
                                                    "agent; missing: 422 with an empty body, another value: 422"})
    user_id = fields.String(metadata={"description": "Ignored, as by the real server: every agent is listed"})
    page = fields.String(metadata={"description": "type=agent: 25 agents a page (default 1)"})


class ReportPointSchema(Schema):
    value = fields.Raw(required=True, metadata={
        "oneOf": [{"type": "integer", "minimum": 0}, DECIMAL["oneOf"][0]],
        "description": "Counts: an integer. Averages: seconds as a decimal string (\"93.5\"), 0 for an empty bucket"})
    timestamp = fields.Integer(required=True, metadata={"description": "Unix start of the bucket"})
    count = fields.Integer(metadata={"description": "Averages only: how many events the bucket averages"})


class SummaryFiguresSchema(Schema):
    conversations_count = fields.Integer(required=True)
    incoming_messages_count = fields.Integer(required=True)
    outgoing_messages_count = fields.Integer(required=True, metadata={"description": "Outgoing messages, private "
                                                                                     "notes and bot messages too"})
    avg_first_response_time = fields.Raw(required=True, metadata={**DECIMAL, "description": "Seconds (a decimal "
                                                                  "string), 0 without data"})
    avg_resolution_time = fields.Raw(required=True, metadata={**DECIMAL, "description": "Seconds (a decimal "
                                                              "string), 0 without data"})
    resolutions_count = fields.Integer(required=True, metadata={"description": "Conversations resolved in the "
                                                                "window and still resolved"})
    reply_time = fields.Raw(required=True, metadata={**DECIMAL, "description": "Seconds (a decimal string), 0 "
                                                     "without data"})


class SummarySchema(SummaryFiguresSchema):
    previous = fields.Nested(SummaryFiguresSchema, required=True,
                             metadata={"description": "The same figures for the window of equal length before"})


class AccountConversationMetricsSchema(Schema):
    open = fields.Integer(required=True)
    unattended = fields.Integer(required=True, metadata={"description": "Open, and never answered or waiting"})
    unassigned = fields.Integer(required=True)


class AgentMetricSchema(Schema):
    open = fields.Integer(required=True)
    unattended = fields.Integer(required=True)


class AgentConversationMetricsSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    email = fields.String(required=True)
    thumbnail = fields.String(required=True)
    availability = fields.String(required=True, metadata={"description": "online, offline or busy"})
    metric = fields.Nested(AgentMetricSchema, required=True)
