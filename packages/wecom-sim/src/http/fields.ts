import { WecomError } from './wecom-errors';

/**
 * Field readers for WeCom request bodies. A wrong type or length is 40058 (invalid
 * parameter) unless the caller names a more specific code.
 */
type Body = Record<string, unknown>;

/** Length in characters as a person counts them (WeCom limits are in characters). */
export function charLength(value: string): number {
  return [...value].length;
}

export function optString(body: Body, key: string, maxChars?: number): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new WecomError(40058, `${key} must be a string`);
  if (maxChars !== undefined && charLength(value) > maxChars) {
    throw new WecomError(40058, `${key} exceeds ${maxChars} characters`);
  }
  return value;
}

export function requiredString(body: Body, key: string, missingCode = 40058): string {
  const value = optString(body, key);
  if (!value) throw new WecomError(missingCode, `${key} required`);
  return value;
}

export function optInt(body: Body, key: string, min: number, max: number): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new WecomError(40058, `${key} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

export function optBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new WecomError(40058, `${key} must be a boolean`);
  return value;
}

export function stringList(body: Body, key: string, maxItems: number): string[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new WecomError(40058, `${key} must be a list of strings`);
  }
  if (value.length > maxItems) throw new WecomError(40058, `${key} holds at most ${maxItems} items`);
  return value as string[];
}
