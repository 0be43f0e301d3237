"""An XSD 1.1 from an OpenAPI 3.0 schema and its `xml` objects: the XML a validator reading the spec accepts."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

import xmlschema

Schema = dict[str, Any]
XS = "http://www.w3.org/2001/XMLSchema"
COMPONENTS = "#/components/schemas/"
SIMPLE_TYPES = {"string": "xs:string", "integer": "xs:integer", "number": "xs:double", "boolean": "xs:boolean"}
FORMATS = {"date-time": "xs:dateTime", "date": "xs:date", "int32": "xs:int", "int64": "xs:long"}
FACETS = {"minLength": "minLength", "maxLength": "maxLength", "minimum": "minInclusive", "maximum": "maxInclusive"}
ANNOTATIONS = {"description", "default", "example", "title", "readOnly", "writeOnly", "format"}
XML_FIELDS = {"name", "wrapped"}  # attribute, namespace and prefix: not used by the specs read here


register_namespace("xs", XS)  # the type names below are written `xs:…`


def xsd(spec: Schema, schema: Schema) -> xmlschema.XMLSchema11:
    """The XSD whose one global element is the root that `schema` (a media type's schema) describes."""
    return XsdDocument(spec).build(schema)


class UnsupportedSchema(ValueError):
    """The schema uses OpenAPI that this translation does not know: it refuses rather than loosen the check."""


def xs(tag: str, parent: Element | None = None, **attributes: str) -> Element:
    qualified = f"{{{XS}}}{tag}"
    return Element(qualified, attributes) if parent is None else SubElement(parent, qualified, attributes)


class XsdDocument:
    """One XSD, translated from schemas of one spec. Elements follow OpenAPI 3.0: a property's element is named by the
    property, or by the `xml.name` of the schema it stands for; a `wrapped` list is a wrapper element
    (the list's `xml.name`, else the property) around its items, an unwrapped one repeats its items;
    items are named by their own `xml.name`, else the property. Objects are `xs:all` (any order);
    `additionalProperties: false` admits nothing else, otherwise undeclared elements are skipped."""

    def __init__(self, spec: Schema) -> None:
        self.components: dict[str, Schema] = spec.get("components", {}).get("schemas", {})
        self.document = xs("schema")
        self.named: set[str] = set()  # the components written as named complex types

    def build(self, schema: Schema) -> xmlschema.XMLSchema11:
        target = self._target(schema)
        if "name" not in target.get("xml", {}):
            raise UnsupportedSchema("a root schema must name its element (xml.name)")
        if target.get("type") == "array" and not target["xml"].get("wrapped"):
            raise UnsupportedSchema("a root list must be wrapped")
        (root,) = self._particles(target["xml"]["name"], schema, required=True)
        for occurs in ("minOccurs", "maxOccurs"):
            root.attrib.pop(occurs, None)
        self.document.insert(0, root)
        return xmlschema.XMLSchema11(tostring(self.document, encoding="unicode"))

    def _target(self, schema: Schema) -> Schema:
        """The schema itself, or the component it stands for (`$ref`, or `allOf` of one `$ref`)."""
        all_of = schema.get("allOf")
        if "$ref" in schema or (isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]):
            return self.components[self._component(schema)]
        if "allOf" in schema or "oneOf" in schema or "anyOf" in schema or "not" in schema:
            raise UnsupportedSchema(f"composition: {sorted(schema)}")
        return schema

    @staticmethod
    def _component(schema: Schema) -> str:
        ref = schema["$ref"] if "$ref" in schema else schema["allOf"][0]["$ref"]
        if not ref.startswith(COMPONENTS):
            raise UnsupportedSchema(f"reference outside the component schemas: {ref}")
        return str(ref).removeprefix(COMPONENTS)

    def _particles(self, name: str, schema: Schema, *, required: bool) -> list[Element]:
        """The element (or repeated element) a property named `name` becomes."""
        target = self._target(schema)
        xml = target.get("xml", {})
        if set(xml) - XML_FIELDS:
            raise UnsupportedSchema(f"xml fields {sorted(set(xml) - XML_FIELDS)}")
        if target.get("type") != "array":
            return [self._element(xml.get("name", name), schema, target, required=required)]
        items = target["items"]
        item = self._element(self._target(items).get("xml", {}).get("name", name), items, self._target(items),
                             required=True)
        low, high = str(target.get("minItems", 0)), str(target.get("maxItems", "unbounded"))
        if not xml.get("wrapped"):
            item.set("minOccurs", low if required else "0")
            item.set("maxOccurs", high)
            return [item]
        item.set("minOccurs", low)
        item.set("maxOccurs", high)
        wrapper = xs("element", name=xml.get("name", name), minOccurs="1" if required else "0")
        xs("sequence", xs("complexType", wrapper)).append(item)
        return [wrapper]

    def _element(self, name: str, schema: Schema, target: Schema, *, required: bool) -> Element:
        element = xs("element", name=name, minOccurs="1" if required else "0")
        if target.get("type") == "array":
            raise UnsupportedSchema(f"<{name}>: a list of lists")
        if target.get("type") == "object" or "properties" in target:
            if target is schema:  # an inline object
                self._complex_type(target, element)
            else:
                element.set("type", self._named_type(self._component(schema)))
            return element
        if "type" not in target and not set(target) - ANNOTATIONS - {"xml"}:
            return element  # any value (a JSON `fields.Raw`): untyped, xs:anyType
        self._simple_type(name, target, element)
        return element

    def _named_type(self, component: str) -> str:
        if component not in self.named:
            self.named.add(component)  # before the walk: a type that contains itself refers to itself
            self._complex_type(self.components[component], self.document, name=component)
        return component

    def _complex_type(self, schema: Schema, parent: Element, name: str | None = None) -> None:
        unknown = set(schema) - ANNOTATIONS - {"type", "properties", "required", "additionalProperties", "xml"}
        if unknown:
            raise UnsupportedSchema(f"object keywords {sorted(unknown)}")
        complex_type = xs("complexType", parent, **({"name": name} if name else {}))
        group = xs("all", complex_type)
        required = set(schema.get("required", []))
        for key, value in schema.get("properties", {}).items():
            for particle in self._particles(key, value, required=key in required):
                group.append(particle)
        if schema.get("additionalProperties", True) is not False:
            xs("any", group, processContents="skip", minOccurs="0", maxOccurs="unbounded",
               notQName="##definedSibling")

    @staticmethod
    def _simple_type(name: str, schema: Schema, element: Element) -> None:
        unknown = set(schema) - ANNOTATIONS - {"type", "enum", "xml", *FACETS}
        if unknown or schema.get("type") not in SIMPLE_TYPES:
            raise UnsupportedSchema(f"<{name}>: {schema}")
        base = FORMATS.get(schema.get("format", ""), SIMPLE_TYPES[schema["type"]])
        facets = [(FACETS[key], schema[key]) for key in FACETS if key in schema]
        facets += [("enumeration", value) for value in schema.get("enum", [])]
        if not facets:
            element.set("type", base)
            return
        restriction = xs("restriction", xs("simpleType", element), base=base)
        for facet, value in facets:
            text = ("true" if value else "false") if isinstance(value, bool) else str(value)
            xs(facet, restriction, value=text)
