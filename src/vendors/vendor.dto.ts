import { bodySchema, compileValidator, nonBlank } from '../common/validation/json-schema';
import type { VendorEntity } from './vendor.entity';

export interface PutVendorBody {
  name: string;
  contacts?: string[];
}

export const putVendorSchema = bodySchema(
  {
    name: nonBlank(200),
    contacts: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', format: 'email', maxLength: 254 },
    },
  },
  ['name'],
);
export const validatePutVendor = compileValidator<PutVendorBody>(putVendorSchema);

export interface CreateVendorKeyBody {
  name?: string;
}

export const createVendorKeySchema = bodySchema({ name: { type: 'string', minLength: 1, maxLength: 200 } });
export const validateCreateVendorKey = compileValidator<CreateVendorKeyBody>(createVendorKeySchema);

export interface VendorView {
  key: string;
  name: string;
  contacts: string[];
  createdAt: string;
  updatedAt: string;
  /** One vendor's answer only: the newest sample folded per way in (json, remote_write, otlp). */
  feeds?: Array<{ protocol: string; lastSampleAt: string }>;
}

export function toVendorView(v: VendorEntity): VendorView {
  return {
    key: v.key,
    name: v.name,
    contacts: v.contacts,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}
