"""The application API's marshmallow wire schemas: one module per resource, shared bases in `base`."""
