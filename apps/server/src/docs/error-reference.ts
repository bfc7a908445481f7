import { API_ERROR_CODES } from '@kequn/contracts';
import { catalogueEntries, TRANSPORT_ERROR } from '@kequn/wecom';

const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;

/**
 * docs/errors.md: every `error.code` our API answers, from our own list (packages/contracts) and
 * the WeCom error catalogue (packages/wecom). Generated, never written by hand:
 * `pnpm docs:errors`; a test fails when the file is stale.
 */
export function errorReference(): string {
  const ours = Object.entries(API_ERROR_CODES).map(([code, e]) => row([`\`${code}\``, String(e.status), e.meaning]));
  const wecom = [...catalogueEntries(), [null, TRANSPORT_ERROR] as const].map(([errcode, e]) =>
    row([`\`${e.code}\``, errcode === null ? '–' : String(errcode), String(e.httpStatus), e.cause, e.fix]),
  );
  return [
    '# Error codes',
    '',
    'Generated from `packages/contracts/src/error-codes.ts` and `packages/wecom/src/errors/catalogue.ts`',
    '(`pnpm docs:errors`); do not edit by hand. Every error answer is `{"error": {"code", "message", …}}`;',
    'branch on `code`, never on `message`.',
    '',
    '## kequn',
    '',
    row(['code', 'HTTP', 'meaning']),
    row(['---', '---', '---']),
    ...ours,
    '',
    '## WeCom (passed through with a cause and a fix)',
    '',
    'Unknown errcodes answer `wecom_error` (502) with the errcode in the message.',
    '',
    row(['code', 'errcode', 'HTTP', 'cause', 'fix']),
    row(['---', '---', '---', '---', '---']),
    ...wecom,
    '',
  ].join('\n');
}
