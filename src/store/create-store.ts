/** Picks the store adapter: MongoDB when a URI is configured, memory (not persisted) otherwise. */
import { createMemoryStore } from './memory/memory-store';
import { createMongoStore } from './mongo/mongo-store';
import { Store } from './ports';

export async function createStore(mongodbUri?: string): Promise<Store> {
  return mongodbUri ? createMongoStore(mongodbUri) : createMemoryStore();
}
