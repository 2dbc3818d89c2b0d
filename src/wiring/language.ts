/** The config's `language`, for the CLI to choose its language before the vault is opened (a light read: no schema, no catalogue). */
export { configuredLanguage } from '../adapters/config-language.js';
