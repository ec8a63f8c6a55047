"""Exit 0 when the site on this machine is ready (/readyz answers 200), 1 otherwise.

Asks 127.0.0.1 on the port in BIND (default 8000); /readyz is answered before host and HTTPS
checks, so no Host header or TLS is needed.
"""

import os
import sys
import urllib.request

port = os.environ.get("BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"not ready: {error}", file=sys.stderr)
    sys.exit(1)
