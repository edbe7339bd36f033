import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type ValueNode,
} from 'kysely';

/** What a NUL character (U+0000) becomes in stored text: the replacement character, visibly. */
export const NUL_REPLACEMENT = '\uFFFD';

const NUL = /\u0000/g;

/**
 * The value with every NUL character in its strings replaced by U+FFFD: strings, arrays and plain
 * objects (deeply); anything else (numbers, Buffers …) unchanged.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === 'string')
    return (value.includes('\u0000') ? value.replace(NUL, NUL_REPLACEMENT) : value) as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutNul(k), withoutNul(v)])) as T;
  return value;
}

const bound = (value: unknown) =>
  typeof value === 'string' || Array.isArray(value) ? withoutNul(value) : value;

class NulTransformer extends OperationNodeTransformer {
  protected override transformValue(node: ValueNode): ValueNode {
    const value = bound(node.value);
    return value === node.value ? node : { ...node, value };
  }
  protected override transformPrimitiveValueList(node: PrimitiveValueListNode): PrimitiveValueListNode {
    return { ...node, values: node.values.map(bound) };
  }
}

/**
 * PostgreSQL's text cannot hold NUL (`invalid byte sequence for encoding "UTF8": 0x00`), and phishers,
 * feeds and mail clients send it: a report refused by the database would be a report lost. Every value
 * phishdesk binds into a query (reports, subjects, headers, feed rows, form fields, and the lookups that
 * find them again) has each NUL replaced by U+FFFD on both databases, so what is stored is the same
 * everywhere and shows that something was there. Binary values (Buffers) are left alone.
 *
 * Code that matches rows read back against its own values (the bulk import matches inserted rows by
 * external id) must clean those values first with `withoutNul`, as the import does for every feed row;
 * the SQLite bulk-ingest statements (prepared on the raw handle) see only such cleaned rows.
 */
export class NulReplacementPlugin implements KyselyPlugin {
  readonly #transformer = new NulTransformer();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node, args.queryId);
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
