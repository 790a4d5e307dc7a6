/**
 * Account descriptions in fixtures/accounts: `<name>.json` (the account) and, beside it,
 * `<name>.values.yaml` (the Daytona values installed on it).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeAccount, type AccountDescription, type AccountModel } from './model.js';

export const ACCOUNTS_DIR = fileURLToPath(new URL('../../fixtures/accounts/', import.meta.url));

/** A fresh model of fixtures/accounts/<name>.json: edit it freely, nothing is shared. */
export function loadAccount(name: string): AccountModel {
  return normalizeAccount(JSON.parse(readFileSync(`${ACCOUNTS_DIR}${name}.json`, 'utf8')) as AccountDescription);
}

/** The path of fixtures/accounts/<name>.values.yaml. */
export function accountValuesPath(name: string): string {
  return `${ACCOUNTS_DIR}${name}.values.yaml`;
}
