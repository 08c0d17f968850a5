"""Runs awscli's own `cloudtrail validate-logs` (CloudTrailValidateLogs) over lambdabox's trail root.

S3 and the CloudTrail client are replaced by readers of the files delivery wrote: objects are files under
<root>/<bucket>/, a digest's S3 metadata is its `.sig` sidecar, ListPublicKeys answers the keys given.
Usage: awscli-validate-logs.py ROOT BUCKET TRAIL_ARN START END KEYS_JSON VERBOSE(0|1); exit code as awscli's.
"""
import io
import json
import os
import sys
from argparse import Namespace

import awscli  # noqa: F401  (makes awscli's vendored botocore importable as `botocore`)
import awscli.customizations.cloudtrail.validation as validation
from botocore.exceptions import ClientError

root, bucket, trail_arn, start, end, keys_json, verbose = sys.argv[1:8]


def no_such_key():
    return ClientError({'Error': {'Code': 'NoSuchKey', 'Message': 'The specified key does not exist.'}}, 'GetObject')


class Listing:
    def __init__(self, keys):
        self._keys = keys

    def search(self, _expression):
        return iter(self._keys)


class Paginator:
    def paginate(self, Bucket, Marker):
        base = os.path.join(root, Bucket)
        keys = []
        for directory, _, files in os.walk(base):
            for name in files:
                keys.append(os.path.relpath(os.path.join(directory, name), base).replace(os.sep, '/'))
        return Listing(sorted(k for k in keys if k > Marker))


class S3:
    def get_paginator(self, _name):
        return Paginator()

    def get_object(self, Bucket, Key):
        path = os.path.join(root, Bucket, *Key.split('/'))
        if not os.path.isfile(path):
            raise no_such_key()
        metadata = {}
        if os.path.isfile(path + '.sig'):
            with open(path + '.sig') as f:
                sig = json.load(f)
            metadata = {'signature': sig['signature'], 'signature-algorithm': sig['signatureAlgorithm']}
        with open(path, 'rb') as f:
            return {'Body': io.BytesIO(f.read()), 'Metadata': metadata}


class S3Provider:
    def get_client(self, _bucket):
        return S3()


class CloudTrail:
    def list_public_keys(self, StartTime, EndTime):
        return {'PublicKeyList': json.loads(keys_json)}


command = validation.CloudTrailValidateLogs(None)
command.handle_args(Namespace(trail_arn=trail_arn, verbose=verbose == '1', s3_bucket=bucket, s3_prefix=None,
                              account_id=None, start_time=start, end_time=end))
command._source_region = trail_arn.split(':')[3]
command.s3_client_provider = S3Provider()
command.cloudtrail_client = CloudTrail()
command.organization_client = None
command._call()
sys.exit(1 if command._invalid_digests > 0 or command._invalid_logs > 0 else 0)
