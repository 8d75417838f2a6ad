import { bodySchema, compileValidator, type Validator } from '../common/validation/json-schema';

type Envelope<F extends string> = Record<F, Array<Record<string, unknown>>>;

/**
 * `{<field>: [objects]}`. Only the envelope is checked as a whole (400 when it is wrong); every
 * element is then checked on its own so one bad sample never costs the others (docs/api.md).
 */
function envelope<F extends string>(field: F, description: string): Validator<Envelope<F>> {
  const schema = bodySchema({ [field]: { type: 'array', items: { type: 'object', description } } }, [field]);
  return compileValidator<Envelope<F>>(schema, { shapeOnly: true });
}

export const validateSamplesEnvelope = envelope(
  'samples',
  '{metric, value, timestamp (RFC 3339 with offset), labels?}',
);
export const validateEventsEnvelope = envelope(
  'events',
  '{item, id, action, timestamp (RFC 3339 with offset), attributes?}',
);
