import { expect } from 'vitest';
import { isKpiError } from '../../core/errors.js';
import { ERROR_CODES, type ErrorCode } from '../../core/types.js';

/** An expected error cell: its code and, optionally, text its message must contain or match. */
export interface ExpectedError {
  readonly code: ErrorCode;
  readonly message?: string | RegExp;
}

export type ExpectedCell = number | string | boolean | ExpectedError;
export type Expected = ExpectedCell | readonly (readonly ExpectedCell[])[];

export function err(code: ErrorCode, message?: string | RegExp): ExpectedError {
  return message === undefined ? { code } : { code, message };
}

/** A plain error object as a host hands in an error cell. */
export function errCell(code: ErrorCode, message = `${code} from the sheet`) {
  return { code, message };
}

function expectCell(actual: unknown, expected: ExpectedCell, where: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `${where}: ${JSON.stringify(actual)}`).toBe('number');
    expect(actual as number, where).toBeCloseTo(expected, 9);
    return;
  }
  if (typeof expected === 'string' || typeof expected === 'boolean') {
    expect(actual, where).toBe(expected);
    return;
  }
  expect(isKpiError(actual), `${where}: ${JSON.stringify(actual)} is not an error`).toBe(true);
  const e = actual as { code: string; message: string };
  expect(e.code, `${where}: ${e.message}`).toBe(expected.code);
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  if (typeof expected.message === 'string') expect(e.message, where).toContain(expected.message);
  else if (expected.message) expect(e.message, where).toMatch(expected.message);
}

/** Compares a result with a number (to 1e-9), text, an error, or a 2-D array of those. */
export function expectResult(actual: unknown, expected: Expected): void {
  if (Array.isArray(expected)) {
    const table = expected as readonly (readonly ExpectedCell[])[];
    expect(Array.isArray(actual), `${JSON.stringify(actual)} is not an array`).toBe(true);
    const rows = actual as unknown[];
    expect(rows.length, 'rows').toBe(table.length);
    table.forEach((row, r) => {
      const got = rows[r];
      expect(Array.isArray(got), `row ${r}`).toBe(true);
      expect((got as unknown[]).length, `columns of row ${r}`).toBe(row.length);
      row.forEach((cell, c) => expectCell((got as unknown[])[c], cell, `[${r}][${c}]`));
    });
    return;
  }
  expect(Array.isArray(actual), `${JSON.stringify(actual)} should be a single value`).toBe(false);
  expectCell(actual, expected as ExpectedCell, 'result');
}

/** The error of a single-value result, for checks on its text. */
export function errorOf(actual: unknown): { code: ErrorCode; message: string } {
  expect(isKpiError(actual), `${JSON.stringify(actual)} is not an error`).toBe(true);
  const e = actual as { code: ErrorCode; message: string };
  expect(ERROR_CODES).toContain(e.code);
  return e;
}

/** A column (n x 1) from a list of values. */
export function col(...values: unknown[]): unknown[][] {
  return values.map((v) => [v]);
}
