import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/meta.js';
import { formatFieldError } from '../../../src/api/validation.js';
import { POD_RULES } from '../../../src/admission/kinds/pod.js';
import type { KindRules } from '../../../src/admission/kinds/rules.js';

const rulesOf = (kind: string): KindRules => {
  const r = POD_RULES.find((x) => x.kind === kind);
  if (r === undefined) throw new Error(`no rules for ${kind}`);
  return r;
};
const podRules = rulesOf('Pod');

type Obj = Record<string, unknown>;
const pod = (spec: Obj = {}, container: Obj = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }], ...spec },
});

const defaulted = (o: KubeObject, rules = podRules): KubeObject => rules.defaults?.(o) ?? o;
const specOf = (o: KubeObject): Obj => o['spec'] as Obj;
const container0 = (o: KubeObject): Obj => (specOf(o)['containers'] as Obj[])[0] ?? {};
/** Create: defaults, then validation, as the API server runs them; errors as printed. */
const errorsOf = (o: KubeObject, rules = podRules): string[] => (rules.validate?.(defaulted(o, rules)) ?? []).map(formatFieldError);
const updateErrorsOf = (before: KubeObject, after: KubeObject): string[] =>
  (podRules.validateUpdate?.(defaulted(before), defaulted(after)) ?? []).map(formatFieldError);

describe('Pod defaults (upstream core/v1 SetDefaults_* and admission plugins)', () => {
  it('Given a minimal pod When defaulted Then it is stored exactly as the API server stores it', () => {
    expect(defaulted(pod())).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', uid: 'u-1' },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        securityContext: {},
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        containers: [
          { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent', name: 'app', image: 'nginx:1.27', resources: {} },
        ],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priority: 0,
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    });
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['registry.local:5000/team/nginx', 'Always'],
    ['registry.local:5000/team/nginx:2', 'IfNotPresent'],
    ['nginx@sha256:0123', 'IfNotPresent'],
  ])('Given image %s When defaulted Then imagePullPolicy is %s', (image, policy) => {
    expect(container0(defaulted(pod({}, { image })))['imagePullPolicy']).toBe(policy);
  });

  it('Given an explicit imagePullPolicy When defaulted Then it is kept', () => {
    expect(container0(defaulted(pod({}, { image: 'nginx', imagePullPolicy: 'Never' })))['imagePullPolicy']).toBe('Never');
  });

  it('Given ports and probes When defaulted Then protocol is TCP and probes get 10s/1s/1/3 and an HTTP GET on /', () => {
    const c = container0(defaulted(pod({}, { ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }], livenessProbe: { httpGet: { port: 80 } }, readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } })));
    expect(c['ports']).toEqual([{ protocol: 'TCP', containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }]);
    expect(c['livenessProbe']).toEqual({ timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, httpGet: { path: '/', scheme: 'HTTP', port: 80 } });
    expect(c['readinessProbe']).toEqual({ timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3, tcpSocket: { port: 80 } });
  });

  it('Given volumes When defaulted Then a sourceless one is an emptyDir and file sources are mode 0644', () => {
    const spec = specOf(defaulted(pod({ volumes: [{ name: 'a' }, { name: 'b', secret: { secretName: 's' } }, { name: 'c', configMap: { name: 'c', defaultMode: 0o400 } }, { name: 'd', hostPath: { path: '/x' } }] })));
    expect(spec['volumes']).toEqual([
      { name: 'a', emptyDir: {} },
      { name: 'b', secret: { defaultMode: 420, secretName: 's' } },
      { name: 'c', configMap: { defaultMode: 256, name: 'c' } },
      { name: 'd', hostPath: { type: '', path: '/x' } },
    ]);
  });

  it('Given an env fieldRef without apiVersion When defaulted Then it reads v1', () => {
    const env = container0(defaulted(pod({}, { env: [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }] })))['env'];
    expect(env).toEqual([{ name: 'NS', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } }]);
  });

  it('Given limits without requests When defaulted Then requests equal the limits and the pod is Guaranteed', () => {
    const o = defaulted(pod({}, { resources: { limits: { cpu: '1', memory: '1Gi' } } }));
    expect(container0(o)['resources']).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
    expect(o['status']).toEqual({ phase: 'Pending', qosClass: 'Guaranteed' });
  });

  it('Given a host-network pod When defaulted Then each port is published on the host', () => {
    expect(container0(defaulted(pod({ hostNetwork: true }, { ports: [{ containerPort: 8080 }] })))['ports']).toEqual([{ protocol: 'TCP', containerPort: 8080, hostPort: 8080 }]);
  });

  it('Given a toleration of all NoExecute taints When defaulted Then no 300s tolerations are added', () => {
    const tolerations = [{ operator: 'Exists' }];
    expect(specOf(defaulted(pod({ tolerations })))['tolerations']).toEqual(tolerations);
  });

  it('Given a PodTemplate When defaulted Then its spec gets spec defaults but nothing only pods get', () => {
    const template = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { spec: { containers: [{ name: 'a', image: 'busybox' }] } } };
    const spec = (defaulted(template, rulesOf('PodTemplate'))['template'] as { spec: Obj }).spec;
    expect(spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(spec).not.toHaveProperty('tolerations');
    expect(spec).not.toHaveProperty('enableServiceLinks');
  });
});

describe('Pod validation (upstream ValidatePodSpec)', () => {
  it('Given a valid pod When validated Then there are no errors', () => {
    expect(errorsOf(pod({}, { ports: [{ containerPort: 80, name: 'http' }], resources: { requests: { cpu: '500m' }, limits: { cpu: '1' } }, livenessProbe: { exec: { command: ['true'] } } }))).toEqual([]);
  });

  const LABEL_MSG =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

  it.each<[string, Obj, Obj, string[]]>([
    ['no containers', { containers: [] }, {}, ['spec.containers: Required value']],
    ['a container name that is not a DNS label', {}, { name: 'App_1' }, [`spec.containers[0].name: Invalid value: "App_1": ${LABEL_MSG}`]],
    ['no image', {}, { image: '' }, ['spec.containers[0].image: Required value']],
    ['an init container named like a container', { initContainers: [{ name: 'app', image: 'busybox' }] }, {}, ['spec.initContainers[0].name: Duplicate value: "app"']],
    ['port 0', {}, { ports: [{ containerPort: 0 }] }, ['spec.containers[0].ports[0].containerPort: Required value']],
    ['port 70000', {}, { ports: [{ containerPort: 70000 }] }, ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['protocol HTTP', {}, { ports: [{ containerPort: 80, protocol: 'HTTP' }] }, ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ['a port name twice', {}, { ports: [{ containerPort: 80, name: 'web' }, { containerPort: 81, name: 'web' }] }, ['spec.containers[0].ports[1].name: Duplicate value: "web"']],
    ['a port name in capitals', {}, { ports: [{ containerPort: 80, name: 'Web' }] }, ['spec.containers[0].ports[0].name: Invalid value: "Web": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
    ['a request above its limit', {}, { resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }, ['spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1']],
    ['a memory request above its limit', {}, { resources: { requests: { memory: '2Gi' }, limits: { memory: '1024Mi' } } }, ['spec.containers[0].resources.requests[memory]: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi']],
    ['an unparsable quantity', {}, { resources: { requests: { cpu: 'lots' } } }, [`spec.containers[0].resources.requests[cpu]: Invalid value: "lots": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`]],
    ['a negative request', {}, { resources: { requests: { memory: '-1' } } }, ['spec.containers[0].resources.requests[memory]: Invalid value: "-1": must be greater than or equal to 0']],
    ['an unknown resource', {}, { resources: { requests: { gpu: '1' } } }, ['spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers']],
    ['restartPolicy Sometimes', { restartPolicy: 'Sometimes' }, {}, ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['dnsPolicy Cluster', { dnsPolicy: 'Cluster' }, {}, ['spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"']],
    ['imagePullPolicy Sometimes', {}, { imagePullPolicy: 'Sometimes' }, ['spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']],
    ['a negative grace period', { terminationGracePeriodSeconds: -1 }, {}, ['spec.terminationGracePeriodSeconds: Invalid value: -1: must be greater than or equal to 0']],
    ['activeDeadlineSeconds 0', { activeDeadlineSeconds: 0 }, {}, ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],
    ['a probe without handler', {}, { livenessProbe: { periodSeconds: 5 } }, ['spec.containers[0].livenessProbe: Required value: must specify a handler type']],
    ['a probe with two handlers', {}, { readinessProbe: { exec: { command: ['true'] }, httpGet: { port: 80 } } }, ['spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type']],
    ['a liveness successThreshold of 2', {}, { livenessProbe: { tcpSocket: { port: 80 }, successThreshold: 2 } }, ['spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1']],
    ['a probe on port 0', {}, { startupProbe: { tcpSocket: { port: 0 } } }, ['spec.containers[0].startupProbe.tcpSocket.port: Invalid value: 0: must be between 1 and 65535, inclusive']],
    ['a restartPolicy on a regular container', {}, { restartPolicy: 'Always' }, ['spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers']],
    ['an init container restartPolicy Never', { initContainers: [{ name: 'init', image: 'busybox', restartPolicy: 'Never' }] }, {}, ['spec.initContainers[0].restartPolicy: Unsupported value: "Never": supported values: "Always"']],
    ['a mount of no volume', {}, { volumeMounts: [{ name: 'data', mountPath: '/data' }] }, ['spec.containers[0].volumeMounts[0].name: Not found: "data"']],
    ['two volumes with one name', { volumes: [{ name: 'a', emptyDir: {} }, { name: 'a', emptyDir: {} }] }, {}, ['spec.volumes[1].name: Duplicate value: "a"']],
    ['a volume with two sources', { volumes: [{ name: 'a', emptyDir: {}, secret: { secretName: 's' } }] }, {}, ['spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type']],
  ])('Given %s When validated Then the errors are upstream\'s', (_name, spec, container, expected) => {
    expect(errorsOf(pod(spec, container))).toEqual(expected);
  });

  const QUALIFIED_MSG =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it.each<[string, Obj, string[]]>([
    ['operator Foo', { key: 'k', operator: 'Foo' }, ['spec.tolerations[0].operator: Unsupported value: "Foo": supported values: "Equal", "Exists"']],
    [
      'Exists with a value',
      { key: 'k', operator: 'Exists', value: 'v', effect: 'NoSchedule' },
      ['spec.tolerations[0].operator: Invalid value: core.Toleration{Key:"k", Operator:"Exists", Value:"v", Effect:"NoSchedule", TolerationSeconds:(*int64)(nil)}: value must be empty when `operator` is \'Exists\''],
    ],
    ['tolerationSeconds with NoSchedule', { key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule', tolerationSeconds: 5 }, ['spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set']],
    ['effect Sometimes', { key: 'k', operator: 'Exists', effect: 'Sometimes' }, ['spec.tolerations[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"']],
    ['no key with Equal', { operator: 'Equal', value: 'v' }, ['spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']],
    ['a key with a space', { key: 'a b', operator: 'Exists' }, [`spec.tolerations[0].key: Invalid value: "a b": ${QUALIFIED_MSG}`]],
  ])('Given a toleration with %s When validated Then the errors are upstream\'s', (_name, toleration, expected) => {
    expect(errorsOf(pod({ tolerations: [toleration] }))).toEqual(expected);
  });

  it('Given a nodeSelector with a bad key When validated Then the error is at spec.nodeSelector', () => {
    expect(errorsOf(pod({ nodeSelector: { 'a b': 'x' } }))).toEqual([`spec.nodeSelector: Invalid value: "a b": ${QUALIFIED_MSG}`]);
  });

  it('Given a PodTemplate without containers When validated Then template.spec.containers is required', () => {
    const template = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 't' }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [] } } };
    expect(errorsOf(template, rulesOf('PodTemplate'))).toEqual(['template.spec.containers: Required value']);
  });
});

describe('Pod updates (upstream ValidatePodUpdate)', () => {
  const FORBIDDEN =
    'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

  it.each<[string, KubeObject, KubeObject, string[]]>([
    ['a new image', pod(), pod({}, { image: 'nginx:1.28' }), []],
    ['an added toleration', pod(), pod({ tolerations: [{ key: 'k', operator: 'Exists' }] }), []],
    ['an activeDeadlineSeconds set for the first time', pod(), pod({ activeDeadlineSeconds: 60 }), []],
    ['a shorter activeDeadlineSeconds', pod({ activeDeadlineSeconds: 60 }), pod({ activeDeadlineSeconds: 30 }), []],
    ['a longer activeDeadlineSeconds', pod({ activeDeadlineSeconds: 60 }), pod({ activeDeadlineSeconds: 90 }), ['spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value']],
    ['a removed activeDeadlineSeconds', pod({ activeDeadlineSeconds: 60 }), pod(), ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']],
    ['a changed port', pod({}, { ports: [{ containerPort: 80 }] }), pod({}, { ports: [{ containerPort: 81 }] }), [FORBIDDEN]],
    ['a changed restartPolicy', pod(), pod({ restartPolicy: 'Never' }), [FORBIDDEN]],
    [
      'a changed toleration',
      pod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'a' }] }),
      pod({ tolerations: [{ key: 'k', operator: 'Equal', value: 'b' }] }),
      ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds'],
    ],
  ])('Given %s When updated Then the errors are upstream\'s', (_name, before, after, expected) => {
    expect(updateErrorsOf(before, after)).toEqual(expected);
  });
});
