const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Op {
  summary?: string;
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}

const json = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

/**
 * A readable reference of the OpenAPI document, rendered on the server from the document itself
 * (no CDN, no script: it works offline and under our CSP).
 */
export function referencePage(document: Record<string, unknown>): string {
  const info = document.info as { title: string; description: string };
  const paths = document.paths as Record<string, Record<string, Op>>;
  const sections = Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const params = (op.parameters ?? [])
        .map((p) => `<li><code>${escapeHtml(p.name)}</code> (${p.in}${p.required ? ', required' : ''})</li>`)
        .join('');
      const body = op.requestBody ? `<h4>Body</h4>${json(op.requestBody.content['application/json']?.schema)}` : '';
      const responses = Object.entries(op.responses ?? {})
        .map(
          ([status, r]) =>
            `<h4>${escapeHtml(status)} — ${escapeHtml(r.description)}</h4>${r.content?.['application/json'] ? json(r.content['application/json'].schema) : ''}`,
        )
        .join('');
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      return (
        `<section id="${id}"><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>` +
        `<p>${escapeHtml(op.summary ?? '')}</p>${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}${body}` +
        `<details><summary>Responses</summary>${responses}</details></section>`
      );
    }),
  );
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.title)}</title>` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><style>` +
    `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}` +
    `pre{background:#f4f4f4;padding:.75rem;overflow:auto;font-size:.8rem}section{border-top:1px solid #ddd;padding:.5rem 0}` +
    `</style></head><body><h1>${escapeHtml(info.title)}</h1><p>${escapeHtml(info.description)}</p>` +
    `<p>Machine-readable: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>${sections.join('')}</body></html>`
  );
}
