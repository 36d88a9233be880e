/** Helpers for `watches`: what an event did to a pod, read from the states around it. */
import type { Pod } from '../api/pod.js';
import type { EventRecord } from '../log/events.js';
import { subjectOf } from '../log/subject.js';
import { getPod } from '../state/queries.js';
import type { ClusterState } from '../state/state.js';

export interface PodChange {
  readonly before: Pod | undefined;
  readonly after: Pod | undefined;
}

export const podChangeOf = (record: EventRecord, before: ClusterState, after: ClusterState): PodChange | undefined => {
  const ref = subjectOf(record.event);
  if (ref?.kind !== 'Pod') return undefined;
  return { before: getPod(before, ref.namespace, ref.name), after: getPod(after, ref.namespace, ref.name) };
};
