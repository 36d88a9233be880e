import { describe, expect, it } from 'vitest';
import { kindInfo } from '../../src/api/kinds.js';
import type { KindInfo } from '../../src/api/kinds.js';
import type { KubeObject } from '../../src/api/meta.js';
import { asList, nameLine, noResourcesMessage, notFoundMessage, toJson, toYaml } from '../../src/report/output.js';
import { naturalLess } from '../../src/report/table-yaml.js';
import { goFloat } from '../../src/report/table-yaml-scalars.js';

// -------------------------------------------------------------------------------------
// Objects printed by the real kubectl: `kubectl label --local --overwrite -f obj.json
// foo=bar -o yaml` (and -o json), kubectl v1.33.1 (the YAML and JSON printers are
// unchanged in v1.34: sigs.k8s.io/yaml over goyaml.v2, encoding/json). Each object
// already carries foo=bar, so kubectl printed it as it is. Beyond these samples, 5,600
// random objects (tricky keys and strings, numbers, nesting) printed byte-identical.
// -------------------------------------------------------------------------------------

const quoting = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'quoting', namespace: 'default', creationTimestamp: '2025-01-01T00:00:00Z', labels: { foo: 'bar' } },
  data: { empty: '', star: '*', dash: '- a', colon: 'a: b', hash: 'a #b', lead: ' lead', trail: 'trail ', yes: 'yes', on: 'on', y: 'y', num: '123', float: '1.5', octal: '0755', hex: '0x1F', exp: '1e3', base60: '1:20', null: 'null', tilde: '~', date: '2025-01-01', notDate: '2025-02-30', q: "'x'", dq: '"x"', lt: '<none>', amp: 'a&b', qm: '?x', pct: '%x', tab: 'a\tb', ctrl: 'a\u0001b', uni: 'héllo ☃', emoji: 'hi 😀', plainColon: 'a:b', url: 'http://x.example/a?b=c#d' } };
const folding = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'folding', labels: { foo: 'bar' } },
  data: { message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
    quoted: "'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss'",
    escaped: 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq\tr  ssss  tttt',
    word: 'x'.repeat(90) + ' tail', script: '#!/bin/sh\necho hi\n', noNewline: 'a\nb', keep: 'a\n\n', indented: '  lead\nx', spaceBreak: 'a \nb' } };
const keysAndNumbers = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keys', labels: { foo: 'bar' } },
  spec: { a10: 1, a9: 2, A_: 3, a_: 4, _x: 5, Ab: 6, '~t': 7, 'é': 8, '80': 9, '443': 10, b: [], c: {}, d: null, e: true, f: 1.5, g: 0.000001, h: 123456789.5, i: 1e21, j: [[1, 2], [], {}, { k: 'v', l: [1] }], k: -3, big: 1e20 },
  ['x'.repeat(130)]: 'long key' };
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-7d4b9c-x2k9p', namespace: 'default', uid: 'uid-1', creationTimestamp: '2025-01-01T00:00:00Z', labels: { app: 'web', foo: 'bar', 'pod-template-hash': '7d4b9c' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d4b9c', uid: 'uid-rs', controller: true, blockOwnerDeletion: true }] },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }], nodeName: 'worker-0', restartPolicy: 'Always', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30, tolerations: [{ effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 }] },
  status: { phase: 'Running', hostIP: '10.0.0.11', podIP: '10.244.0.12', podIPs: [{ ip: '10.244.0.12' }], qosClass: 'Burstable', startTime: '2025-01-01T00:00:02Z',
    conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:05Z' }, { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.', lastProbeTime: null, lastTransitionTime: '2025-01-01T00:00:01Z' }],
    containerStatuses: [{ name: 'web', image: 'nginx:1.27', ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2025-01-01T00:00:04Z' } } }] } };

const KUBECTL_YAML = {
  quoting: `apiVersion: v1
data:
  amp: a&b
  base60: "1:20"
  colon: 'a: b'
  ctrl: "a\\x01b"
  dash: '- a'
  date: "2025-01-01"
  dq: '"x"'
  emoji: "hi \\U0001F600"
  empty: ""
  exp: "1e3"
  float: "1.5"
  hash: 'a #b'
  hex: "0x1F"
  lead: ' lead'
  lt: <none>
  notDate: 2025-02-30
  "null": "null"
  num: "123"
  octal: "0755"
  "on": "on"
  pct: '%x'
  plainColon: a:b
  q: '''x'''
  qm: ?x
  star: '*'
  tab: "a\\tb"
  tilde: "~"
  trail: 'trail '
  uni: héllo ☃
  url: http://x.example/a?b=c#d
  "y": "y"
  "yes": "yes"
kind: ConfigMap
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels:
    foo: bar
  name: quoting
  namespace: default
`,
  folding: `apiVersion: v1
data:
  escaped: "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn
    oooo pppp qqqq\\tr  ssss  tttt"
  indented: |2-
      lead
    x
  keep: |+
    a

  message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are
    available: 3 No preemption victims found for incoming pod.'
  noNewline: |-
    a
    b
  quoted: '''aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn
    oooo pppp qqqq rrrr ssss'''
  script: |
    #!/bin/sh
    echo hi
  spaceBreak: "a \\nb"
  word: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
    tail
kind: ConfigMap
metadata:
  labels:
    foo: bar
  name: folding
`,
  keysAndNumbers: `apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    foo: bar
  name: keys
spec:
  _x: 5
  ~t: 7
  "80": 9
  "443": 10
  A_: 3
  Ab: 6
  a_: 4
  a9: 2
  a10: 1
  b: []
  big: 1e+20
  c: {}
  d: null
  e: true
  f: 1.5
  g: 1e-06
  h: 1.234567895e+08
  i: 1e+21
  j:
  - - 1
    - 2
  - []
  - {}
  - k: v
    l:
    - 1
  k: -3
  é: 8
? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
: long key
`,
  pod: `apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2025-01-01T00:00:00Z"
  labels:
    app: web
    foo: bar
    pod-template-hash: 7d4b9c
  name: web-7d4b9c-x2k9p
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: ReplicaSet
    name: web-7d4b9c
    uid: uid-rs
  uid: uid-1
spec:
  containers:
  - image: nginx:1.27
    name: web
    ports:
    - containerPort: 80
      protocol: TCP
    resources:
      requests:
        cpu: 100m
        memory: 128Mi
  nodeName: worker-0
  restartPolicy: Always
  schedulerName: default-scheduler
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: "2025-01-01T00:00:05Z"
    status: "True"
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: "2025-01-01T00:00:01Z"
    message: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane:
      }, 2 Insufficient cpu.'
    reason: Unschedulable
    status: "False"
    type: PodScheduled
  containerStatuses:
  - image: nginx:1.27
    name: web
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: "2025-01-01T00:00:04Z"
  hostIP: 10.0.0.11
  phase: Running
  podIP: 10.244.0.12
  podIPs:
  - ip: 10.244.0.12
  qosClass: Burstable
  startTime: "2025-01-01T00:00:02Z"
`,
};

const KUBECTL_JSON_KEYS_AND_NUMBERS = `{
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {
        "labels": {
            "foo": "bar"
        },
        "name": "keys"
    },
    "spec": {
        "443": 10,
        "80": 9,
        "A_": 3,
        "Ab": 6,
        "_x": 5,
        "a10": 1,
        "a9": 2,
        "a_": 4,
        "b": [],
        "big": 100000000000000000000,
        "c": {},
        "d": null,
        "e": true,
        "f": 1.5,
        "g": 0.000001,
        "h": 123456789.5,
        "i": 1e+21,
        "j": [
            [
                1,
                2
            ],
            [],
            {},
            {
                "k": "v",
                "l": [
                    1
                ]
            }
        ],
        "k": -3,
        "~t": 7,
        "é": 8
    },
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": "long key"
}
`;

describe('-o yaml, as kubectl prints it', () => {
  it('quotes only what would read back as something else, single quotes what cannot be plain', () => {
    expect(toYaml(quoting)).toBe(KUBECTL_YAML.quoting);
  });

  it('folds long scalars past column 80 and writes multi-line strings as literal blocks', () => {
    expect(toYaml(folding)).toBe(KUBECTL_YAML.folding);
  });

  it('orders keys as go-yaml does (non-letters first, digit runs by value) and prints numbers as it reads them', () => {
    expect(toYaml(keysAndNumbers)).toBe(KUBECTL_YAML.keysAndNumbers);
  });

  it('prints a pod as kubectl get -o yaml does', () => {
    expect(toYaml(pod)).toBe(KUBECTL_YAML.pod);
  });

  it('prints a List with unindented items and empty collections in flow style', () => {
    expect(toYaml(asList([]))).toBe('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n');
  });
});

describe('-o json, as kubectl prints it', () => {
  it('sorts keys by bytes (integer-like keys too), indents by 4 and escapes <, > and &', () => {
    expect(toJson(keysAndNumbers)).toBe(KUBECTL_JSON_KEYS_AND_NUMBERS);
    expect(toJson({ b: 1, a: { d: [1], c: 'x' } })).toBe('{\n    "a": {\n        "c": "x",\n        "d": [\n            1\n        ]\n    },\n    "b": 1\n}\n');
    expect(toJson({ note: '<none> & more', skip: undefined, list: [undefined] })).toBe('{\n    "list": [\n        null\n    ],\n    "note": "\\u003cnone\\u003e \\u0026 more"\n}\n');
  });
});

describe('go-yaml details', () => {
  it('formats floats as strconv.FormatFloat(f, \'g\', -1, 64)', () => {
    expect([1.5, 0.0001, 0.000001, 100000.5, 1234567.5, 1e20, -2.5e-7].map(goFloat)).toEqual(['1.5', '0.0001', '1e-06', '100000.5', '1.2345675e+06', '1e+20', '-2.5e-07']);
  });

  it('compares keys as keyList.Less', () => {
    expect(['a10', 'a9', 'A_', 'a_', '_x', 'Ab', '~t', '80', '443'].sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0))).toEqual(['_x', '~t', '80', '443', 'A_', 'Ab', 'a_', 'a9', 'a10']);
  });
});

describe('lists, names and messages', () => {
  const info = (kind: string): KindInfo => {
    const k = kindInfo(kind);
    if (k === undefined) throw new Error(`no kind ${kind}`);
    return k;
  };
  const web = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web' } } as KubeObject;

  it('wraps several objects in a List with an empty resourceVersion', () => {
    expect(asList([web])).toEqual({ apiVersion: 'v1', items: [web], kind: 'List', metadata: { resourceVersion: '' } });
  });

  it('names objects as -o name does', () => {
    expect(nameLine(info('ReplicaSet'), web)).toBe('replicaset.apps/web');
    expect(nameLine(info('Pod'), { ...web, kind: 'Pod' })).toBe('pod/web');
  });

  it('says "No resources found" with the namespace unless listing across namespaces or cluster-scoped kinds', () => {
    expect(noResourcesMessage('default')).toBe('No resources found in default namespace.\n');
    expect(noResourcesMessage('shop', 'pods')).toBe('No resources found in shop namespace.\n');
    expect(noResourcesMessage(undefined)).toBe('No resources found\n');
  });

  it('reports NotFound with the group-qualified plural', () => {
    expect(notFoundMessage(info('Pod'), 'x')).toBe('Error from server (NotFound): pods "x" not found\n');
    expect(notFoundMessage(info('Deployment'), 'web')).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
  });
});
