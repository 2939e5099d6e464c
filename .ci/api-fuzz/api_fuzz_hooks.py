"""Loaded by schemathesis (SCHEMATHESIS_HOOKS): how to send bodies of media types it does not know.

The referee's upload takes the raw PDF (`application/pdf`): sent as raw bytes, like
`application/octet-stream`.
"""

import schemathesis

schemathesis.serializer.alias("application/pdf", "application/octet-stream")
