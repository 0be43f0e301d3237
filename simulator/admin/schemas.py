"""Wire formats of the control API."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from simulator.core.faults import ACTIONS, MAX_DELAY_MS

VENDORS = ("robin", "robin-webshop", "sinch-cmi", "chatwoot")  # the journal's vendor names


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
    path = fields.String(metadata={"description": "Substring of the path, as routed (no trailing slash) or as sent"})


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
    namespace = fields.String(metadata={"description": "The namespace whose clock this is (`*`: the server's, "
                                                      "after `?all=true`)"})


class ClockQuerySchema(Schema):
    all = fields.Boolean(load_default=False, metadata={"description": "Every namespace's clock and the server's, "
                                                                      "which new namespaces follow"})


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


class FaultSchema(Schema):
    """A fault rule: which requests it matches, and what it does to them."""

    vendor = fields.String(validate=validate.OneOf(VENDORS),
                           metadata={"description": "The journal's vendor name; absent: every vendor"})
    method = fields.String(validate=validate.Regexp(r"^[A-Za-z]{1,16}$"),
                           metadata={"description": "e.g. POST; absent: every method"})
    path = fields.String(load_default="*", validate=validate.Length(min=1, max=1000),
                         metadata={"description": "A glob over the whole request path (`*` matches `/` too), e.g. "
                                                  "`/robin/conversations*`"})
    status = fields.Integer(validate=validate.Range(min=400, max=599), strict=True,
                            metadata={"description": "Answer this status in the vendor's error shape"})
    delay_ms = fields.Integer(validate=validate.Range(min=0, max=MAX_DELAY_MS), strict=True,
                              metadata={"description": "Wait this long first (other requests go on meanwhile)"})
    delay_max_ms = fields.Integer(validate=validate.Range(min=0, max=MAX_DELAY_MS), strict=True,
                                  metadata={"description": "With delay_ms: a delay drawn uniformly between the two"})
    action = fields.String(validate=validate.OneOf(ACTIONS),
                           metadata={"description": "`reset`: the connection is reset; `empty`: closed without an "
                                                    "answer"})
    probability = fields.Float(load_default=1.0, validate=validate.Range(min=0, max=1),
                               metadata={"description": "Chance that a matching call is hit, drawn from the "
                                                        "namespace's seeded generator (runs repeat)"})
    times = fields.Integer(allow_none=True, validate=validate.Range(min=1), strict=True,
                           metadata={"description": "Only the next N calls it hits; absent or null: every one"})

    @validates_schema
    def effect(self, data: dict[str, Any], **_: Any) -> None:
        if not any(data.get(name) is not None for name in ("status", "delay_ms", "action")):
            raise ValidationError("give status, delay_ms or action", "_schema")
        if data.get("status") is not None and data.get("action") is not None:
            raise ValidationError("a dropped connection has no status: give status or action", "action")
        if data.get("delay_max_ms") is not None:
            if data.get("delay_ms") is None:
                raise ValidationError("needs delay_ms (the shortest delay)", "delay_max_ms")
            if data["delay_max_ms"] < data["delay_ms"]:
                raise ValidationError("must not be below delay_ms", "delay_max_ms")

    @post_load
    def upper_method(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        if data.get("method"):
            data["method"] = data["method"].upper()
        return data


class FaultRuleSchema(Schema):
    id = fields.Integer(metadata={"description": "DELETE /__admin/faults/{id} removes it"})
    vendor = fields.String(allow_none=True)
    method = fields.String(allow_none=True)
    path = fields.String()
    status = fields.Integer(allow_none=True)
    delay_ms = fields.Integer(allow_none=True)
    delay_max_ms = fields.Integer(allow_none=True)
    action = fields.String(allow_none=True)
    probability = fields.Float()
    times = fields.Integer(allow_none=True)
    fired = fields.Integer(metadata={"description": "Calls it has hit so far"})
    remaining = fields.Integer(allow_none=True, metadata={"description": "Calls it will still hit (null: no end)"})


class FaultsSchema(Schema):
    faults = fields.List(fields.Nested(FaultRuleSchema))


class FaultDeletedSchema(Schema):
    deleted = fields.Integer()
