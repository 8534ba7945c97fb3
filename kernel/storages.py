"""The S3 storage behind uploads when a bucket is configured (interviewprep/settings/storage.py)."""

from __future__ import annotations

from typing import Any

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """Private objects whose signed URLs always download, never render in the browser.

    A recording or resume opened inline from the bucket's origin could be a page the
    uploader wrote; ``ResponseContentDisposition`` makes S3 answer every signed GET
    as an attachment, whatever metadata the object carries.
    """

    def url(self, name: str, parameters: dict[str, Any] | None = None, expire: int | None = None, **kwargs: Any) -> str:
        parameters = {"ResponseContentDisposition": "attachment", **(parameters or {})}
        return str(super().url(name, parameters=parameters, expire=expire, **kwargs))
