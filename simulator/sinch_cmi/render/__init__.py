"""The wire forms: entities as JSON dicts, those dicts as XML, the XML media of the spec, translated values."""
