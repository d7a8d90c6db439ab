/**
 * Accepted UsernameToken nonces in MongoDB, shared by every gateway instance: one document
 * per (user, nonce), so of two instances given the same token one insert wins and the other
 * meets the unique index; the TTL index removes a nonce after its window.
 */
import { Model } from 'mongoose';
import { NonceRegistry } from '../../wire/security/nonce-cache';
import { NonceRecord } from '../ports';
import { guarded, isDuplicateKey } from './errors';

export class MongoNonces implements NonceRegistry {
  constructor(private readonly model: Model<NonceRecord>) {}

  async remember(username: string, nonce: string, expiresAt: number, now: number): Promise<boolean> {
    return guarded('nonces.remember', async () => {
      try {
        await this.model.create({ username, nonce, expiresAt: new Date(expiresAt) });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        // Known: a replay, unless it expired and the TTL monitor (once a minute) has not yet removed it.
        const renewed = await this.model
          .updateOne({ username, nonce, expiresAt: { $lte: new Date(now) } }, { $set: { expiresAt: new Date(expiresAt) } })
          .exec();
        return renewed.modifiedCount === 1;
      }
    });
  }
}
