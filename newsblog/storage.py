"""Where uploaded media and static files live, chosen from the environment.

Media stay on the local disk unless AWS_STORAGE_BUCKET_NAME is set; then they go to that
S3-compatible bucket through django-storages (install the `s3` extra). Credentials are read by
boto3 itself (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never copied into settings.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

S3_BACKEND = "storages.backends.s3.S3Storage"
STATIC_BACKEND = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Media are public article images: plain URLs that browsers and CDNs can cache, no signed
# query strings that change on every page render.
S3_CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_storage(environ: Mapping[str, str]) -> dict:
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": S3_CACHE_CONTROL},
    }
    optional = {
        "region_name": "AWS_S3_REGION_NAME",
        "endpoint_url": "AWS_S3_ENDPOINT_URL",
        "custom_domain": "AWS_S3_CUSTOM_DOMAIN",
        "location": "AWS_LOCATION",
        "default_acl": "AWS_DEFAULT_ACL",
    }
    options.update({key: environ[name] for key, name in optional.items() if environ.get(name)})
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def media_origin(storage: Mapping) -> str | None:
    """The origin media are served from when it is not this site (for the CSP img-src)."""
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"] != S3_BACKEND:
        return None
    if options.get("custom_domain"):
        return f"https://{options['custom_domain']}"
    if options.get("endpoint_url"):
        parts = urlsplit(options["endpoint_url"])
        return f"{parts.scheme}://{parts.netloc}"
    region = options.get("region_name")
    host = f"s3.{region}.amazonaws.com" if region else "s3.amazonaws.com"
    return f"https://{options['bucket_name']}.{host}"


def storages(environ: Mapping[str, str], *, debug: bool) -> dict:
    # In development runserver serves static files straight from the app folders, so the
    # hashed manifest (built by collectstatic) is only needed when DEBUG is off.
    static = "django.contrib.staticfiles.storage.StaticFilesStorage" if debug else STATIC_BACKEND
    return {"default": media_storage(environ), "staticfiles": {"BACKEND": static}}


def static_headers(headers, path: str, url: str) -> None:
    """WhiteNoise hook: hashed (immutable) files are cached for a year, the usual ceiling."""
    if "immutable" in headers.get("Cache-Control", ""):
        headers["Cache-Control"] = "public, max-age=31536000, immutable"
