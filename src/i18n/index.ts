export { messages } from "./catalogue";
export { Message, msg, renderDeep, type MessageKey, type ParamsOf } from "./message";
export { DEFAULT_LOCALE, LOCALES, negotiateLocale, type Locale } from "./locale";
