"""The image's HEALTHCHECK: exit 0 when this container's web server reports itself ready.

``python -m operations.healthcheck`` asks ``/api/v1/health/ready/`` on loopback (MongoDB, the
billing database, the cache and the broker all answer) with the first ALLOWED_HOSTS entry as its
Host, since Django refuses any other. Standard library only: it runs every 30 s.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".") or "localhost"
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/api/v1/health/ready/", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"not ready: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
