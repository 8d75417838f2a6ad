import { compileValidator } from '../common/validation/json-schema';

// Only the envelope is checked as a whole (400 when it is wrong); every element is then checked on
// its own so one bad sample never costs the others (docs/api.md).
export const samplesEnvelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['samples'],
  properties: {
    samples: {
      type: 'array',
      items: {
        type: 'object',
        description: '{metric, value, timestamp (RFC 3339 with offset), labels?}',
      },
    },
  },
};
export const validateSamplesEnvelope = compileValidator<{ samples: Array<Record<string, unknown>> }>(
  samplesEnvelopeSchema,
  {
    shapeOnly: true,
  },
);

export const eventsEnvelopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      items: {
        type: 'object',
        description: '{item, id, action, timestamp (RFC 3339 with offset), attributes?}',
      },
    },
  },
};
export const validateEventsEnvelope = compileValidator<{ events: Array<Record<string, unknown>> }>(
  eventsEnvelopeSchema,
  {
    shapeOnly: true,
  },
);
