// Every migration, in order. A new migration file is added here too (reviewed, never generated blind).
import { CreateVendorsAndApiKeys1795737600000 } from './1795737600000-CreateVendorsAndApiKeys';
import { CreateContracts1795740000000 } from './1795740000000-CreateContracts';
import { CreateIngestStorage1795743600000 } from './1795743600000-CreateIngestStorage';
import { CreateEvaluationStorage1795747200000 } from './1795747200000-CreateEvaluationStorage';
import { CreateBreachesAndStatements1795750800000 } from './1795750800000-CreateBreachesAndStatements';
import { NotificationDelivery1795754400000 } from './1795754400000-NotificationDelivery';
import { SampleValueRange1795758000000 } from './1795758000000-SampleValueRange';
import { DeliveryClaims1795761600000 } from './1795761600000-DeliveryClaims';
import { VendorFeeds1795765200000 } from './1795765200000-VendorFeeds';
import { RollupReceivedAt1795768800000 } from './1795768800000-RollupReceivedAt';
import { ObjectiveAtRisk1795772400000 } from './1795772400000-ObjectiveAtRisk';
import { CounterSeries1795776000000 } from './1795776000000-CounterSeries';
import { MetricSelectors1795779600000 } from './1795779600000-MetricSelectors';
import { FeedProtocols1795783200000 } from './1795783200000-FeedProtocols';
import { MinuteRollups1795786800000 } from './1795786800000-MinuteRollups';
import { SampleChunks1795790400000 } from './1795790400000-SampleChunks';
import { ChunkHourIndex1795794000000 } from './1795794000000-ChunkHourIndex';
import { ChunkHourBases1795797600000 } from './1795797600000-ChunkHourBases';
import { ChunkHourIndexInline1795801200000 } from './1795801200000-ChunkHourIndexInline';
import { ChunkDayIndex1795804800000 } from './1795804800000-ChunkDayIndex';
import { ChunkIntegerValues1795808400000 } from './1795808400000-ChunkIntegerValues';
import { HourlyCompaction1795812000000 } from './1795812000000-HourlyCompaction';

export const MIGRATIONS = [
  CreateVendorsAndApiKeys1795737600000,
  CreateContracts1795740000000,
  CreateIngestStorage1795743600000,
  CreateEvaluationStorage1795747200000,
  CreateBreachesAndStatements1795750800000,
  NotificationDelivery1795754400000,
  SampleValueRange1795758000000,
  DeliveryClaims1795761600000,
  VendorFeeds1795765200000,
  RollupReceivedAt1795768800000,
  ObjectiveAtRisk1795772400000,
  CounterSeries1795776000000,
  MetricSelectors1795779600000,
  FeedProtocols1795783200000,
  MinuteRollups1795786800000,
  SampleChunks1795790400000,
  ChunkHourIndex1795794000000,
  ChunkHourBases1795797600000,
  ChunkHourIndexInline1795801200000,
  ChunkDayIndex1795804800000,
  ChunkIntegerValues1795808400000,
  HourlyCompaction1795812000000,
];
