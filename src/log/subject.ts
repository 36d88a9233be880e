/** What an event is about. */
import type { ObjectRef } from '../api/meta.js';
import type { Event } from './events.js';

/** The object an event is about, if any (kind, namespace, name). */
export const subjectOf = (e: Event): ObjectRef | undefined => {
  switch (e.type) {
    case 'ObjectCreated':
    case 'ObjectUpdated':
      return { kind: e.object.kind, name: e.object.metadata.name, ...(e.object.metadata.namespace === undefined ? {} : { namespace: e.object.metadata.namespace }) };
    case 'ObjectScaled':
    case 'ObjectDeleting':
    case 'ObjectDeleted':
    case 'FinalizerRemoved':
    case 'StatusUpdated':
      return e.ref;
    case 'PodBound':
    case 'PodUnschedulable':
    case 'PodNominated':
    case 'PodSandboxStarted':
    case 'PodContainersStarted':
    case 'PodBecameReady':
    case 'PodContainersExited':
    case 'PodContainersRestarted':
      return { ...e.pod, kind: 'Pod' };
    case 'ActionRejected':
      return undefined;
  }
};

