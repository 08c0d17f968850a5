"""The bystander of the isolation suite: it keeps a secret in its /tmp and in memory and reports both,
with a hash of its own code and its credentials, so each test can prove an attack next door left it
untouched."""

import hashlib
import os
import uuid

MARKER_FILE = '/tmp/neighbour-secret-marker'
MEMORY = {}


def handler(event, context):
    if event.get('op') == 'plant':
        MEMORY['marker'] = 'mem-' + str(uuid.uuid4())
        with open(MARKER_FILE, 'w') as f:
            f.write('tmp-' + str(uuid.uuid4()))
    try:
        with open(MARKER_FILE) as f:
            file_marker = f.read()
    except OSError as e:
        file_marker = '<%s>' % e.strerror
    with open(__file__, 'rb') as f:
        code_sha = hashlib.sha256(f.read()).hexdigest()
    names = ('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN')
    return {
        'memoryMarker': MEMORY.get('marker', '<none>'),
        'fileMarker': file_marker,
        'codeSha256': code_sha,
        'envSecret': os.environ.get('NEIGHBOUR_SECRET'),
        'credentials': {n: os.environ[n] for n in names if n in os.environ},
        'pid': os.getpid(),
    }
