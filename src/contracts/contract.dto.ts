import { bodySchema, compileValidator, nonBlank } from '../common/validation/json-schema';
import type { CreateExclusionBody } from './exclusions.service';

export const createExclusionSchema = bodySchema(
  {
    from: { type: 'string', format: 'date-time', maxLength: 64, description: 'RFC 3339 with offset' },
    to: { type: 'string', format: 'date-time', maxLength: 64, description: 'RFC 3339 with offset' },
    reason: nonBlank(1000),
    approvedBy: nonBlank(200),
    objectives: { type: 'array', maxItems: 200, items: { type: 'string', maxLength: 63 } },
  },
  ['from', 'to', 'reason', 'approvedBy'],
);
export const validateCreateExclusion = compileValidator<CreateExclusionBody>(createExclusionSchema);

export interface DeliveryBody {
  deliveredAt?: string;
  note?: string;
}

export const deliverySchema = bodySchema({
  deliveredAt: {
    type: 'string',
    format: 'date-time',
    maxLength: 64,
    description: 'RFC 3339 with offset; default now',
  },
  note: { type: 'string', maxLength: 2000 },
});
export const validateDelivery = compileValidator<DeliveryBody>(deliverySchema);

/** The YAML media types accepted for contract documents. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

export function isYaml(contentType: string | undefined): boolean {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return YAML_TYPES.includes(type);
}

/** `Accept: application/yaml` (or another YAML type) ranks YAML first. */
export function wantsYaml(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  const yaml = types.findIndex((t) => YAML_TYPES.includes(t));
  const json = types.findIndex((t) => t === 'application/json');
  return yaml !== -1 && (json === -1 || yaml < json);
}
