// Every migration, in order. A new migration file is added here too (reviewed, never generated blind).
import { CreateVendorsAndApiKeys1795737600000 } from './1795737600000-CreateVendorsAndApiKeys';

export const MIGRATIONS = [CreateVendorsAndApiKeys1795737600000];
