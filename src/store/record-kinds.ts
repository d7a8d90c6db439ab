/**
 * Record kinds: the records a family keeps through a repository port of its own (unique
 * keys and conditional updates of its own fields, say), where a keyed document (document-kinds.ts) would not do. The store names none of
 * them: a family declares its kind — a name, and how to make its repository in memory and
 * on MongoDB — and the store opens it, once per store, under that name.
 *
 * MongoDB opens its kinds when the store is created, because a kind's unique indexes are
 * guarantees (idempotency keys) that must exist before the first request; memory has nothing
 * to prepare and opens a kind when it is first asked for.
 */
import type { Connection } from 'mongoose';

export interface RecordAdapters<R> {
  /** The kind's repository in memory: empty, kept in this process only. */
  memory(): R;
  /** Its repository on `connection`, once its collections and indexes exist (awaited: a unique index is a guarantee). */
  mongo(connection: Connection): Promise<R>;
}

const KIND_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

export class RecordKind<R> {
  /**
   * Each store's repository of this kind. Kept on the kind, keyed by the store's shelf, so
   * that it comes back as R with no cast: one store holds kinds of many types.
   */
  private readonly opened = new WeakMap<RecordShelf, R>();

  constructor(
    /** Lower-case words joined by - or .; also the collection's name on MongoDB. */
    readonly name: string,
    /** Who declared it (a family's folder), for the message when a second one claims the name. */
    readonly owner: string,
    readonly adapters: RecordAdapters<R>,
  ) {
    if (!KIND_NAME.test(name)) throw new Error(`record kind "${name}" (${owner}) must be lower-case words joined by - or .`);
  }

  /** This kind's repository in `shelf`'s store, if it was opened there. */
  in(shelf: RecordShelf): R | undefined {
    return this.opened.get(shelf);
  }

  /** Keeps `repository` as this kind's in `shelf`'s store; only the shelf calls it, once. */
  keep(shelf: RecordShelf, repository: R): R {
    this.opened.set(shelf, repository);
    return repository;
  }
}

/** The record kinds open in one store, each name once. */
export class RecordShelf {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly store: 'memory' | 'mongodb',
    /** Memory opens on demand; MongoDB only what it was created with. */
    private readonly openOnDemand: boolean,
  ) {}

  /** Opens `kind` here with `make`; two kinds of one name would share a collection, so the second is refused. */
  async open<R>(kind: RecordKind<R>, make: (kind: RecordKind<R>) => Promise<R>): Promise<R> {
    this.claim(kind);
    return kind.keep(this, await make(kind));
  }

  /** The store's repository of `kind`. */
  get<R>(kind: RecordKind<R>): R {
    const found = kind.in(this);
    if (found !== undefined) return found;
    if (!this.openOnDemand) {
      throw new Error(
        `record kind "${kind.name}" (${kind.owner}) is not open in this ${this.store} store: it opens a family's record kinds when it is created (createStore(uri, recordKindsOf(FAMILIES)))`,
      );
    }
    this.claim(kind);
    return kind.keep(this, kind.adapters.memory());
  }

  names(): string[] {
    return [...this.owners.keys()];
  }

  private claim(kind: { name: string; owner: string }): void {
    const earlier = this.owners.get(kind.name);
    if (earlier !== undefined) throw new Error(`record kind "${kind.name}" is opened twice in one store: by ${earlier} and by ${kind.owner}`);
    this.owners.set(kind.name, kind.owner);
  }
}
