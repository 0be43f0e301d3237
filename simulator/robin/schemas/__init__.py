"""ROBIN's marshmallow wire schemas, one module per resource: request bodies and documented answers."""
