/** Picks the store adapter: MongoDB when a URI is configured, memory (not persisted) otherwise. */
import { createMemoryStore } from './memory/memory-store';
import { createMongoStore } from './mongo/mongo-store';
import { Store } from './ports';
import { RecordKind } from './record-kinds';

/** `records`: the families' record kinds (MongoDB opens them at once; memory when first used). */
export async function createStore(mongodbUri: string | undefined, records: ReadonlyArray<RecordKind<unknown>> = []): Promise<Store> {
  return mongodbUri ? createMongoStore(mongodbUri, { records }) : createMemoryStore();
}
