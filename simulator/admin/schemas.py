"""Wire formats of the control API."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class HealthSchema(Schema):
    status = fields.String(required=True)


class VersionSchema(Schema):
    name = fields.String()
    version = fields.String()
    apis = fields.Dict(keys=fields.String(), values=fields.String())


class ResetQuerySchema(Schema):
    all = fields.Boolean(load_default=False, metadata={"description": "Reset every namespace"})


class ResetResultSchema(Schema):
    reset = fields.List(fields.String(), metadata={"description": "Namespaces reset ('*' for all)"})


class SeedSchema(Schema):
    seed = fields.Integer(required=True, validate=validate.Range(min=0, max=2**63 - 1))


class SeedQuerySchema(Schema):
    all = fields.Boolean(load_default=False, metadata={"description": "Reseed every namespace"})


class SeedResultSchema(Schema):
    namespace = fields.String()
    seed = fields.Integer()


class StateSchema(Schema):
    format = fields.String(required=True)
    namespace = fields.String()
    seed = fields.Integer()
    ids = fields.List(fields.Raw(allow_none=True))
    people = fields.Dict(required=True)
    vendors = fields.Dict(required=True)


class JournalQuerySchema(Schema):
    vendor = fields.String()
    method = fields.String()
    path = fields.String(metadata={"description": "Substring of the path"})


class JournalEntrySchema(Schema):
    id = fields.Integer()
    at = fields.String()
    vendor = fields.String()
    method = fields.String()
    path = fields.String()
    query = fields.Dict()
    headers = fields.Dict()
    body = fields.String(metadata={"description": "At most SIMULATOR_JOURNAL_BODY_BYTES of the body, secrets masked"})
    body_size = fields.Integer(metadata={"description": "Bytes of the whole request body"})
    body_truncated = fields.Boolean(metadata={"description": "`body` holds only the first bytes"})
    status = fields.Integer()
    response_body = fields.String()
    response_body_size = fields.Integer()
    response_body_truncated = fields.Boolean()
    duration_ms = fields.Float()
    tags = fields.Dict(metadata={"description": "`raw_path`; on the simulator's own events (vendor `simulator`, "
                                                "method `EVENT`): `event` and its details"})


class JournalSchema(Schema):
    requests = fields.List(fields.Nested(JournalEntrySchema))


class ClearedSchema(Schema):
    cleared = fields.Integer()


class OutboxQuerySchema(Schema):
    kind = fields.String(metadata={"description": "e.g. robin.channel_webhook"})


class DeliverySchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    method = fields.String()
    target = fields.String()
    payload = fields.Raw(allow_none=True)
    headers = fields.Dict()
    queued_at = fields.String()
    state = fields.String(metadata={"description": "pending, delivered, failed or dropped (never sent)"})
    status = fields.Integer(allow_none=True)
    response_body = fields.String()
    error = fields.String()
    finished_at = fields.String()
    duration_ms = fields.Float()
    context = fields.Dict()


class OutboxSchema(Schema):
    deliveries = fields.List(fields.Nested(DeliverySchema))


class ClockSchema(Schema):
    now = fields.AwareDateTime(required=True, default_timezone=None)
    frozen = fields.Boolean()


class ClockSetSchema(Schema):
    now = fields.AwareDateTime(metadata={"description": "Freeze at this instant"})
    frozen = fields.Boolean(metadata={"description": "false: run again from the current instant"})


class ClockAdvanceSchema(Schema):
    seconds = fields.Float(required=True, validate=validate.Range(min=0, max=10 * 365 * 86400))


class EvictionSchema(Schema):
    namespace = fields.String()
    at = fields.AwareDateTime(default_timezone=None, metadata={"description": "On the simulator clock"})
    idle_seconds = fields.Float(metadata={"description": "Wall-clock seconds since its last request"})


class NamespacesSchema(Schema):
    namespaces = fields.List(fields.String(), metadata={"description": "Existing namespaces, by name"})
    max_namespaces = fields.Integer(metadata={"description": "SIMULATOR_MAX_NAMESPACES"})
    evicted = fields.List(fields.Nested(EvictionSchema),
                          metadata={"description": "The latest evictions (least recently used idle namespaces "
                                                   "dropped to make room), oldest first"})


class NamespaceDeletedSchema(Schema):
    deleted = fields.String(metadata={"description": "The namespace dropped with its world, journal, outbox log, "
                                                     "rate-limit windows and seed"})
