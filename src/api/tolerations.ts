/** Whether tolerations tolerate taints (upstream api/core/v1 Toleration.ToleratesTaint), shared by the scheduler and the DaemonSet controller. */
import type { Taint } from './node.js';
import type { Toleration } from './pod.js';

/**
 * upstream ToleratesTaint: a set effect must equal the taint's, a set key must equal the
 * taint's (an empty key matches every key), then operator Exists matches any value and
 * Equal (or no operator) needs equal values; an unknown operator tolerates nothing.
 */
export const tolerates = (toleration: Toleration, taint: Taint): boolean => {
  const effect = toleration.effect ?? '';
  if (effect !== '' && effect !== taint.effect) return false;
  const key = toleration.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
};

export const toleratesAny = (tolerations: readonly Toleration[], taint: Taint): boolean => tolerations.some((t) => tolerates(t, taint));
