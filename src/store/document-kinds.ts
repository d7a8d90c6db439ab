/**
 * The document kinds the store knows. Kinds are open — each family registers its own when
 * its module loads — but not free: the store refuses a kind nobody registered, so a
 * misspelt kind fails at once instead of quietly starting a collection of its own, and two
 * modules claiming one kind fail at start instead of reading each other's documents.
 *
 * A kind that has a lifecycle names its states; the store then refuses a document or a
 * transition naming any other, for the same reason.
 */
import { BusinessDocument, DocumentChanges, DocumentKind, TransitionCondition } from './ports';

export interface DocumentKindDefinition {
  kind: DocumentKind;
  /** Who registered it, for the message when a second module claims the kind. */
  owner: string;
  /** The states of its lifecycle; undefined for a kind without one. */
  states?: readonly string[];
}

const KIND_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;

export class DocumentKindRegistry {
  private readonly kinds = new Map<DocumentKind, DocumentKindDefinition>();

  register(definition: DocumentKindDefinition): void {
    const { kind, owner, states } = definition;
    if (!KIND_NAME.test(kind)) throw new Error(`document kind "${kind}" (${owner}) must be lower-case words joined by - or .`);
    const earlier = this.kinds.get(kind);
    if (earlier) throw new Error(`document kind "${kind}" is registered twice: by ${earlier.owner} and by ${owner}`);
    if (states && (states.length === 0 || new Set(states).size !== states.length)) {
      throw new Error(`document kind "${kind}" (${owner}) must name its states once each`);
    }
    this.kinds.set(kind, { kind, owner, states: states && [...states] });
  }

  has(kind: DocumentKind): boolean {
    return this.kinds.has(kind);
  }

  /** The kind's definition; throws for a kind nobody registered. */
  definitionOf(kind: DocumentKind): DocumentKindDefinition {
    const definition = this.kinds.get(kind);
    if (!definition) throw new Error(`document kind "${kind}" is not registered (registered: ${[...this.kinds.keys()].sort().join(', ') || 'none'})`);
    return definition;
  }

  /** Throws unless each state given is one of the kind's (any state, for a kind without a lifecycle). */
  checkStates(kind: DocumentKind, states: ReadonlyArray<string | undefined>): void {
    const allowed = this.definitionOf(kind).states;
    if (!allowed) return;
    for (const state of states) {
      if (state !== undefined && !allowed.includes(state)) {
        throw new Error(`document kind "${kind}" has no state "${state}" (its states: ${allowed.join(', ')})`);
      }
    }
  }

  /** What both adapters check before a put: a known kind, and a state of its lifecycle if it has one. */
  checkPut(doc: BusinessDocument): void {
    if (this.definitionOf(doc.kind).states && doc.state === undefined) {
      throw new Error(`a document of kind "${doc.kind}" needs a state (its states: ${this.definitionOf(doc.kind).states!.join(', ')})`);
    }
    this.checkStates(doc.kind, [doc.state]);
  }

  /**
   * What both adapters check before a transition. Data field names are kept to what both
   * store alike: MongoDB would read a dot as a path and a leading $ as an operator.
   */
  checkTransition(kind: DocumentKind, fromStates: string[], changes: DocumentChanges, condition: TransitionCondition = {}): void {
    this.checkStates(kind, [...fromStates, changes.state]);
    for (const field of [...Object.keys(changes.data ?? {}), ...Object.keys(condition.data ?? {})]) {
      if (field === '' || field.includes('.') || field.startsWith('$')) throw new Error(`a transition cannot change or test the data field "${field}"`);
    }
  }

  all(): DocumentKindDefinition[] {
    return [...this.kinds.values()];
  }
}

/**
 * The process's registry, which both store adapters consult. One per process because
 * kinds are registered when their module loads, and a module loads once.
 */
export const documentKinds = new DocumentKindRegistry();
