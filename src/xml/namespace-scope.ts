/**
 * The namespace bindings in force at an element. An element that declares namespaces gets a
 * scope of its own that points at its parent's; every other element shares its parent's. So a
 * declaration costs one entry once, whatever the number of descendants, and a look-up walks at
 * most one scope per declaring ancestor (bounded by the depth limit). Copying the parent's
 * bindings into every declaring element instead made a document of a few thousand
 * declarations cost quadratic time and memory.
 *
 * Bindings live in Maps, never in plain objects: a prefix such as "constructor" or "__proto__"
 * is just a prefix.
 */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';

export class NamespaceScope {
  private constructor(
    private readonly parent: NamespaceScope | undefined,
    private readonly own: ReadonlyMap<string, string>,
  ) {}

  /** The scope of a document's root: only the `xml` prefix is bound. */
  static readonly ROOT = new NamespaceScope(undefined, new Map([['xml', XML_NS]]));

  /** A scope with these declarations (prefix → URI; '' is the default namespace, '' URI undeclares it). */
  extend(declarations: ReadonlyMap<string, string>): NamespaceScope {
    return new NamespaceScope(this, declarations);
  }

  /** The URI bound to `prefix` here ('' for the default namespace), or undefined if unbound. */
  lookup(prefix: string): string | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the walk up the chain starts here
    for (let scope: NamespaceScope | undefined = this; scope; scope = scope.parent) {
      const uri = scope.own.get(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }

  /**
   * The same chain of scopes with every prefix and URI passed through `rename`; `done` keeps
   * each scope re-made once, so elements that shared a scope still share one.
   */
  remade(rename: (name: string) => string, done: Map<NamespaceScope, NamespaceScope>): NamespaceScope {
    if (!this.parent) return this;
    let scope = done.get(this);
    if (!scope) {
      const own = new Map<string, string>();
      for (const [prefix, uri] of this.own) own.set(rename(prefix), rename(uri));
      scope = new NamespaceScope(this.parent.remade(rename, done), own);
      done.set(this, scope);
    }
    return scope;
  }
}
