"""Lifting the per-operation MongoDB deadline for maintenance work."""

from contextlib import AbstractContextManager

import pymongo


def maintenance() -> AbstractContextManager[None]:
    """No per-operation deadline (MONGODB_OPERATION_TIMEOUT_MS) inside the block: an index build, a
    backup batch or a restore's bulk insert may take longer than a request may wait, and an operator
    is watching. 0 means "no deadline", as timeoutMS=0 does in the driver specification."""
    return pymongo.timeout(0)
