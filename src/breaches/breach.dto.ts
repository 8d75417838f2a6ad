import { compileValidator } from '../common/validation/json-schema';

export interface AcknowledgeBody {
  by: string;
  note?: string;
}

export const acknowledgeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['by'],
  properties: {
    by: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    note: { type: 'string', maxLength: 2000 },
  },
};
export const validateAcknowledge = compileValidator<AcknowledgeBody>(acknowledgeSchema);

export const BREACH_STATUSES = ['open', 'acknowledged', 'resolved', 'final', 'delivered_late'] as const;
