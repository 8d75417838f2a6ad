import { bodySchema, compileValidator, nonBlank } from '../common/validation/json-schema';

export interface AcknowledgeBody {
  by: string;
  note?: string;
}

export const acknowledgeSchema = bodySchema(
  { by: nonBlank(200), note: { type: 'string', maxLength: 2000 } },
  ['by'],
);
export const validateAcknowledge = compileValidator<AcknowledgeBody>(acknowledgeSchema);

export const BREACH_STATUSES = ['open', 'acknowledged', 'resolved', 'final', 'delivered_late'] as const;
