"""The public API's wire schemas: request bodies and the real v3.1 answers, one module per resource."""
