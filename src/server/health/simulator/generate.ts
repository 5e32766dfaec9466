import { MAX_SIGNAL_BATCH } from '../../../shared/health.js';
import { PartnerStream, type SignalInput } from './partner-stream.js';
import { DEFAULT_FEED_INTERVAL_MS, DEFAULT_MERCHANTS_INTERVAL_MS, type Scenario } from './scenarios.js';

export interface SimulatedPartner {
  id: string;
  scenario: Scenario;
}

export interface SimulationOptions {
  partners: readonly SimulatedPartner[];
  /** Calls a second over all partners, shared equally; feed and merchants reports come on top (a few a minute). */
  ratePerSecond: number;
  /** Epoch ms the simulation starts at. */
  start: number;
  seed: number;
  feedIntervalMs?: number;
  merchantsIntervalMs?: number;
}

export interface Simulation {
  /** The events from where the last call stopped (or the start) up to `to`, exclusive. */
  advance(to: number): SignalInput[];
}

/** A run that advances as asked: the simulate script calls it each tick with the current time. */
export function createSimulation(options: SimulationOptions): Simulation {
  const perPartner = options.partners.length === 0 ? 0 : options.ratePerSecond / options.partners.length;
  const streams = options.partners.map(
    (p) =>
      new PartnerStream({
        partnerId: p.id,
        scenario: p.scenario,
        ratePerSecond: perPartner,
        start: options.start,
        seed: options.seed,
        feedIntervalMs: options.feedIntervalMs ?? DEFAULT_FEED_INTERVAL_MS,
        merchantsIntervalMs: options.merchantsIntervalMs ?? DEFAULT_MERCHANTS_INTERVAL_MS,
      }),
  );
  let reached = options.start;
  return {
    advance(to) {
      const events: SignalInput[] = [];
      if (to <= reached) return events;
      for (const stream of streams) stream.emitUntil(to, events);
      reached = to;
      return events;
    },
  };
}

export interface GenerateOptions extends Omit<SimulationOptions, 'start'> {
  from: number;
  to: number;
  /** Events a batch holds at most (the intake's limit by default). */
  batchSize?: number;
  /** How much time one step of the simulation covers: a batch holds whole steps' events until it is full. */
  stepMs?: number;
}

/** The signals of `partners` from `from` to `to`, in batches ready to post: deterministic for a seed. */
export function* generateSignals(options: GenerateOptions): Generator<SignalInput[]> {
  const batchSize = options.batchSize ?? MAX_SIGNAL_BATCH;
  const stepMs = options.stepMs ?? 1000;
  const simulation = createSimulation({ ...options, start: options.from });
  let pending: SignalInput[] = [];
  for (let at = options.from; at < options.to; ) {
    at = Math.min(at + stepMs, options.to);
    for (const event of simulation.advance(at)) {
      pending.push(event);
      if (pending.length === batchSize) {
        yield pending;
        pending = [];
      }
    }
  }
  if (pending.length > 0) yield pending;
}
