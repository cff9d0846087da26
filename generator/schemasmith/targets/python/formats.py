"""The formats the Python target decodes into a native type, with their annotation and decoder."""

from __future__ import annotations

# Formats the Python target holds in a native type (and therefore checks while decoding).
NATIVE_FORMATS = {
    "date-time": ("_dt.datetime", "_date_time"),
    "date": ("_dt.date", "_date"),
    "uuid": ("_uuid.UUID", "_uuid_value"),
}
