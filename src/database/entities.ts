import { ApiKeyEntity } from '../access/api-key.entity';
import { VendorEntity } from '../vendors/vendor.entity';

export const ENTITIES = [VendorEntity, ApiKeyEntity];
