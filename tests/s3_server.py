"""A real S3-compatible server on loopback for the storage tests: moto's server mode.

One server per test session (``moto_server``, started as a subprocess on a free
port, about two seconds), a fresh bucket per test. ``s3_settings`` points the
"default", "jobs" and "backups" storages at it exactly as config/settings.py
does with FILE_STORAGE=s3; ``s3_environment`` gives the same as environment
variables, for a ``manage.py`` run in another process.
"""

import os
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from botocore.config import Config

from config import storages as storage_entries

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The address of a moto S3 server running for the whole session."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start: {log.read_text()}") from None
                time.sleep(0.05)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(s3={"addressing_style": "path"}),
    )


def keys(endpoint, bucket, prefix=""):
    """Every object key in ``bucket`` under ``prefix``, sorted."""
    pages = client(endpoint).get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))


def read(endpoint, bucket, key):
    return client(endpoint).get_object(Bucket=bucket, Key=key)["Body"].read()


def new_bucket(endpoint):
    bucket = f"gzz-test-{uuid.uuid4().hex[:12]}"
    client(endpoint).create_bucket(Bucket=bucket)
    return bucket


def storages_for(endpoint, bucket, prefix=""):
    """settings.STORAGES' three file storages on ``bucket``, as FILE_STORAGE=s3 makes them."""

    def entry(location):
        return storage_entries.s3_storage(
            bucket=bucket,
            location=location,
            endpoint_url=endpoint,
            region=REGION,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            addressing_style="path",
        )

    return {
        "default": entry(prefix),
        "jobs": entry(f"{prefix}/jobs"),
        "backups": entry(f"{prefix}/backups"),
    }


def environment(endpoint, bucket, prefix=""):
    """The environment variables that make config/settings.py build storages_for(...)."""
    return {
        **os.environ,
        "FILE_STORAGE": "s3",
        "S3_BUCKET": bucket,
        "S3_PREFIX": prefix,
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": ACCESS_KEY,
        "S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "S3_ADDRESSING_STYLE": "path",
    }


@pytest.fixture
def s3_bucket(s3_endpoint):
    return new_bucket(s3_endpoint)


@pytest.fixture
def s3_settings(settings, s3_endpoint, s3_bucket):
    """Every file storage in a fresh bucket under the prefix "gzz"; the bucket's name."""
    settings.STORAGES = {**settings.STORAGES, **storages_for(s3_endpoint, s3_bucket, "gzz")}
    return s3_bucket
