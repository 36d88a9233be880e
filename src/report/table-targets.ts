/**
 * What `kubectl get` is asked for: its arguments read as kubectl's resource builder
 * reads them (ResourceTypeOrNameArgs): `TYPE[,TYPE…] [NAME…]` or `TYPE/NAME…`, and the
 * `all` category.
 */
import type { Either } from 'fp-ts/lib/Either.js';
import { left, right } from 'fp-ts/lib/Either.js';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One resource type as typed (`deploy`, `all`) and the names asked for; none lists them all. */
export interface GetRequest {
  readonly resource: string;
  readonly names: readonly string[];
}

export interface GetTargets {
  readonly requests: readonly GetRequest[];
  /**
   * upstream singleItemImplied: one type and one name (or one TYPE/NAME), so -o json/yaml
   * prints the object itself rather than a List.
   */
  readonly singleItem: boolean;
}

/**
 * The kinds in kubectl's `all` category, in the order discovery lists them (core group
 * first, then apps, autoscaling and batch; resources by name within a group), which is
 * the order `kubectl get all` prints them in.
 */
export const ALL_CATEGORY: readonly string[] = [
  'Pod',
  'ReplicationController',
  'Service',
  'DaemonSet',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'CronJob',
  'Job',
];

// -------------------------------------------------------------------------------------
// parsing
// -------------------------------------------------------------------------------------

const SLASH_FORM_ONLY =
  "error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** `deploy/web` → deploy, web; kubectl refuses more than one slash and empty parts. */
const splitTypeName = (arg: string): Either<string, GetRequest> => {
  const parts = arg.split('/');
  if (parts.length !== 2) return left('error: arguments in resource/name form may not have more than one slash');
  const [resource = '', name = ''] = parts;
  if (resource === '' || name === '') return left('error: arguments in resource/name form must have a single resource and name');
  return right({ resource, names: [name] });
};

/** `TYPE/NAME…`: every argument in that form, each its own request, in the order given. */
const slashForm = (args: readonly string[]): Either<string, GetTargets> => {
  const requests: GetRequest[] = [];
  for (const arg of args) {
    if (!arg.includes('/')) return left(SLASH_FORM_ONLY);
    const r = splitTypeName(arg);
    if (r._tag === 'Left') return r;
    requests.push(r.right);
  }
  return right({ requests, singleItem: requests.length === 1 });
};

/**
 * The arguments of `get`: the first is `TYPE[,TYPE…]` and the rest names, or all are
 * `TYPE/NAME`. Types stay as typed; the caller resolves them (and expands `all`).
 */
export const parseGetArgs = (args: readonly string[]): Either<string, GetTargets> => {
  if (args.some((a) => a.includes('/'))) return slashForm(args);
  const [types = '', ...names] = args;
  const resources = types.split(',');
  const single = resources.length === 1 && names.length === 1 && resources[0]?.toLowerCase() !== 'all';
  return right({ requests: resources.map((resource) => ({ resource, names })), singleItem: single });
};
