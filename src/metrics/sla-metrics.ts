import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process: the API serves it at /metrics, a separate worker on its own port. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const firingLateness = new Histogram({
  name: 'sla_firing_lateness_seconds',
  help: 'Fired at minus due at, per clock kind and firing',
  labelNames: ['clock', 'firing'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  registers: [metricsRegistry],
});

export const slaWarnings = new Counter({ name: 'sla_warnings_total', help: 'SLA warnings fired', labelNames: ['clock'] as const, registers: [metricsRegistry] });
export const slaBreaches = new Counter({ name: 'sla_breaches_total', help: 'SLA breaches fired', labelNames: ['clock'] as const, registers: [metricsRegistry] });
export const slaEscalations = new Counter({
  name: 'sla_escalations_total',
  help: 'Escalations fired',
  labelNames: ['clock', 'level'] as const,
  registers: [metricsRegistry],
});

export const catchUpFirings = new Counter({
  name: 'sla_catchup_firings_total',
  help: 'Deadline moments already past when a change recorded them (backdated intake, a stop or pause after the deadline); not in the lateness histogram',
  registers: [metricsRegistry],
});
