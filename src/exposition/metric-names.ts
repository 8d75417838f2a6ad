// Every metric name of the service, in one place (observability.md).
export const METRIC = {
  ingestSamples: 'sla_ingest_samples_total',
  ingestEvents: 'sla_ingest_events_total',
  ingestRequestDuration: 'sla_ingest_request_duration_seconds',
  vendorLastSample: 'sla_vendor_last_sample_timestamp_seconds',
  evaluationDuration: 'sla_evaluation_duration_seconds',
  evaluationRuns: 'sla_evaluation_runs_total',
  evaluationLastSuccess: 'sla_evaluation_last_success_timestamp_seconds',
} as const;
