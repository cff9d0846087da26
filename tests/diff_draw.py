"""Draw documents from a schema in a child process, so a schema hypothesis-jsonschema takes too
long to read can be given up on: ``python diff_draw.py COUNT < schema.json`` prints a JSON list of
documents, or a JSON string saying why there are none."""

from __future__ import annotations

import json
import sys

from diff_evidence import instances

if __name__ == "__main__":
    drawn = instances(json.loads(sys.stdin.read()), int(sys.argv[1]))
    sys.stdout.write(json.dumps(drawn))
