import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLObjectType,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLField,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
  type ValueNode,
  visit,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Logger } from 'pino';
import type { EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { ViewerCache } from '../auth/viewer-cache.js';
import type { Viewer, ViewerAccount } from '../auth/viewer.js';
import { authenticate, type AppServices, type VerifiedSignIn } from './context.js';
import { AppError, asAppError, asServiceUnavailable, ErrorCode, maskError, serviceUnavailableRetrySeconds } from './errors.js';
import { isDomainError, unauthenticated } from '../errors/domain-error.js';
import { documentSizeError, isTokenLimitError, limitValidationRules, parseOptions } from './limits.js';
import { assertPageSize, defaultPageSize, type ConnectionArgs } from '../graphql/pagination.js';
import { formatPersistedQueryError } from './trusted-documents.js';

/** Who an operation runs as, and until when that sign-in holds. */
export interface Admission {
  viewer: Viewer | null;
  /** When the token expires; a socket signed in with it stops serving then. */
  expiresAt?: Date;
}

/** What {@link RequestGate.checkOperation} decided, kept to be given again for the same operation. */
type Verdict = 'allowed' | { code: ErrorCode; message: string; field?: string; details: Record<string, unknown> };
const maxVerdictsPerDocument = 100;
const maxPreparedDocuments = 1_000;

/** A document that passed the gate: parsed, valid, within every limit. */
export type Prepared = { document: DocumentNode } | { errors: GraphQLError[] };

/**
 * The one gate every GraphQL operation passes, over HTTP (Apollo Server, whose pipeline calls
 * these steps from its hooks) and over graphql-ws (`onSubscribe` calls {@link prepare}): who is
 * asking and their rate, the document's size and trust, the same validation rules, page sizes and
 * cost, and one way to show an error. A check added here holds on both transports; nothing about
 * requests is decided in `app.ts` or `websocket.ts` themselves.
 */
export class RequestGate {
  /** Validation beyond graphql-js's own rules: the limits and, with the schema hidden, no introspection. */
  readonly extraRules: readonly ValidationRule[];
  private readonly rules: readonly ValidationRule[];
  /** Page-size and cost verdicts by document, then by operation and the variables they depend on. */
  private readonly verdicts = new WeakMap<DocumentNode, { costVariables: readonly string[]; verdicts: Map<string, Verdict> }>();
  /** Parsed and validated documents by their text, least recently used dropped first. */
  private readonly prepared = new Map<string, Prepared>();
  /** Accounts signed in recently (AUTH_VIEWER_CACHE_MS), forgotten on every write to them. */
  readonly viewers: ViewerCache;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly services: AppServices,
  ) {
    const { config } = services;
    this.extraRules = [...limitValidationRules(config.limits), ...(config.exposeSchema ? [] : [NoSchemaIntrospectionCustomRule])];
    this.rules = [...specifiedRules, ...this.extraRules];
    this.viewers = new ViewerCache(config.auth.viewerCacheMs);
    forgetViewersOnWrites(services, this.viewers);
  }

  /**
   * Signs the caller in from a bearer token (or a socket's sign-in verified from one) and counts the operation against their rate limit.
   * The same answers on both transports: UNAUTHENTICATED for an expired or bad token and for an
   * account that no longer exists, RATE_LIMITED, or SERVICE_UNAVAILABLE when the database is away.
   */
  async admit(credential: string | VerifiedSignIn | undefined): Promise<Admission> {
    const admission = await this.signIn(credential, false);
    if (admission.viewer) {
      try {
        // Usually answered at once, without a Redis round trip (rate-limits.ts).
        await this.services.rateLimits.consumeUser(admission.viewer.id);
      } catch (error) {
        throw error instanceof AppError ? withHttpStatus(error) : error;
      }
    }
    return admission;
  }

  /**
   * {@link admit} without counting an operation: a socket's `connection_init`. A socket serves for
   * hours on what this finds, so by default it reads the account afresh (and refreshes the cache).
   */
  async signIn(credential: string | VerifiedSignIn | undefined, fresh = true): Promise<Admission> {
    let authentication;
    try {
      authentication = await authenticate(this.services, credential, this.viewers, fresh);
    } catch (error) {
      const unavailable = asServiceUnavailable(error);
      if (unavailable) throw withHttpStatus(unavailable);
      throw error;
    }
    if ('error' in authentication) {
      throw withHttpStatus(
        asAppError(
          unauthenticated(
            authentication.error === 'expired'
              ? 'Your sign-in has expired. Sign in again with `signIn`.'
              : 'The bearer token is not valid. Sign in again with `signIn`.',
          ),
        ),
      );
    }
    return authentication;
  }

  /** Refusals decided on the raw text, before it is parsed: its size, and whether it is trusted. */
  checkSource(query: unknown): AppError | undefined {
    const refusal = documentSizeError(query, this.services.config.limits) ?? this.services.trustedDocuments.refuseText(query);
    return refusal && withHttpStatus(refusal);
  }

  /**
   * The text a graphql-ws subscribe message runs: within the size limit, and under
   * TRUSTED_DOCUMENTS the server's own copy of a known hash (on HTTP, Apollo's APQ does this).
   */
  socketSource(query: string, extensions: Record<string, unknown> | null | undefined): { query: string } | { error: AppError } {
    const tooLarge = documentSizeError(query, this.services.config.limits);
    if (tooLarge) return { error: withHttpStatus(tooLarge) };
    return this.services.trustedDocuments.resolveWebSocket(query, extensions);
  }

  /** Parses with the token limit and validates with {@link extraRules}, as Apollo does on HTTP. */
  prepare(source: string): Prepared {
    // Like Apollo's document store: the same text is parsed and validated once (the socket's
    // subscriptions and queries repeat the same few documents).
    const known = this.prepared.get(source);
    if (known) {
      // Least recently used goes first: a Map iterates in insertion order.
      this.prepared.delete(source);
      this.prepared.set(source, known);
      return known;
    }
    const prepared = this.parseAndValidate(source);
    if (this.prepared.size >= maxPreparedDocuments) this.prepared.delete(this.prepared.keys().next().value!);
    this.prepared.set(source, prepared);
    return prepared;
  }

  private parseAndValidate(source: string): Prepared {
    let document: DocumentNode;
    try {
      document = parse(source, parseOptions(this.services.config.limits));
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return {
        errors: [
          new GraphQLError(error.message, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          }),
        ],
      };
    }
    const errors = validate(this.schema, document, this.rules);
    if (errors.length > 0) {
      return {
        errors: errors.map(
          (error) =>
            new GraphQLError(error.message, {
              nodes: error.nodes,
              originalError: error.originalError,
              extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
            }),
        ),
      };
    }
    return { document };
  }

  /**
   * Once the operation and its variables are known: every connection's page size (1–100) and the
   * cost. Fails closed: a document whose cost cannot be measured is refused, never run as free.
   */
  checkOperation(document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined): void {
    const verdict = this.verdictFor(document, variables, operationName);
    if (verdict !== 'allowed') {
      throw withHttpStatus(
        new AppError(verdict.code, verdict.message, { details: { ...verdict.details }, ...(verdict.field ? { field: verdict.field } : {}) }),
      );
    }
  }

  /**
   * The verdict depends on nothing but the document, the operation and the variables, and Apollo
   * and the socket hand the same parsed document back for the same text: each is measured once.
   */
  private verdictFor(document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined): Verdict {
    let memo = this.verdicts.get(document);
    if (!memo) this.verdicts.set(document, (memo = { costVariables: variablesAffectingCost(document), verdicts: new Map() }));
    const key = verdictKey(memo.costVariables, variables, operationName);
    // Variables too deep to serialize (hostile nesting) are measured and never kept.
    if (key === undefined) return this.measure(document, variables, operationName).verdict;
    const { verdicts } = memo;
    const known = verdicts.get(key);
    if (known) {
      verdicts.delete(key);
      verdicts.set(key, known);
      return known;
    }
    const { verdict, measured } = this.measure(document, variables, operationName);
    // Only a verdict that was measured is kept: one given without measuring (the variables do not
    // fit their types, so execution refuses them) must not stand for other variables.
    if (measured) {
      // Bounded: a client that varies its page sizes endlessly cannot grow this without limit.
      if (verdicts.size >= maxVerdictsPerDocument) verdicts.delete(verdicts.keys().next().value!);
      verdicts.set(key, verdict);
    }
    return verdict;
  }

  /** The page-size and cost verdict on one operation with its variables. */
  private measure(
    document: DocumentNode,
    variables: Record<string, unknown> | null | undefined,
    operationName: string | null | undefined,
  ): { verdict: Verdict; measured: boolean } {
    try {
      return { verdict: 'allowed', measured: this.measureOrThrow(document, variables, operationName) };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const { code: _code, field, http: _http, ...details } = error.extensions as Record<string, unknown>;
      return { verdict: { code: error.code, message: error.message, ...(typeof field === 'string' ? { field } : {}), details }, measured: true };
    }
  }

  /** Throws the refusal; true when the operation was measured and is within every limit. */
  private measureOrThrow(document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined): boolean {
    const { limits } = this.services.config;
    const operation = getOperationAST(document, operationName ?? undefined);
    // No such operation, or variables that do not fit their types: execution refuses either
    // before it runs anything (with a message naming the problem), so nothing runs unmeasured.
    if (!operation) return false;
    if (getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 }).errors) return false;
    let cost: number;
    try {
      cost = getComplexity({
        schema: this.schema,
        query: document,
        variables: variables ?? {},
        ...(operationName ? { operationName } : {}),
        estimators: [connectionEstimator, simpleEstimator({ defaultComplexity: 1 })],
      });
    } catch (error) {
      if (error instanceof AppError) throw withHttpStatus(error);
      // A page size out of range, refused by the connection estimator.
      if (isDomainError(error)) throw withHttpStatus(asAppError(error));
      throw withHttpStatus(
        new AppError(
          ErrorCode.CostLimitExceeded,
          `The cost of this query cannot be measured (${error instanceof Error ? error.message : 'unknown reason'}), so it is refused. Send a smaller document with fewer repeated fragments.`,
          { details: { limit: limits.maxCost } },
        ),
      );
    }
    if (cost > limits.maxCost) {
      throw withHttpStatus(
        new AppError(
          ErrorCode.CostLimitExceeded,
          `This query would cost ${cost}, above the limit of ${limits.maxCost}. Ask for smaller pages (first/last) or fewer nested lists.`,
          { details: { cost, limit: limits.maxCost } },
        ),
      );
    }
    return true;
  }

  /**
   * What a client sees of an error, on either transport: expected errors keep their code and
   * message, the unexpected are masked with the request id and logged with it.
   */
  formatError(formatted: GraphQLFormattedError, error: unknown, requestId: string, log: Logger): GraphQLFormattedError {
    const { config } = this.services;
    if (formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' && isTokenLimitError(formatted.message)) {
      return {
        message: `The query document has more than ${config.limits.maxTokens} tokens. Send a smaller document.`,
        extensions: { code: ErrorCode.DocumentTooLarge },
      };
    }
    const persistedQueryError = formatPersistedQueryError(formatted);
    if (persistedQueryError) return persistedQueryError;
    const report = maskError(formatted, error, requestId);
    if (report.unexpected !== undefined) log.error({ err: report.unexpected, requestId, path: formatted.path }, 'unexpected error');
    if (report.unavailable !== undefined) log.warn({ err: report.unavailable, requestId, path: formatted.path }, 'database unavailable');
    if (report.overloaded !== undefined) log.warn({ requestId, path: formatted.path }, 'connection pool busy: request refused with OVERLOADED');
    // With the schema hidden, "Did you mean …?" would leak field names.
    if (!config.exposeSchema && / Did you mean .*$/.test(report.formatted.message)) {
      return { ...report.formatted, message: report.formatted.message.replace(/ Did you mean .*$/, '') };
    }
    return report.formatted;
  }
}

/**
 * The key of a verdict: the operation and the values of the variables it depends on; undefined
 * when they cannot be serialized. A tool that asks for one contract after another by `$id` is
 * measured once, not once per id.
 */
function verdictKey(
  costVariables: readonly string[],
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
): string | undefined {
  try {
    return `${operationName ?? ''}\u0000${JSON.stringify(costVariables.map((name) => variables?.[name] ?? null))}`;
  } catch {
    return undefined;
  }
}

/**
 * The variables a document's page-size and cost verdict can depend on: those given to `first` or
 * `last` (the page sizes the connection estimator multiplies by and checks) and to any directive
 * (`@include(if:)` and `@skip(if:)` decide which fields count). Every other argument leaves the
 * cost as it is under the estimators used here.
 */
function variablesAffectingCost(document: DocumentNode): readonly string[] {
  const names = new Set<string>();
  const collect = (value: ValueNode) => {
    visit(value, { Variable: (variable) => void names.add(variable.name.value) });
  };
  visit(document, {
    Field: (field) => {
      for (const argument of field.arguments ?? []) if (argument.name.value === 'first' || argument.name.value === 'last') collect(argument.value);
    },
    Directive: (directive) => {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names].sort();
}

/** The HTTP status of each refusal the gate makes (graphql-ws ignores it; the client never sees it). */
const httpStatusByCode: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.Overloaded]: 503,
  [ErrorCode.DocumentTooLarge]: 413,
};

/** Sets the status (and Retry-After) that Apollo answers an error raised outside execution with. */
export function withHttpStatus(error: AppError): AppError {
  const status = httpStatusByCode[error.code] ?? 400;
  const retryAfter = error.code === ErrorCode.ServiceUnavailable ? serviceUnavailableRetrySeconds : error.extensions.retryAfterSeconds;
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- retryAfterSeconds is a number of seconds (extensions are typed as unknown)
  error.extensions.http = { status, headers: new Map(retryAfter === undefined ? [] : [['retry-after', String(retryAfter)]]) };
  return error;
}

/**
 * Relay connections, recognized by shape rather than by a mark on each field, so that a new
 * connection cannot forget its page-size rule or its cost: the page size is checked (1–100) and
 * what is inside counts once per requested item, so `contracts(first: 50) { milestones(first: 20) }`
 * costs 50 × 20 × … and deep fan-outs are refused before they run.
 */
const connectionEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (!isConnectionField(field)) return undefined;
  const page = args as ConnectionArgs;
  assertPageSize(page);
  const size = page.first ?? page.last ?? defaultPageSize;
  return 1 + Math.max(1, size) * Math.max(1, childComplexity);
};

/** A field returning `…Connection { edges pageInfo }` and taking `first`/`last`. */
export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  if (!(type instanceof GraphQLObjectType) || !type.name.endsWith('Connection')) return false;
  const fields = type.getFields();
  return 'pageInfo' in fields && 'edges' in fields;
}

/**
 * Every write to the accounts table through this instance's TypeORM (a row updated or removed, by
 * entity or by query builder) empties the viewer cache when it runs and again when its transaction
 * commits, so no request that starts after the write's answer signs in with the row as it was.
 * SQL sent as text (`manager.query`) is not seen here: the cache's time limit bounds that.
 */
function forgetViewersOnWrites(services: AppServices, viewers: ViewerCache): void {
  if (!viewers.enabled) return;
  const writers = new WeakSet<QueryRunner>();
  const written = (event: { queryRunner: QueryRunner }) => {
    writers.add(event.queryRunner);
    viewers.forgetAll();
  };
  const subscriber: EntitySubscriberInterface<ViewerAccount> = {
    listenTo: () => services.viewerEntity,
    afterUpdate: written,
    afterRemove: written,
    afterSoftRemove: written,
    // Called for every commit, whatever it wrote: only those that wrote an account matter.
    afterTransactionCommit: ({ queryRunner }) => {
      if (!writers.has(queryRunner)) return;
      writers.delete(queryRunner);
      viewers.forgetAll();
    },
  };
  services.dataSource.subscribers.push(subscriber);
}
