import { createMemoryStore } from '../../src/store/memory/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory', async () => createMemoryStore());
