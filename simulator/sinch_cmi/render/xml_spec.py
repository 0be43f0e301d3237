"""The spec's XML media types: schemas whose OpenAPI `xml` objects name elements as xml_wire writes and reads them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.sinch_cmi.render import xml_wire

Schema = dict[str, Any]
Naming = Callable[[str, str], str]  # (JSON schema name, element name) → XML schema name
COMPONENTS = "#/components/schemas/"
NOT_IN_XML = ("$ref", "allOf", "nullable")  # nullable: a null is an absent element, nothing to declare


def answer_name(_source: str, element: str) -> str:
    """An answer's XML schema is named after its element: `ContactXml` for `<contact>`."""
    return "".join(part[:1].upper() + part[1:] for part in element.split("_")) + "Xml"


def body_name(source: str, _element: str) -> str:
    """A request body's, after its JSON schema: `CallbackCreateXml` and `CallbackUpdateXml` are both `<callback>`."""
    return source + "Xml"


class XmlMedia:
    """`application/xml` media objects for a spec, adding XML component schemas beside the JSON ones.

    Element names are the JSON field names. A list is a wrapper element of the field's name holding
    items named by `xml_wire.ITEM_NAMES`; a `xml_wire.REPEATED` field is repeated elements without a
    wrapper. A collection answer is `<contacts><contact>…</contact></contacts>`, an entity
    `<contact>…</contact>` (`xml_wire.ROOTS`). Every object schema names its element, so a `$ref` means
    the same element wherever it stands; one XML schema per (JSON schema, element name).
    """

    def __init__(self, components: dict[str, Schema]) -> None:
        self.components = components
        self.made: dict[str, tuple[str, str]] = {}  # XML schema name → (JSON schema name, element)

    def answer(self, path: str, json_media: dict[str, Any]) -> dict[str, Any]:
        """The XML twin of a 200 answer of `path` (relative to the mount)."""
        collection, entity = xml_wire.root_names(path, "")
        schema = json_media["schema"]
        if schema.get("type") == "array":
            return {"schema": self._list(schema, collection, entity, answer_name, wrapped=True)}
        return {"schema": self._element(schema, entity, answer_name)}

    def body(self, path: str, json_media: dict[str, Any]) -> dict[str, Any]:
        """The XML twin of a request body: its root is the entity element (the simulator reads any root)."""
        return {"schema": self._element(json_media["schema"], xml_wire.root_names(path, "")[1], body_name)}

    def _element(self, schema: Schema, element: str, naming: Naming) -> Schema:
        """`schema` written as an element named `element` (a list: the wrapper, or the repeated element)."""
        source = _referenced(schema)
        rest = {k: v for k, v in schema.items() if k not in NOT_IN_XML}
        if source is not None:
            ref = {"$ref": COMPONENTS + self._component(source, element, naming)}
            return {**rest, "allOf": [ref]} if rest else ref
        if schema.get("type") == "array":
            repeated = element in xml_wire.REPEATED
            item = element if repeated else xml_wire.ITEM_NAMES.get(element, "item")
            return self._list(rest, element, item, naming, wrapped=not repeated)
        if schema.get("type") == "object" or "properties" in schema:
            return self._object(rest, element, naming)
        return rest  # a scalar: its element is named after the property

    def _list(self, schema: Schema, wrapper: str, item: str, naming: Naming, *, wrapped: bool) -> Schema:
        items = self._element(schema["items"], item, naming)
        if "$ref" not in items and "allOf" not in items and "xml" not in items:
            items = {**items, "xml": {"name": item}}
        listed = {**{k: v for k, v in schema.items() if k not in NOT_IN_XML}, "items": items}
        return {**listed, "xml": {"name": wrapper, "wrapped": True}} if wrapped else listed

    def _object(self, schema: Schema, element: str, naming: Naming) -> Schema:
        properties = schema.get("properties", {})
        described = {**schema, "xml": {"name": element}}
        if properties:
            described["properties"] = {key: self._element(value, key, naming) for key, value in properties.items()}
        if "required" in schema:  # a required but nullable field is absent when null
            described["required"] = [key for key in schema["required"] if not properties.get(key, {}).get("nullable")]
        return described

    def _component(self, source: str, element: str, naming: Naming) -> str:
        name = naming(source, element)
        made = self.made.get(name)
        if made == (source, element):
            return name
        if made is not None or name in self.components:
            raise ValueError(f"XML schema {name} would describe both {made or name} and {source} as <{element}>")
        self.made[name] = (source, element)
        self.components[name] = {}  # claimed before the walk: a schema that contains itself stops here
        self.components[name] = self._element(self.components[source], element, naming)
        return name


def _referenced(schema: Schema) -> str | None:
    """The component a schema stands for: `$ref`, or apispec's `allOf: [$ref]` (a `$ref` with a description)."""
    if "$ref" in schema:
        return str(schema["$ref"]).removeprefix(COMPONENTS)
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
        return str(all_of[0]["$ref"]).removeprefix(COMPONENTS)
    return None
