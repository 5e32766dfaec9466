import type { CallEvent } from '../../src/server/health/signals.js';

/** A checked call event (what validateSignal returns): a fast successful checkout, changed by `over`. */
export const checkedCall = (partnerId: string, at: number, over: Partial<CallEvent> = {}): CallEvent => ({
  type: 'call',
  partnerId,
  action: 'checkout',
  outcome: 'ok',
  httpStatus: null,
  errorType: null,
  latencyMs: 10,
  merchantId: null,
  at,
  ...over,
});
