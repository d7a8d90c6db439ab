/**
 * An HTTP client of the admin API for tests. Given the API's OpenAPI document, it checks
 * every answer against the schema the document gives for that operation and status, so a
 * test that uses it also shows the document tells the truth about what is answered.
 */
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

export interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked against the document's schemas; tests read their fields freely
  body: any;
  headers: Headers;
}

export interface CallOptions {
  /** JSON to send. */
  json?: unknown;
  /** A body sent as is, with its own Content-Type. */
  raw?: { body: string; contentType: string };
  /** Overrides the client's token; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

type Document = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: { $ref?: string } } } }> }>>;
  components: unknown;
};

export class AdminClient {
  private conformance: ((method: string, path: string, answer: Answer) => void) | undefined;

  constructor(
    readonly gatewayUrl: string,
    readonly token?: string,
  ) {}

  /** From now on every answer must match the document's schema for it. */
  checkAgainst(document: unknown): this {
    this.conformance = conformanceTo(document as Document);
    return this;
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = { ...(token && { Authorization: `Bearer ${token}` }), ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw) {
      headers['Content-Type'] = options.raw.contentType;
      body = options.raw.body;
    }
    const res = await fetch(`${this.gatewayUrl}/admin${path}`, { method, headers, body });
    const text = await res.text();
    const answer: Answer = {
      status: res.status,
      headers: res.headers,
      body: text && /[/+]json\b/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : text, // JSON lines stay text
    };
    this.conformance?.(method, path, answer);
    return answer;
  }

  get(path: string, options?: CallOptions): Promise<Answer> {
    return this.call('GET', path, options);
  }

  post(path: string, json?: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.call('POST', path, { ...options, ...(json !== undefined && { json }) });
  }
}

/**
 * Checks an answer against the document: the operation found by matching the path against
 * the templates, the response by status, the body against its schema (refs resolved in the
 * document's components).
 */
function conformanceTo(document: Document): (method: string, path: string, answer: Answer) => void {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://ucrm.invalid/admin/openapi.json', components: document.components });
  const validators = new Map<string, ValidateFunction>();
  const templates = Object.keys(document.paths).map((t) => ({ t, re: new RegExp(`^${t.replace(/[.]/g, '\\.').replace(/\{\w+\}/g, '[^/]+')}$`) }));
  return (method, path, answer) => {
    const bare = path.split('?')[0];
    const template = templates.find(({ re }) => re.test(bare))?.t;
    const op = template && document.paths[template][method.toLowerCase()];
    if (!op) return; // not a documented operation: the router's 404/405, checked by the tests themselves
    const response = op.responses[String(answer.status)];
    if (!response) throw new Error(`${method} ${path} answered ${answer.status}, which the document does not list for ${template}`);
    const ref = response.content?.['application/json'].schema.$ref;
    if (!ref) return;
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: `https://ucrm.invalid/admin/openapi.json${ref}` });
      validators.set(ref, validate);
    }
    if (!validate(answer.body))
      throw new Error(`${method} ${path} → ${answer.status} does not match ${ref}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(answer.body)}`);
  };
}
