"""POST /messages: an incoming message of a custom channel, with its attachments."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from marshmallow import ValidationError, fields, pre_load, validates_schema

from simulator.core.dates import LenientDateTime
from simulator.robin.schemas.base import NON_EMPTY, RobinSchema, TextOrNumber


def _is_base64(value: str) -> None:
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("Not valid base64 content.") from None


class AttachmentSchema(RobinSchema):
    file_name = fields.String(data_key="FileName", required=True, validate=NON_EMPTY)
    base64_content = fields.String(data_key="Base64Content", load_default="", validate=_is_base64)


class ChannelMessageSchema(RobinSchema):
    channel_account = fields.String(data_key="ChannelAccountExternalIdentifier", required=True, validate=NON_EMPTY)
    conversation_guid = fields.String(data_key="ConversationGuid", load_default="", allow_none=True)
    conversation_external_identifier = TextOrNumber(
        data_key="ConversationExternalIdentifier", required=True, validate=NON_EMPTY
    )
    message_external_identifier = TextOrNumber(data_key="MessageExternalIdentifier", required=True, validate=NON_EMPTY)
    relation_external_identifier = TextOrNumber(
        data_key="RelationExternalIdentifier", required=True, validate=NON_EMPTY
    )
    relation_name = fields.String(data_key="RelationName", required=True, validate=NON_EMPTY)
    content = fields.String(data_key="Content", required=True)
    is_private = fields.Boolean(data_key="IsPrivate", load_default=False)
    referrer = fields.String(data_key="Referrer", load_default="")
    subject = fields.String(data_key="Subject", load_default="")
    sent_at = LenientDateTime(data_key="SentDateTime", load_default=None, allow_none=True)
    attachments = fields.List(fields.Nested(AttachmentSchema), data_key="Attachments", load_default=list)

    @pre_load
    def drop_empty_attachments(self, data: Any, **_: Any) -> Any:
        """The docs let FileName and Base64Content be left empty when nothing is attached."""
        items = data.get("Attachments") if isinstance(data, dict) else None
        if isinstance(items, list):
            empty = [a for a in items if isinstance(a, dict) and not a.get("FileName") and not a.get("Base64Content")]
            data = {**data, "Attachments": [a for a in items if a not in empty]}
        return data

    @validates_schema
    def content_or_attachment(self, data: dict[str, Any], **_: Any) -> None:
        if not data.get("content") and not data.get("attachments"):
            raise ValidationError("Content may only be empty when an attachment is sent.", "Content")
