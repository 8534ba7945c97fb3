"""File storage: private local files by default, S3 through django-storages when a bucket is configured.

Uploaded files (audio answers, resumes) are never served publicly: the API
hands out permission-checked download URLs (local) or short-lived signed URLs (S3).
Production stores them in S3 so that every web and worker container reads the
same files without sharing a disk; credentials come from boto3's usual sources
(``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``, or the instance's role).
"""

from .environment import env

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")

if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "kernel.storages.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=300),
            # SigV4: every region and S3-compatible server accepts it, and its URLs carry their expiry.
            "signature_version": "s3v4",
            "file_overwrite": False,
            "object_parameters": {"ContentDisposition": "attachment"},
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
