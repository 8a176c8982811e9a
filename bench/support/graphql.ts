/**
 * A minimal GraphQL-over-HTTP client for benchmarks: one POST with the global fetch, timed from
 * the call to the last byte of the body. Any GraphQL error or non-200 answer throws: a benchmark
 * must never measure error responses.
 */
export interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: GraphQLError[],
  ) {
    super(message);
  }
}

export interface Timed<T> {
  /** Wall-clock milliseconds from sending the request to having read the whole body. */
  ms: number;
  data: T;
}

export async function postGraphQL<T>(endpoint: string, token: string, query: string, variables: Record<string, unknown>): Promise<Timed<T>> {
  const body = JSON.stringify({ query, variables });
  const t0 = performance.now();
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  let parsed: { data?: T | null; errors?: GraphQLError[] };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new GraphQLRequestError(`HTTP ${res.status} with a body that is not JSON: ${text.slice(0, 300)}`, res.status, []);
  }
  if (parsed.errors?.length) {
    const first = parsed.errors[0]!;
    throw new GraphQLRequestError(
      `${first.message} (code ${String(first.extensions?.code ?? "none")}${first.path ? `, path ${first.path.join(".")}` : ""})`,
      res.status,
      parsed.errors,
    );
  }
  if (res.status !== 200 || parsed.data == null) {
    throw new GraphQLRequestError(`HTTP ${res.status} without data: ${text.slice(0, 300)}`, res.status, []);
  }
  return { ms, data: parsed.data };
}
