import { messages, type Entry } from "./catalogue";
import type { Locale } from "./locale";

/**
 * A message of the catalogue (src/i18n/catalogue.ts) with its parameters: what errors, violations
 * and explanations carry instead of a sentence, so that each answer renders it in the request's
 * language. `msg` checks the key and the parameters at compile time.
 */
export type MessageKey = keyof typeof messages;
export type ParamsOf<K extends MessageKey> = (typeof messages)[K] extends Entry<infer P> ? P : never;

export class Message<K extends MessageKey = MessageKey> {
  constructor(
    readonly key: K,
    readonly params: ParamsOf<K>,
  ) {}

  /** The text in `locale`. */
  in(locale: Locale): string {
    return (messages[this.key] as Entry<ParamsOf<K>>)[locale](this.params);
  }

  /** The English text (logs, audit, `Error.message`). */
  toString(): string {
    return this.in("en");
  }
}

/** `msg("need.withdrawn")`, `msg("text.maxLength", { max: 200, length: 230 })`. */
export function msg<K extends MessageKey>(key: K, ...params: {} extends ParamsOf<K> ? [ParamsOf<K>?] : [ParamsOf<K>]): Message<K> {
  return new Message(key, (params[0] ?? {}) as ParamsOf<K>);
}

/** `value` with every Message in it (at any depth of plain objects and arrays) rendered in `locale`. */
export function renderDeep<T>(value: T, locale: Locale): T {
  if (value instanceof Message) return value.in(locale) as T;
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, locale)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderDeep(v, locale)])) as T;
  }
  return value;
}
